package io.pushwire.benchmarks.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The child JVM behind {@link ChildFleet}: {@code FleetProcess host port path topics}. It reads one
 * command a line on standard input ({@code connect N}, {@code cycle N}, {@code stats}, {@code quit})
 * and answers {@code stats} with one line, {@code stats open frames cycles failures lastFailure}.
 * It exits when its input ends, so it never outlives the run that started it.
 */
public final class FleetProcess {

  /** Goes to standard error (slf4j-simple), so standard output carries only the answers. */
  private static final Logger log = LoggerFactory.getLogger(FleetProcess.class);

  private FleetProcess() {
  }

  public static void main(String[] args) throws IOException {
    InetSocketAddress server = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    String line = null;
    try (SoakFleet fleet = new SoakFleet(server, args[2], Integer.parseInt(args[3]));
         BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      while ((line = in.readLine()) != null && !line.equals("quit")) {
        try {
          run(fleet, line, out);
        } catch (RuntimeException e) {
          // One failed command is reported, not the end of the fleet; a stats request gets its answer.
          log.warn("'{}' failed", line, e);
          if (line.startsWith("stats")) {
            out.println("error " + e.toString().replace('\n', ' '));
          }
        }
      }
    }
    log.info("{}, exiting", line == null ? "its input ended" : "told to quit");
  }

  private static void run(SoakFleet fleet, String line, PrintStream out) {
    String[] words = line.split(" ");
    switch (words[0]) {
      case "connect" -> fleet.connect(Integer.parseInt(words[1]));
      case "cycle" -> fleet.cycle(Integer.parseInt(words[1]));
      case "stats" -> out.println("stats " + fleet.open() + " " + fleet.frames() + " " + fleet.cycles() + " "
          + fleet.failures() + " " + fleet.lastFailure().replace('\n', ' '));
      default -> out.println("error unknown command: " + line);
    }
  }
}
