package io.pushwire.benchmarks.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The harness's flags. Every size and time is bounded here, so a run always ends by itself.
 *
 * @param subscribers fan-out sizes: subscribers of the one topic, one measurement each
 * @param latencySubscribers subscribers during the latency measurement
 * @param rate publications per second during the latency measurement, the same for both targets;
 *     0 (the default) picks a quarter of the slower target's fan-out throughput measured just
 *     before, so both run well below saturation whatever the machine
 * @param connections idle-connection counts for the memory measurement
 * @param stormClients clients in the reconnect storm
 * @param warmupSeconds warm-up before each throughput and latency measurement (not counted)
 * @param durationSeconds measured time per target for each throughput and latency figure, split
 *     into {@code rounds} slices that alternate between the targets
 * @param rounds slices per figure (storms per target in the reconnect storm); figures are medians
 * @param window publications in flight during fan-out, or 0 for the default: about 10,000
 *     deliveries' worth, between 2 and 256 publications. Two publications are enough to keep
 *     the publishing thread busy; more only lengthens the drain between slices.
 * @param payloadBytes size of each pushed frame
 * @param clientThreads client I/O threads
 * @param sourceAddresses loopback addresses the clients bind to (127.0.0.1 up)
 * @param serverJvmArgs JVM options of both server processes
 * @param jfr record a JFR profile of each server process next to the report
 * @param report where the Markdown copy of the table is written
 * @param maxSeconds the whole run is stopped after this long, whatever it is doing
 * @param scenarios which measurements run (all by default; fewer when profiling one)
 */
record HarnessOptions(
    List<Integer> subscribers,
    int latencySubscribers,
    double rate,
    List<Integer> connections,
    int stormClients,
    double warmupSeconds,
    double durationSeconds,
    int rounds,
    int window,
    int payloadBytes,
    int clientThreads,
    int sourceAddresses,
    List<String> serverJvmArgs,
    boolean jfr,
    Path report,
    long maxSeconds,
    Set<String> scenarios) {

  /** The measurements, in the order they run. */
  static final List<String> ALL_SCENARIOS = List.of("fan-out", "latency", "memory", "storm");

  static final String USAGE = """
      Pushwire load harness: fan-out, latency, memory per connection and a reconnect storm,
      each measured on Pushwire and on a plain Tyrus endpoint in the same run.

        --subscribers 100,1000,5000   fan-out sizes (one topic, N subscribers)
        --latency-subscribers 1000    subscribers while latency is measured
        --rate 0                      publications/s while latency is measured (0: a quarter of the
                                      slower target's fan-out throughput, measured just before)
        --connections 1000,10000      idle connections for heap/RSS
        --storm-clients 1000          clients that reconnect after a server restart
        --warmup-seconds 2            warm-up before each throughput/latency measurement
        --duration-seconds 5          measured time per target for each throughput/latency figure
        --rounds 5                    ...split into this many slices, alternating between the targets
                                      (also storms per target); each figure is the median
        --window 0                    publications in flight during fan-out (0: automatic)
        --payload-bytes 1024          size of each pushed frame
        --client-threads 1            client I/O threads
        --source-addresses 4          client source addresses 127.0.0.1..N
        --server-jvm-args "..."       JVM options of the server processes, space-separated
                                      (default "-Xms256m -Xmx1g -XX:+UseG1GC")
        --jfr                         record a JFR profile of each server process
        --report PATH                 Markdown copy of the table (default benchmarks/target/load-report.md)
        --max-seconds 900             hard stop for the whole run
        --scenarios fan-out,latency,memory,storm   run only some measurements (e.g. to profile one)
        --quick                       small sizes: a check that everything works, in under a minute
      """;

  /** The defaults: the suite in docs/benchmarks.md, a few minutes on two cores. */
  static HarnessOptions defaults() {
    return new HarnessOptions(List.of(100, 1_000, 5_000), 1_000, 0, List.of(1_000, 10_000), 1_000, 2, 5, 5, 0, 1024,
        1, 4, List.of("-Xms256m", "-Xmx1g", "-XX:+UseG1GC"), false, defaultReport(), 900,
        Set.copyOf(ALL_SCENARIOS));
  }

  private static Path defaultReport() {
    Path module = Path.of("benchmarks", "target");
    return (Files.isDirectory(module) ? module : Path.of("target")).resolve("load-report.md");
  }

  /** Parses flags over the defaults; {@code --quick} first sets the small sizes, later flags override them. */
  static HarnessOptions parse(String... args) {
    Builder b = new Builder(defaults());
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--quick")) {
        b.subscribers = List.of(100, 1_000);
        b.latencySubscribers = 100;
        b.connections = List.of(500);
        b.stormClients = 200;
        b.warmupSeconds = 1;
        b.durationSeconds = 2;
        continue;
      }
      if (flag.equals("--jfr")) {
        b.jfr = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value for " + flag + "\n" + USAGE);
      }
      String value = args[++i];
      switch (flag) {
        case "--subscribers" -> b.subscribers = ints(value);
        case "--latency-subscribers" -> b.latencySubscribers = positive(flag, Integer.parseInt(value));
        case "--rate" -> b.rate = Double.parseDouble(value);
        case "--connections" -> b.connections = ints(value);
        case "--storm-clients" -> b.stormClients = positive(flag, Integer.parseInt(value));
        case "--warmup-seconds" -> b.warmupSeconds = Double.parseDouble(value);
        case "--duration-seconds" -> b.durationSeconds = positive(flag, Double.parseDouble(value));
        case "--rounds" -> b.rounds = positive(flag, Integer.parseInt(value));
        case "--window" -> b.window = Integer.parseInt(value);
        case "--payload-bytes" -> b.payloadBytes = positive(flag, Integer.parseInt(value));
        case "--client-threads" -> b.clientThreads = positive(flag, Integer.parseInt(value));
        case "--source-addresses" -> b.sourceAddresses = Math.min(254, positive(flag, Integer.parseInt(value)));
        case "--server-jvm-args" -> b.serverJvmArgs = value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
        case "--report" -> b.report = Path.of(value);
        case "--max-seconds" -> b.maxSeconds = positive(flag, Long.parseLong(value));
        case "--scenarios" -> b.scenarios = scenarios(value);
        default -> throw new IllegalArgumentException("unknown flag " + flag + "\n" + USAGE);
      }
    }
    return b.build();
  }

  private static Set<String> scenarios(String csv) {
    Set<String> chosen = new LinkedHashSet<>();
    for (String part : csv.split(",")) {
      if (!ALL_SCENARIOS.contains(part.trim())) {
        throw new IllegalArgumentException("unknown scenario " + part + "; known: " + ALL_SCENARIOS);
      }
      chosen.add(part.trim());
    }
    return Set.copyOf(chosen);
  }

  /** Whether the measurement {@code scenario} runs. */
  boolean runs(String scenario) {
    return scenarios.contains(scenario);
  }

  private static List<Integer> ints(String csv) {
    List<Integer> values = new ArrayList<>();
    for (String part : csv.split(",")) {
      values.add(positive("a size", Integer.parseInt(part.trim().replace("_", ""))));
    }
    return List.copyOf(values);
  }

  private static <N extends Number> N positive(String what, N value) {
    if (value.doubleValue() <= 0) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
    return value;
  }

  /** Publications in flight during fan-out to {@code subscribers}. */
  int windowFor(int subscribers) {
    return window > 0 ? window : Math.max(2, Math.min(256, 10_000 / subscribers));
  }

  /**
   * The most connections open at once in the harness's own process: fan-out, latency and the
   * storm keep both targets' fleets connected, memory one at a time. Each server process holds
   * half as many, at most.
   */
  int peakConnections() {
    int peak = 2 * Math.max(latencySubscribers, stormClients);
    for (int n : subscribers) {
      peak = Math.max(peak, 2 * n);
    }
    for (int n : connections) {
      peak = Math.max(peak, n);
    }
    return peak;
  }

  @Override
  public String toString() {
    return "--subscribers " + join(subscribers) + " --latency-subscribers " + latencySubscribers + " --rate " + (rate > 0 ? Report.number(rate) : "auto")
        + " --connections " + join(connections) + " --storm-clients " + stormClients
        + " --warmup-seconds " + warmupSeconds + " --duration-seconds " + durationSeconds + " --rounds " + rounds
        + " --payload-bytes " + payloadBytes + " --client-threads " + clientThreads
        + " --server-jvm-args \"" + String.join(" ", serverJvmArgs) + "\"";
  }

  private static String join(List<Integer> values) {
    return String.join(",", values.stream().map(String::valueOf).toList());
  }

  /** Mutable while parsing. */
  private static final class Builder {
    List<Integer> subscribers;
    int latencySubscribers;
    double rate;
    List<Integer> connections;
    int stormClients;
    double warmupSeconds;
    double durationSeconds;
    int rounds;
    int window;
    int payloadBytes;
    int clientThreads;
    int sourceAddresses;
    List<String> serverJvmArgs;
    boolean jfr;
    Path report;
    long maxSeconds;
    Set<String> scenarios;

    Builder(HarnessOptions o) {
      subscribers = o.subscribers;
      latencySubscribers = o.latencySubscribers;
      rate = o.rate;
      connections = o.connections;
      stormClients = o.stormClients;
      warmupSeconds = o.warmupSeconds;
      durationSeconds = o.durationSeconds;
      rounds = o.rounds;
      window = o.window;
      payloadBytes = o.payloadBytes;
      clientThreads = o.clientThreads;
      sourceAddresses = o.sourceAddresses;
      serverJvmArgs = o.serverJvmArgs;
      jfr = o.jfr;
      report = o.report;
      maxSeconds = o.maxSeconds;
      scenarios = o.scenarios;
    }

    HarnessOptions build() {
      return new HarnessOptions(subscribers, latencySubscribers, rate, connections, stormClients, warmupSeconds,
          durationSeconds, rounds, window, payloadBytes, clientThreads, sourceAddresses, serverJvmArgs, jfr, report,
          maxSeconds, scenarios);
    }
  }
}
