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
 * @param targets the servers measured, by {@link Targets} name, in the order given; ratios are to
 *     {@link Targets#REFERENCE} when it is among them
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
    Set<String> scenarios,
    List<String> targets) {

  /** The measurements, in the order they run. */
  static final List<String> ALL_SCENARIOS = List.of("fan-out", "latency", "memory", "storm");

  static final String USAGE = """
      Pushwire load harness: fan-out, latency, memory per connection and a reconnect storm,
      each measured on every target in the same run, as ratios to plain Netty (the anchor).

        --targets netty,pushwire,baseline   servers to measure, each in its own process; known:
                                      netty (plain Netty, the anchor), pushwire (on Tyrus),
                                      pushwire-netty (on its Netty engine), baseline (raw
                                      Tyrus), jetty (Jetty 12 JSR-356), netty-socketio,
                                      node-socketio (needs node and npm), spring (Spring Boot
                                      on Tomcat; needs benchmarks/spring-target built)
        --full                        every target (a longer run); a later --targets overrides it

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
        --quick                       small sizes: a check that everything works, in about a minute
      """;

  /** The defaults: the suite in docs/benchmarks.md, a few minutes on two cores. */
  static HarnessOptions defaults() {
    return new HarnessOptions(List.of(100, 1_000, 5_000), 1_000, 0, List.of(1_000, 10_000), 1_000, 2, 5, 5, 0, 1024,
        1, 4, List.of("-Xms256m", "-Xmx1g", "-XX:+UseG1GC"), false, defaultReport(), 900,
        Set.copyOf(ALL_SCENARIOS), Targets.DEFAULT);
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
      if (flag.equals("--full")) {
        b.targets = Targets.all();
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
        case "--targets" -> b.targets = Targets.parse(value);
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
   * The most connections open at once in the harness's own process: latency and the storm keep
   * every target's fleet connected, memory one target at a time, and fan-out at least two
   * (the reference and one other; more when the descriptors allow, see {@link #fanOutGroupSize}).
   */
  int peakConnections() {
    int peak = targets.size() * Math.max(latencySubscribers, stormClients);
    for (int n : subscribers) {
      peak = Math.max(peak, Math.min(2, targets.size()) * n);
    }
    for (int n : connections) {
      peak = Math.max(peak, n);
    }
    return peak;
  }

  /**
   * How many targets' fleets of {@code subscribers} are connected at once during fan-out, given
   * {@code descriptors} client connections this process may open: all of them when they fit,
   * else as many as fit, at least two (the reference and one other).
   */
  int fanOutGroupSize(int subscribers, long descriptors) {
    long fit = descriptors / subscribers;
    return (int) Math.max(Math.min(2, targets.size()), Math.min(targets.size(), fit));
  }

  @Override
  public String toString() {
    return "--targets " + String.join(",", targets) + " --subscribers " + join(subscribers) + " --latency-subscribers " + latencySubscribers + " --rate " + (rate > 0 ? Report.number(rate) : "auto")
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
    List<String> targets;

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
      targets = o.targets;
    }

    HarnessOptions build() {
      return new HarnessOptions(subscribers, latencySubscribers, rate, connections, stormClients, warmupSeconds,
          durationSeconds, rounds, window, payloadBytes, clientThreads, sourceAddresses, serverJvmArgs, jfr, report,
          maxSeconds, scenarios, targets);
    }
  }
}
