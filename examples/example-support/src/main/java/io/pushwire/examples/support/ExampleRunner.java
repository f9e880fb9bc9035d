package io.pushwire.examples.support;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What every example's {@code main} does around its own start method: read the command line,
 * start, print one {@code READY <urls> token=<token>} line once listening, and stop cleanly on
 * Ctrl-C.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *   ExampleRunner.run("quickstart", 8025, args, Quickstart::start);
 * }
 * }</pre>
 */
public final class ExampleRunner {

  /** Exit code when the example cannot start, usually because the port is taken. */
  public static final int EXIT_CANNOT_START = 1;

  /**
   * Tyrus and Grizzly (the other engine, and Tyrus's client) log their start-up at INFO through
   * java.util.logging; an example's terminal should show the READY line, not that. Held here
   * because java.util.logging keeps loggers only weakly, and a collected logger forgets its level.
   */
  private static final Logger CONTAINER_LOGS = Logger.getLogger("org.glassfish");

  private ExampleRunner() {
  }

  /** Starts an example from its options. */
  @FunctionalInterface
  public interface Starter {
    RunningExample start(ExampleOptions options) throws IOException;
  }

  /**
   * Parses {@code args} (usage and exit 2 when they are bad), starts the example, prints the
   * READY line and blocks until the JVM is asked to stop, then closes the example.
   */
  public static void run(String program, int defaultPort, String[] args, Starter starter) {
    ExampleOptions options = ExampleOptions.parseOrExit(program, args, defaultPort);
    CONTAINER_LOGS.setLevel(Level.WARNING);
    RunningExample running;
    try {
      running = starter.start(options);
    } catch (IOException e) {
      System.err.println(program + ": cannot listen on " + options.host() + ":" + options.port()
          + " (" + e.getMessage() + "); is the port taken? Try --port 0 for a free one.");
      System.exit(EXIT_CANNOT_START);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      running.close();
      stopped.countDown();
    }, program + "-shutdown"));
    System.out.println(readyLine(running.urls(), options.token()));
    System.out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code READY <url> <url> ... token=<token>}: what scripts and tests wait for. */
  public static String readyLine(List<String> urls, String token) {
    return "READY " + String.join(" ", urls) + " token=" + token;
  }
}
