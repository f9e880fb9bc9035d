package io.pushwire.benchmarks.soak;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.UnixOperatingSystemMXBean;
import io.pushwire.protocol.Progress;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.server.Dialect;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import io.pushwire.server.Limits;
import io.pushwire.server.PushServer;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.auth.TokenAuthenticator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One soak run: a standalone server in this JVM, {@code connections} clients each subscribed to
 * one of {@code topics} topics, publications at {@code publishesPerSecond}, and
 * {@code cyclesPerSecond} connections closed and replaced every second, for {@code duration}.
 * Heap after a full GC, open file descriptors and live threads are sampled once the fleet is up
 * and warm, and again at the end in the same state (publisher paused, queues drained, the fleet
 * at full strength), so that what grows between the two is what the run leaked.
 */
final class Soak {

  private static final Logger log = LoggerFactory.getLogger(Soak.class);
  static final String TOKEN = "soak-token";
  /** System property: a directory for a live heap dump at each sample ({@code start.hprof}, {@code end.hprof}). */
  static final String HEAP_DUMPS = "soak.heapDumps";
  private static final String PATH = "/soak";
  /** A row of {@code GC.class_histogram}: {@code num: instances bytes class}. */
  private static final Pattern HISTOGRAM_ROW = Pattern.compile("^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)");

  /**
   * The parameters of a run; {@code fleetInChild} runs the clients in a child JVM (see
   * {@link ChildFleet}), else in this one.
   */
  record Options(int connections, Duration duration, int topics, int publishesPerSecond, int cyclesPerSecond,
      Duration warmUp, boolean fleetInChild) {
  }

  /**
   * Heap after GC (bytes), open file descriptors and live threads at one moment, with the live
   * heap's bytes per class (the JVM's class histogram) to say what grew.
   */
  record Sample(long heapBytes, long fileDescriptors, int threads, long connections, Map<String, Long> bytesByClass) {
    @Override
    public String toString() {
      return String.format("heap after GC %.1f MiB, %d file descriptors, %d threads, %d connections",
          heapBytes / 1048576.0, fileDescriptors, threads, connections);
    }
  }

  /** What a run measured; publications, frames and cycles are counted between the two samples. */
  record Result(Options options, Sample start, Sample end, long publications, long framesReceived, long cycles,
      long failures, long closedSlow) {

    /** {@code (end - start) / start} for the heap. */
    double heapGrowth() {
      return (end.heapBytes() - start.heapBytes()) / (double) start.heapBytes();
    }

    /** The {@code n} classes whose live bytes grew most between the samples, one line each. */
    String topGrowth(int n) {
      StringBuilder lines = new StringBuilder();
      end.bytesByClass().entrySet().stream()
          .map(e -> Map.entry(e.getKey(), e.getValue() - start.bytesByClass().getOrDefault(e.getKey(), 0L)))
          .filter(e -> e.getValue() > 0)
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .limit(n)
          .forEach(e -> lines.append(String.format("%n    %+,12d B  %s", e.getValue(), e.getKey())));
      return lines.toString();
    }

    @Override
    public String toString() {
      return String.format("%d connections, %s, %d publications, %,d frames received, %d connection cycles, "
              + "%d client failures, %d closed slow%n  start: %s%n  end:   %s%n  heap %+.2f%%, fds %+d, threads %+d"
              + "%n  grew most:%s",
          options.connections(), options.duration(), publications, framesReceived, cycles, failures, closedSlow,
          start, end, heapGrowth() * 100, end.fileDescriptors() - start.fileDescriptors(),
          end.threads() - start.threads(), topGrowth(15));
    }
  }

  private Soak() {
  }

  static Result run(Options o) throws IOException, InterruptedException {
    Limits limits = Limits.builder()
        .maxConnections(o.connections() + 1_000)
        .maxConnectionsPerRemoteAddress(o.connections() + 1_000)
        .build();
    AtomicLong publications = new AtomicLong();
    try (Hub hub = Hub.builder().authenticator(TokenAuthenticator.single(TOKEN, "soak")).limits(limits).build();
         PushServer server = PushServer.builder().hub(hub).host("127.0.0.1").port(0)
             .endpoint(EndpointSpec.builder(PATH).auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.STANDARD).build())
             // The fleet opens every connection at once: let them all wait to upgrade.
             .maxPendingSockets(o.connections() + 1_000)
             .shutdownTimeout(Duration.ofSeconds(5)).build().start();
         Fleet fleet = fleet(o, new InetSocketAddress("127.0.0.1", server.port()))) {
      ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "soak-clock");
        t.setDaemon(true);
        return t;
      });
      try {
        fleet.connect(o.connections());
        awaitUntil(() -> fleet.open() == o.connections() && hub.stats().subscriptions() == o.connections(),
            Duration.ofMinutes(5), () -> "the fleet to connect and subscribe: " + fleet.open() + " open, "
                + hub.stats().subscriptions() + " subscriptions, the last failure: " + fleet.lastFailure());
        // Publisher and churn, paused (not cancelled) while sampling.
        long periodMicros = 1_000_000L / o.publishesPerSecond();
        var publisher = clock.scheduleAtFixedRate(() -> {
          long n = publications.incrementAndGet();
          hub.publish("soak-" + (n % o.topics()), new TaskProgress("task-" + (n % 1000),
              new Progress(n, n + 1, 0, "soak", 50, "running")));
        }, 0, periodMicros, TimeUnit.MICROSECONDS);
        var churn = clock.scheduleAtFixedRate(() -> fleet.cycle(Math.max(1, o.cyclesPerSecond() / 10)),
            100, 100, TimeUnit.MILLISECONDS);
        Thread.sleep(o.warmUp().toMillis());
        Sample start = sampleQuiet(hub, fleet, o, "start", publisher, churn);
        long publicationsAtStart = publications.get();
        long framesAtStart = fleet.frames();
        long cyclesAtStart = fleet.cycles();
        // Resume: new tasks on the same clock.
        publisher = clock.scheduleAtFixedRate(() -> {
          long n = publications.incrementAndGet();
          hub.publish("soak-" + (n % o.topics()), new TaskProgress("task-" + (n % 1000),
              new Progress(n, n + 1, 0, "soak", 50, "running")));
        }, 0, periodMicros, TimeUnit.MICROSECONDS);
        churn = clock.scheduleAtFixedRate(() -> fleet.cycle(Math.max(1, o.cyclesPerSecond() / 10)),
            100, 100, TimeUnit.MILLISECONDS);
        Thread.sleep(o.duration().toMillis());
        Sample end = sampleQuiet(hub, fleet, o, "end", publisher, churn);
        return new Result(o, start, end, publications.get() - publicationsAtStart, fleet.frames() - framesAtStart,
            fleet.cycles() - cyclesAtStart, fleet.failures(), hub.stats().closedSlow());
      } finally {
        clock.shutdownNow();
      }
    }
  }

  private static Fleet fleet(Options o, InetSocketAddress server) throws IOException {
    String path = PATH + "?token=" + TOKEN;
    // About 40 KiB a connection in the client's heap, with room to spare.
    String childHeap = Math.max(256, o.connections() / 10) + "m";
    return o.fleetInChild() ? new ChildFleet(server, path, o.topics(), childHeap) : new SoakFleet(server, path, o.topics());
  }

  /** Stops publisher and churn, waits for the fleet to be whole and the deliveries to settle, then samples. */
  private static Sample sampleQuiet(Hub hub, Fleet fleet, Options o, String name, ScheduledFuture<?>... tasks)
      throws InterruptedException {
    for (var task : tasks) {
      task.cancel(false);
    }
    awaitUntil(() -> fleet.open() == o.connections() && hub.stats().connections() == o.connections()
        && hub.stats().subscriptions() == o.connections(), Duration.ofMinutes(2), () -> "the fleet to be whole again: "
        + fleet.open() + " open, hub " + hub.stats().connections() + " connections, " + hub.stats().subscriptions()
        + " subscriptions, " + fleet.failures() + " failures, the last: " + fleet.lastFailure());
    long frames;
    do { // settled: no frame arrived for half a second
      frames = fleet.frames();
      Thread.sleep(500);
    } while (fleet.frames() != frames);
    Sample sample = sample(hub);
    dumpHeap(name);
    return sample;
  }

  /**
   * With the system property {@value #HEAP_DUMPS} set to a directory, writes the live heap there as
   * {@code <name>.hprof} (for the paths to GC roots of whatever grew); without it, nothing.
   */
  private static void dumpHeap(String name) {
    String dir = System.getProperty(HEAP_DUMPS);
    if (dir == null) {
      return;
    }
    Path file = Path.of(dir).resolve(name + ".hprof");
    try {
      Files.createDirectories(file.getParent());
      Files.deleteIfExists(file);
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(file.toString(), true);
      log.info("heap dump written to {}", file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the heap dump " + file, e);
    }
  }

  static Sample sample(Hub hub) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    long fds = os instanceof UnixOperatingSystemMXBean unix ? unix.getOpenFileDescriptorCount() : -1;
    return new Sample(heap, fds, ManagementFactory.getThreadMXBean().getThreadCount(), hub.stats().connections(),
        classHistogram());
  }

  /** Live bytes per class, from the JVM's {@code GC.class_histogram} diagnostic command (which runs a full GC). */
  static Map<String, Long> classHistogram() {
    try {
      Object text = ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
          new Object[] {new String[0]}, new String[] {String[].class.getName()});
      Map<String, Long> bytes = new HashMap<>();
      for (String row : text.toString().split("\n")) {
        Matcher m = HISTOGRAM_ROW.matcher(row);
        if (m.find()) {
          bytes.merge(m.group(2), Long.parseLong(m.group(1)), Long::sum);
        }
      }
      return bytes;
    } catch (JMException e) {
      throw new IllegalStateException("the class histogram is not available", e);
    }
  }

  private static void awaitUntil(BooleanSupplier condition, Duration timeout, Supplier<String> what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what.get());
      }
      Thread.sleep(50);
    }
  }
}
