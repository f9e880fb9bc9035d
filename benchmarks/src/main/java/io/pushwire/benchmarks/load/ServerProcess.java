package io.pushwire.benchmarks.load;

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server side of the harness, run in a JVM of its own so that its heap, RSS, CPU time and
 * file descriptors are the server's alone and not mixed with the clients'. {@link ServerHandle}
 * starts it and talks to it over stdin and stdout, one command per line:
 *
 * <table>
 *   <caption>Commands</caption>
 *   <tr><th>command</th><th>answer</th><th>does</th></tr>
 *   <tr><td>{@code burst FIRST COUNT}</td><td>none</td><td>publishes ticks FIRST..FIRST+COUNT-1 now</td></tr>
 *   <tr><td>{@code paced FIRST COUNT PER_SECOND}</td><td>{@code @ok MAX_LATE_NANOS}</td><td>publishes at a
 *       fixed rate; each tick carries the time it was due, not when it went out</td></tr>
 *   <tr><td>{@code sync}</td><td>{@code @ok}</td><td>answers once every earlier command is done</td></tr>
 *   <tr><td>{@code clock}</td><td>{@code @ok NANOS}</td><td>this JVM's {@link System#nanoTime()}</td></tr>
 *   <tr><td>{@code count}</td><td>{@code @ok N}</td><td>connections held</td></tr>
 *   <tr><td>{@code failed}</td><td>{@code @ok N}</td><td>failed sends so far</td></tr>
 *   <tr><td>{@code cpu}</td><td>{@code @ok NANOS BYTES}</td><td>CPU time of this process, and the bytes its
 *       live threads have allocated</td></tr>
 *   <tr><td>{@code mem}</td><td>{@code @ok HEAP RSS}</td><td>heap used after full GCs, and VmRSS, in bytes</td></tr>
 *   <tr><td>{@code stop} / {@code start}</td><td>{@code @ok}</td><td>a server restart on the same port</td></tr>
 *   <tr><td>{@code quit}</td><td>none</td><td>exits</td></tr>
 * </table>
 *
 * <p>Answers go to the real stdout; {@code System.out} is pointed at stderr so that nothing else
 * can interleave with them. The process exits when stdin closes (the harness went away) and, in
 * any case, after {@code --max-seconds}.
 */
public final class ServerProcess {

  /** Held so the level set on it is not lost when the logger is collected. */
  private static final Logger GLASSFISH_LOG = Logger.getLogger("org.glassfish");

  private ServerProcess() {
  }

  /** {@code --target NAME --payload-bytes N --max-seconds N}, NAME a JVM target of {@link Targets}. */
  public static void main(String[] args) throws IOException {
    serve(args, Targets::create);
  }

  /**
   * Serves the commands for the target that {@code factory} makes from its name and padding: the
   * entry point of server processes whose target lives outside this module's class path (the
   * Spring Boot peer).
   */
  static void serve(String[] args, BiFunction<String, String, Target> factory) throws IOException {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    GLASSFISH_LOG.setLevel(Level.SEVERE);
    PrintStream answers = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);

    String targetName = "pushwire";
    int payloadBytes = 1024;
    long maxSeconds = 1800;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--target" -> targetName = args[i + 1];
        case "--payload-bytes" -> payloadBytes = Integer.parseInt(args[i + 1]);
        case "--max-seconds" -> maxSeconds = Long.parseLong(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    startWatchdog(maxSeconds);
    String pad = Ticks.pad(payloadBytes);
    Target target = factory.apply(targetName, pad);
    target.start(0);
    int frameBytes = Ticks.frame(1_000_000, System.nanoTime(), System.currentTimeMillis(), pad).length();
    answers.println("@ready " + target.port() + " " + frameBytes + " " + target.dialect() + " "
        + target.requestTargetPrefix());

    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] words = line.trim().split(" ");
      try {
        switch (words[0]) {
          case "burst" -> burst(target, Long.parseLong(words[1]), Integer.parseInt(words[2]));
          case "paced" -> answers.println("@ok "
              + paced(target, Long.parseLong(words[1]), Integer.parseInt(words[2]), Double.parseDouble(words[3])));
          case "sync" -> answers.println("@ok");
          case "clock" -> answers.println("@ok " + System.nanoTime());
          case "count" -> answers.println("@ok " + target.connections());
          case "failed" -> answers.println("@ok " + target.failedSends());
          case "cpu" -> answers.println("@ok " + processCpuNanos() + " " + allocatedBytes());
          case "mem" -> answers.println("@ok " + heapAfterGc() + " " + rssBytes());
          case "stop" -> {
            target.stop();
            answers.println("@ok");
          }
          case "start" -> {
            target.start(target.port());
            answers.println("@ok");
          }
          case "quit" -> {
            target.stop();
            System.exit(0);
          }
          default -> answers.println("@err unknown command " + words[0]);
        }
      } catch (RuntimeException | IOException e) {
        answers.println("@err " + e); // the parent raises it with this text
      }
    }
    System.exit(0); // stdin closed: the harness is gone
  }

  private static void burst(Target target, long first, int count) {
    for (int i = 0; i < count; i++) {
      target.publish(first + i, System.nanoTime());
    }
  }

  /**
   * Publishes at a fixed rate. Each tick carries the time it was due, so a publisher held up by
   * the server (publishing runs the delivery on this thread) shows up as latency instead of
   * silently thinning the load: the correction for coordinated omission.
   *
   * @return the most any tick went out after it was due, in nanoseconds
   */
  private static long paced(Target target, long first, int count, double perSecond) {
    long interval = (long) (TimeUnit.SECONDS.toNanos(1) / perSecond);
    long start = System.nanoTime();
    long maxLate = 0;
    for (int i = 0; i < count; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 200_000) {
        LockSupport.parkNanos(wait - 100_000); // park most of the way, spin the rest: parking overshoots
      }
      while (System.nanoTime() < due) {
        Thread.onSpinWait();
      }
      target.publish(first + i, due);
      maxLate = Math.max(maxLate, System.nanoTime() - due);
    }
    return maxLate;
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** VmRSS from /proc/self/status, in bytes; -1 where there is no /proc (not Linux). */
  private static long rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** Heap bytes allocated by the threads alive now: unlike CPU time, not disturbed by a busy machine. */
  private static long allocatedBytes() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads) {
      long sum = 0;
      for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
        sum += Math.max(0, bytes);
      }
      return sum;
    }
    return -1;
  }

  private static void startWatchdog(long maxSeconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
    Thread watchdog = new Thread(() -> {
      for (long left; (left = deadline - System.nanoTime()) > 0; ) {
        LockSupport.parkNanos(left);
      }
      System.err.println("server process: " + maxSeconds + " s are up, exiting");
      Runtime.getRuntime().halt(2);
    }, "server-process-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }
}
