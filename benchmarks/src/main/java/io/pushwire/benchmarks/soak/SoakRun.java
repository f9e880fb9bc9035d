package io.pushwire.benchmarks.soak;

import java.time.Duration;

/**
 * The soak test, long form: {@code java -cp benchmarks.jar io.pushwire.benchmarks.soak.SoakRun
 * [connections] [duration] [publishesPerSecond] [cyclesPerSecond] [child] [warmUp]}, by default 10,000
 * connections for {@code PT1H} at 64 publications and 20 connection cycles a second, sampled first
 * after a warm-up of {@code PT30S} (a longer one lets the containers' buffer pools reach their size
 * before the first sample, so that what grows after it is what leaks). It prints heap after GC,
 * open file descriptors and threads at the start and the end; the goal is flat within 5%, and it
 * exits 1 when the heap grew more than that. Server and clients share this JVM, so 10,000
 * connections need 20,000 descriptors and more: raise the limit first ({@code ulimit -n 65536}
 * as root), or give {@code child} as the fifth argument to run the clients in a child JVM, so each
 * process needs about 10,000 (and the heap figures are the server's alone). With
 * {@code -Dsoak.heapDumps=<dir>} each sample also writes the live heap there ({@code start.hprof},
 * {@code end.hprof}).
 * See {@code docs/security.md}, "Soak".
 */
public final class SoakRun {

  private SoakRun() {
  }

  public static void main(String[] args) throws Exception {
    int connections = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Duration duration = args.length > 1 ? Duration.parse(args[1]) : Duration.ofHours(1);
    int publishes = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    int cycles = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    boolean child = args.length > 4 && args[4].equals("child");
    Duration warmUp = args.length > 5 ? Duration.parse(args[5]) : Duration.ofSeconds(30);
    Soak.Options options = new Soak.Options(connections, duration, 16, publishes, cycles, warmUp, child);
    System.out.println("soak: " + options);
    Soak.Result result = Soak.run(options);
    System.out.println("soak: " + result);
    System.exit(Math.abs(result.heapGrowth()) <= 0.05 && result.failures() == 0 ? 0 : 1);
  }
}
