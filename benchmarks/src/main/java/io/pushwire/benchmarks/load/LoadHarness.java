package io.pushwire.benchmarks.load;

import io.pushwire.benchmarks.load.Report.Better;
import io.pushwire.benchmarks.load.Scenarios.FanOut;
import io.pushwire.benchmarks.load.Scenarios.Latency;
import io.pushwire.benchmarks.load.Scenarios.Memory;
import io.pushwire.benchmarks.load.Scenarios.Storm;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The load harness: measures Pushwire, the plain-Netty anchor, raw Tyrus and the peers
 * ({@link Targets}) with the same client in the same run, and prints one table of figures and
 * one of ratios to plain Netty.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.pushwire.benchmarks.load.LoadHarness [--quick] [flags]
 * </pre>
 *
 * <p>Each target runs in a server process of its own ({@link ServerProcess}); this JVM holds only
 * the clients ({@link ClientFleet}) and the driver. The measurements ({@link Scenarios}): fan-out
 * throughput, publish-to-receive latency at a fixed rate, heap and RSS per idle connection, and
 * the time a reconnect storm takes. Progress goes to stderr, the table to stdout and, as
 * Markdown, to the report file. See docs/benchmarks.md for how to read it.
 */
public final class LoadHarness {

  /** File descriptors needed beyond one per connection: jars, selectors, pipes, the JVM's own. */
  private static final int SPARE_DESCRIPTORS = 500;
  /** Publications per second for the latency measurement when fan-out did not run to size it. */
  private static final double DEFAULT_LATENCY_RATE = 10;
  /**
   * JVM options of the memory measurement's own server processes. A heap that starts small and
   * gives back what it does not need after a full GC (G1 honours the free ratios there) makes RSS
   * follow what the connections hold, instead of how much heap earlier garbage once touched.
   */
  static final List<String> MEMORY_JVM_ARGS =
      List.of("-Xms16m", "-Xmx1g", "-XX:+UseG1GC", "-XX:MinHeapFreeRatio=5", "-XX:MaxHeapFreeRatio=10");

  private LoadHarness() {
  }

  /** Runs the suite the flags describe; see {@link HarnessOptions#USAGE}. */
  public static void main(String[] args) throws Exception {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(HarnessOptions.USAGE);
      return;
    }
    HarnessOptions options;
    try {
      options = HarnessOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(64);
      return;
    }
    Report report = run(options, System.err);
    System.out.print(report.toText());
    System.err.println("table written to " + options.report());
    System.exit(0); // client I/O threads are daemons, but do not wait for anything else either
  }

  /** Runs every measurement on every target and returns the report (also written to the report file). */
  static Report run(HarnessOptions options, PrintStream progress) throws IOException {
    checkFileDescriptors(options.peakConnections());
    Path dir = options.report().toAbsolutePath().getParent();
    Files.createDirectories(dir);
    List<ServerHandle> started = new CopyOnWriteArrayList<>();
    Thread watchdog = startWatchdog(options.maxSeconds(), started, progress);
    progress.println("starting the server processes of " + String.join(", ", options.targets()) + " ("
        + String.join(" ", options.serverJvmArgs()) + ")");
    List<ServerHandle> servers = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    try {
      for (String target : options.targets()) {
        try {
          servers.add(launch(target, options.serverJvmArgs(), options, dir, "", started, progress));
        } catch (IOException e) {
          if (Targets.spec(target).kind() == Targets.Kind.JVM) {
            throw e;
          }
          progress.println("skipping " + target + ": " + e.getMessage());
          skipped.add(target + " was skipped: " + e.getMessage() + ".");
        }
      }
      if (servers.isEmpty()) {
        throw new IOException("no target could be started");
      }
      List<String> names = servers.stream().map(ServerHandle::name).toList();
      String reference = names.contains(Targets.REFERENCE) ? Targets.REFERENCE : names.get(0);
      Report report = new Report(header(options, servers), names, reference);
      skipped.forEach(report::note);
      Scenarios scenarios = new Scenarios(options, progress);
      Map<Integer, Double> slowestFanOut = new TreeMap<>();

      if (options.runs("fan-out")) {
        progress.println("1. fan-out throughput");
        for (int n : options.subscribers()) {
          int groupSize = options.fanOutGroupSize(n, descriptorBudget());
          List<List<ServerHandle>> groups = groups(servers, reference, groupSize);
          Map<String, FanOut> values = new LinkedHashMap<>();
          Map<String, FanOut> beside = new LinkedHashMap<>();
          for (List<ServerHandle> group : groups) {
            Map<String, FanOut> r = scenarios.fanOut(group, n);
            for (Map.Entry<String, FanOut> e : r.entrySet()) {
              values.putIfAbsent(e.getKey(), e.getValue());
              beside.putIfAbsent(e.getKey(), r.get(reference));
            }
          }
          String size = String.format(Locale.ROOT, "%,d", n);
          report.add("fan-out, " + size + " subscribers", "deliveries/s", Better.HIGHER,
              each(values, FanOut::deliveriesPerSecond), each(beside, FanOut::deliveriesPerSecond));
          report.add("fan-out, " + size + " subscribers: server CPU per delivery", "µs", Better.LOWER,
              each(values, FanOut::serverCpuMicrosPerDelivery), each(beside, FanOut::serverCpuMicrosPerDelivery));
          report.add("fan-out, " + size + " subscribers: server allocation per delivery", "bytes", Better.LOWER,
              each(values, FanOut::serverBytesPerDelivery), each(beside, FanOut::serverBytesPerDelivery));
          if (groups.size() > 1) {
            report.note(String.format(Locale.ROOT, "fan-out, %,d subscribers: too many connections for one group"
                + " (file descriptors), so the targets ran in %d groups of at most %d, each with %s; each ratio is"
                + " to %s measured in the same group, and %s's own value is from the first group.", n, groups.size(),
                groupSize, reference, reference, reference));
          }
          values.forEach((target, r) -> checkFanOut(report, target, n, r));
          slowestFanOut.put(n, values.values().stream().mapToDouble(FanOut::deliveriesPerSecond)
              .filter(Double::isFinite).min().orElse(Double.NaN));
        }
      }

      if (options.runs("latency")) {
        double rate = latencyRate(options, slowestFanOut);
        progress.println("2. latency at " + Report.number(rate) + " publications/s");
        Map<String, Latency> r = scenarios.latency(servers, options.latencySubscribers(), rate);
        String at = String.format(Locale.ROOT, "%,d subscribers at %s/s", options.latencySubscribers(),
            Report.number(rate));
        report.add("latency p50, " + at, "µs", Better.LOWER, each(r, Latency::p50));
        report.add("latency p99, " + at, "µs", Better.LOWER, each(r, Latency::p99));
        report.add("latency p99.9, " + at, "µs", Better.LOWER, each(r, Latency::p999));
        if (options.rate() <= 0) {
          report.note(String.format(Locale.ROOT, "latency: the rate, %s publications/s (%s deliveries/s), is a"
              + " quarter of the slowest target's fan-out throughput in this run, the same for every target.",
              Report.number(rate), Report.number(rate * options.latencySubscribers())));
        }
      }

      if (options.runs("memory")) {
        progress.println("3. memory per idle connection (a fresh server process per target: "
            + String.join(" ", MEMORY_JVM_ARGS) + ")");
        Map<Integer, Map<String, Memory>> memory = new TreeMap<>();
        for (String target : names) {
          try (ServerHandle fresh = launch(target, MEMORY_JVM_ARGS, options, dir, "-memory", started, progress)) {
            for (int n : options.connections()) {
              memory.computeIfAbsent(n, k -> new LinkedHashMap<>()).put(target, scenarios.memory(fresh, n));
            }
          }
        }
        for (Map.Entry<Integer, Map<String, Memory>> m : memory.entrySet()) {
          String size = String.format(Locale.ROOT, "%,d", m.getKey());
          report.add("heap per connection, " + size + " idle", "bytes", Better.LOWER,
              each(m.getValue(), Memory::heapPerConnection));
          report.add("RSS per connection, " + size + " idle", "bytes", Better.LOWER,
              each(m.getValue(), Memory::rssPerConnection));
        }
      }

      if (options.runs("storm")) {
        progress.println("4. reconnect storm");
        Map<String, Storm> r = scenarios.storm(servers, options.stormClients());
        report.add(String.format(Locale.ROOT, "reconnect storm, %,d clients", options.stormClients()), "ms",
            Better.LOWER, each(r, Storm::millis));
        r.forEach((target, storm) -> {
          if (storm.retries() > 0) {
            report.note("reconnect storm, " + target + ": " + storm.retries() + " connects retried (refused or reset).");
          }
        });
      }

      Files.writeString(options.report(), "# Pushwire load harness\n\n" + report.toMarkdown(), StandardCharsets.UTF_8);
      return report;
    } finally {
      servers.forEach(ServerHandle::close);
      watchdog.interrupt();
    }
  }

  private static <R> Map<String, Double> each(Map<String, R> results, ToDoubleFunction<R> value) {
    Map<String, Double> values = new LinkedHashMap<>();
    results.forEach((target, r) -> values.put(target, value.applyAsDouble(r)));
    return values;
  }

  /**
   * The fan-out groups: every target once, each group at most {@code size} targets, the reference
   * in every group (first), so each ratio is to a reference measured beside it.
   */
  static List<List<ServerHandle>> groups(List<ServerHandle> servers, String reference, int size) {
    if (servers.size() <= size) {
      return List.of(servers);
    }
    ServerHandle ref = servers.stream().filter(s -> s.name().equals(reference)).findFirst().orElseThrow();
    List<ServerHandle> others = servers.stream().filter(s -> s != ref).toList();
    List<List<ServerHandle>> groups = new ArrayList<>();
    int per = Math.max(1, size - 1);
    for (int i = 0; i < others.size(); i += per) {
      List<ServerHandle> group = new ArrayList<>();
      group.add(ref);
      group.addAll(others.subList(i, Math.min(others.size(), i + per)));
      groups.add(group);
    }
    return groups;
  }

  /**
   * The latency rate: the one given, or a quarter of the slowest target's fan-out throughput at the
   * measured size nearest the latency size, in publications per second (two significant digits).
   */
  private static double latencyRate(HarnessOptions options, Map<Integer, Double> slowestFanOut) {
    if (options.rate() > 0) {
      return options.rate();
    }
    int size = options.latencySubscribers();
    Integer nearest = null;
    for (int n : slowestFanOut.keySet()) {
      if (nearest == null || Math.abs(Math.log((double) n / size)) < Math.abs(Math.log((double) nearest / size))) {
        nearest = n;
      }
    }
    if (nearest == null || !(slowestFanOut.get(nearest) > 0)) {
      return DEFAULT_LATENCY_RATE;
    }
    double rate = slowestFanOut.get(nearest) / 4 / size;
    double magnitude = Math.pow(10, Math.floor(Math.log10(rate)) - 1);
    return Math.max(1, Math.floor(rate / magnitude) * magnitude);
  }

  private static void checkFanOut(Report report, String target, int subscribers, FanOut r) {
    if (r.gaps() > 0 || r.failedSends() > 0) {
      report.note(String.format(Locale.ROOT, "fan-out %s, %,d subscribers: %,d ticks missed, %,d sends failed.",
          target, subscribers, r.gaps(), r.failedSends()));
    }
    if (r.clientCpuShare() > 0.9) {
      report.note(String.format(Locale.ROOT, "fan-out %s, %,d subscribers: the client threads were %.0f%% busy;"
          + " the figure may be the client's limit (try --client-threads 2).", target, subscribers,
          100 * r.clientCpuShare()));
    }
  }

  private static ServerHandle launch(String target, List<String> jvmArgs, HarnessOptions options, Path dir,
      String suffix, List<ServerHandle> started, PrintStream progress) throws IOException {
    Path jfr = options.jfr() ? dir.resolve("load-" + target + suffix + ".jfr") : null;
    ServerHandle handle = ServerHandle.launch(target, jvmArgs, options,
        dir.resolve("load-server-" + target + suffix + ".log"), jfr, progress);
    started.add(handle);
    return handle;
  }

  /** Kills the server processes when the time is up; every wait in the driver then fails at once. */
  private static Thread startWatchdog(long maxSeconds, List<ServerHandle> started, PrintStream progress) {
    Thread watchdog = new Thread(() -> {
      try {
        TimeUnit.SECONDS.sleep(maxSeconds);
        progress.println("the run took more than " + maxSeconds + " s (--max-seconds): stopping it");
        started.forEach(ServerHandle::kill);
      } catch (InterruptedException e) {
        // the run finished in time
      }
    }, "load-harness-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    return watchdog;
  }

  /** Client connections this process may hold at once. */
  private static long descriptorBudget() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      return unix.getMaxFileDescriptorCount() - SPARE_DESCRIPTORS;
    }
    return Long.MAX_VALUE;
  }

  private static void checkFileDescriptors(int peakConnections) {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      long needed = peakConnections + SPARE_DESCRIPTORS;
      if (unix.getMaxFileDescriptorCount() < needed) {
        throw new IllegalStateException("this run holds up to " + peakConnections + " client connections at once and needs"
            + " about " + needed + " file descriptors, but may open only " + unix.getMaxFileDescriptorCount()
            + ": raise the limit first (ulimit -n " + needed + ")");
      }
    }
  }

  private static List<String> header(HarnessOptions options, List<ServerHandle> servers) {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    String memory = os instanceof com.sun.management.OperatingSystemMXBean sun
        ? String.format(Locale.ROOT, "%.1f GiB RAM", sun.getTotalMemorySize() / (double) (1L << 30))
        : "RAM unknown";
    List<String> lines = new ArrayList<>();
    lines.add("Run: " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
    lines.add(String.format(Locale.ROOT, "Machine: %d CPUs, %s, %s %s %s, load average %.2f at start",
        os.getAvailableProcessors(), memory, System.getProperty("os.name"), System.getProperty("os.version"),
        System.getProperty("os.arch"), os.getSystemLoadAverage()));
    lines.add("JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
        + "; JVM server processes run with " + String.join(" ", options.serverJvmArgs()));
    List<String> frames = new ArrayList<>();
    for (ServerHandle s : servers) {
      frames.add(s.name() + " " + s.frameBytes());
    }
    lines.add("Load: JSON tick frames of about " + options.payloadBytes() + " bytes (" + String.join(", ", frames)
        + "); clients on " + options.clientThreads() + " I/O thread(s) over " + options.sourceAddresses()
        + " source address(es) (127.0.0.1 up)");
    for (ServerHandle s : servers) {
      lines.add("Target " + s.name() + ": " + Targets.spec(s.name()).title());
    }
    lines.add("Flags: " + options);
    return lines;
  }
}
