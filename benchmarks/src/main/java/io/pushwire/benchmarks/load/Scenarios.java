package io.pushwire.benchmarks.load;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * The four measurements. Each is run on several targets in <b>alternating rounds</b>: every
 * target's client fleet is connected, then the targets take turns (A, B, C, C, B, A, A, ...) for
 * short slices, and each figure is the median over its slices. On a shared machine the load of
 * the neighbours drifts by more than the difference being measured; alternating in slices of a
 * second puts every target under the same drift, and the median drops the slice a burst of
 * someone else's work landed in. Every wait has a timeout, so a stuck server ends the run with a
 * message instead of hanging it. Used by the driver thread only.
 */
final class Scenarios {

  /** Handshakes in progress at once while a fleet connects (the storm alone opens all at once). */
  private static final int MAX_PENDING_CONNECTS = 256;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
  /** Connections opened and closed in a memory process before it is measured. */
  private static final int MEMORY_WARMUP_CONNECTIONS = 200;
  /** How often the exact slowest subscriber is checked during fan-out. */
  private static final long LAG_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  /**
   * What fan-out measured on one target: medians over the slices, except allocation (all
   * deliveries of all slices) and the client's busiest slice.
   */
  record FanOut(double deliveriesPerSecond, double serverCpuMicrosPerDelivery, double serverBytesPerDelivery,
      double clientCpuShare, long gaps, long failedSends) {
  }

  /** Latency percentiles in microseconds (medians over the slices), and the maximum and count over all of them. */
  record Latency(double p50, double p99, double p999, double max, long count) {
  }

  /** Memory per idle connection, in bytes; rss is NaN where there is no /proc. */
  record Memory(double heapPerConnection, double rssPerConnection) {
  }

  /** The storm: median wall time until the last client had its ack again, and the connects retried. */
  record Storm(double millis, long retries) {
  }

  private final HarnessOptions options;
  private final PrintStream progress;

  Scenarios(HarnessOptions options, PrintStream progress) {
    this.options = options;
    this.progress = progress;
  }

  private ClientFleet fleet(ServerHandle server, int count, long clockOffset) throws IOException {
    return new ClientFleet(server.address(), server.dialect(), server.requestTargetPrefix(), count,
        options.clientThreads(), options.sourceAddresses(), clockOffset);
  }

  /** The items in the order of round {@code round}: as given in even rounds, reversed in odd ones. */
  private static <T> List<T> turns(int round, List<T> items) {
    if (round % 2 == 0) {
      return items;
    }
    List<T> reversed = new ArrayList<>(items);
    Collections.reverse(reversed);
    return reversed;
  }

  /** Opens several fleets (each closed again if a later one fails to open). */
  private List<ClientFleet> fleets(List<ServerHandle> servers, int count, boolean clockOffset) throws IOException {
    List<ClientFleet> fleets = new ArrayList<>();
    try {
      for (ServerHandle server : servers) {
        fleets.add(fleet(server, count, clockOffset ? server.clockOffsetNanos() : 0));
      }
      return fleets;
    } catch (IOException | RuntimeException e) {
      fleets.forEach(ClientFleet::close);
      throw e;
    }
  }

  /** A map from each server's name to its result, in the servers' order. */
  private static <R> Map<String, R> byName(List<ServerHandle> servers, List<R> results) {
    Map<String, R> map = new LinkedHashMap<>();
    for (int i = 0; i < servers.size(); i++) {
      map.put(servers.get(i).name(), results.get(i));
    }
    return map;
  }

  private double sliceSeconds() {
    return options.durationSeconds() / options.rounds();
  }

  // ------------------------------------------------------------------ 1. fan-out throughput

  /**
   * One topic, {@code subscribers} subscribers, ticks published as fast as they are delivered: a
   * closed loop keeps {@link HarnessOptions#windowFor} publications in flight (published, not yet
   * received by every subscriber), so the rate settles at what the server sustains without any
   * queue growing. Deliveries per second are counted at the clients.
   */
  Map<String, FanOut> fanOut(List<ServerHandle> servers, int subscribers) throws IOException {
    int window = options.windowFor(subscribers);
    List<ClientFleet> fleets = fleets(servers, subscribers, false);
    try {
      List<Lane> lanes = new ArrayList<>();
      for (int i = 0; i < servers.size(); i++) {
        lanes.add(new Lane(servers.get(i), fleets.get(i), window));
      }
      for (Lane lane : lanes) {
        lane.fleet.connectAll(MAX_PENDING_CONNECTS, CONNECT_TIMEOUT);
        lane.start();
      }
      for (Lane lane : lanes) {
        lane.pump(options.warmupSeconds());
        lane.drain();
      }
      for (int round = 0; round < options.rounds(); round++) {
        for (Lane lane : turns(round, lanes)) {
          lane.measureSlice(sliceSeconds());
        }
      }
      List<FanOut> results = new ArrayList<>();
      for (Lane lane : lanes) {
        FanOut r = lane.result();
        results.add(r);
        progress.printf(Locale.ROOT, "  fan-out  %-14s %,6d subscribers: %,9.0f deliveries/s (slices: %s); each"
                + " %.2f µs server CPU, %,.0f B allocated; client threads %.0f%% busy at most; window %d%n",
            lane.server.name(), subscribers, r.deliveriesPerSecond(), lane.sliceRates(),
            r.serverCpuMicrosPerDelivery(), r.serverBytesPerDelivery(), 100 * r.clientCpuShare(), window);
      }
      for (int i = 1; i < lanes.size(); i++) {
        progress.println(pairedRatios(lanes.get(i), lanes.get(0), subscribers));
      }
      for (int i = 0; i < servers.size(); i++) {
        closeAndAwaitServer(servers.get(i), fleets.get(i));
      }
      return byName(servers, results);
    } finally {
      fleets.forEach(ClientFleet::close);
    }
  }

  /**
   * {@code lane}'s slices divided by {@code anchor}'s of the same round, which ran next to each
   * other: a neighbour's load that lands on one round moves both, so these ratios spread less than
   * the ratio of the two medians, whose slices may come from different rounds.
   */
  private static String pairedRatios(Lane lane, Lane anchor, int subscribers) {
    int rounds = Math.min(lane.slices.size(), anchor.slices.size());
    List<double[]> ratios = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      double[] mine = lane.slices.get(r);
      double[] theirs = anchor.slices.get(r);
      ratios.add(new double[] {mine[0] / theirs[0], mine[1] / theirs[1]});
    }
    return String.format(Locale.ROOT, "  fan-out  %-14s %,6d subscribers, slice by slice over %s: deliveries/s %s"
            + " (median %.2f); CPU per delivery %s (median %.2f)", lane.server.name(), subscribers,
        anchor.server.name(), ratioList(ratios, 0), median(ratios, x -> x[0]), ratioList(ratios, 1),
        median(ratios, x -> x[1]));
  }

  private static String ratioList(List<double[]> ratios, int column) {
    return String.join(" ", ratios.stream().map(x -> String.format(Locale.ROOT, "%.2f", x[column])).toList());
  }

  /** One target's side of a fan-out measurement: its fleet, its publications, its slices. */
  private final class Lane {
    final ServerHandle server;
    final ClientFleet fleet;
    final int window;
    /** The last sequence number published before this fleet connected. */
    long seqBase;
    long failedBefore;
    final List<double[]> slices = new ArrayList<>(); // rate, cpu µs/delivery, deliveries, bytes, client share

    Lane(ServerHandle server, ClientFleet fleet, int window) {
      this.server = server;
      this.fleet = fleet;
      this.window = window;
    }

    void start() throws IOException {
      seqBase = server.lastSeq();
      failedBefore = server.callLong("failed", ANSWER_TIMEOUT);
    }

    /**
     * One measured slice, starting and ending with nothing in flight. The rate counts what arrived
     * between the slice's start and end; CPU and allocation are divided by everything delivered
     * until the pipeline is empty again, since the server process answers "cpu" only after the
     * publications still queued before it are done.
     */
    void measureSlice(double seconds) throws IOException {
      String[] server0 = server.call("cpu", ANSWER_TIMEOUT);
      long ticks0 = fleet.ticks();
      long client0 = fleet.cpuNanos();
      long t0 = System.nanoTime();
      pump(seconds);
      long t1 = System.nanoTime();
      long ticks1 = fleet.ticks();
      long client1 = fleet.cpuNanos();
      drain();
      String[] server1 = server.call("cpu", ANSWER_TIMEOUT);
      long drained = fleet.ticks() - ticks0;
      slices.add(new double[] {
          (ticks1 - ticks0) / ((t1 - t0) / 1e9),
          perDelivery(server0[0], server1[0], drained) / 1e3,
          drained,
          allocated(server0[1], server1[1]),
          (client1 - client0) / (double) ((t1 - t0) * fleet.threadCount())});
    }

    /** Keeps {@code window} publications in flight for {@code seconds}. */
    void pump(double seconds) throws IOException {
      int subscribers = fleet.size();
      long end = System.nanoTime() + (long) (seconds * 1e9);
      long nextLagCheck = 0;
      boolean behind = false;
      for (long now; (now = System.nanoTime()) - end < 0; ) {
        long published = server.lastSeq() - seqBase;
        // Approximate: every subscriber has what the average one has (the fleet only ever saw
        // ticks after seqBase). The exact slowest one is checked every few milliseconds and stops
        // the pump while it is two windows behind, well inside Pushwire's outbound queue bound
        // (1,024 frames), so no one is closed as a slow consumer.
        long completed = fleet.ticks() / subscribers;
        if (now - nextLagCheck >= 0) {
          long slowest = Math.max(fleet.minLastSeq(), seqBase);
          behind = server.lastSeq() - slowest > 2L * window;
          nextLagCheck = now + LAG_CHECK_NANOS;
        }
        long inFlight = published - completed;
        if (!behind && inFlight <= window / 2) {
          int count = (int) (window - inFlight);
          long first = server.reserveSeq(count);
          server.send("burst " + first + " " + count);
        } else {
          LockSupport.parkNanos(50_000);
        }
      }
    }

    void drain() {
      Scenarios.drain(fleet, (server.lastSeq() - seqBase) * fleet.size());
    }

    FanOut result() throws IOException {
      double deliveries = slices.stream().mapToDouble(s -> s[2]).sum();
      double bytes = slices.stream().mapToDouble(s -> s[3]).sum();
      return new FanOut(median(slices, s -> s[0]), median(slices, s -> s[1]),
          deliveries == 0 || !(bytes >= 0) ? Double.NaN : bytes / deliveries,
          slices.stream().mapToDouble(s -> s[4]).max().orElse(Double.NaN),
          fleet.gaps(), server.callLong("failed", ANSWER_TIMEOUT) - failedBefore);
    }

    String sliceRates() {
      return String.join(" ", slices.stream().map(s -> Report.number(s[0])).toList());
    }
  }

  /** Bytes allocated between two readings; NaN where the server cannot tell (Node answers -1). */
  private static double allocated(String before, String after) {
    long b = Long.parseLong(before);
    long a = Long.parseLong(after);
    return b < 0 || a < 0 ? Double.NaN : a - b;
  }

  private static double perDelivery(String before, String after, long deliveries) {
    long b = Long.parseLong(before);
    long a = Long.parseLong(after);
    return deliveries == 0 || b < 0 || a < b ? Double.NaN : (a - b) / (double) deliveries;
  }

  private static double median(List<double[]> slices, ToDoubleFunction<double[]> value) {
    double[] values = slices.stream().mapToDouble(value).filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (values.length == 0) {
      return Double.NaN;
    }
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }

  private static void drain(ClientFleet fleet, long expectedTicks) {
    long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
    while (fleet.ticks() + fleet.gaps() < expectedTicks && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  // ------------------------------------------------------------------ 2. latency

  /**
   * Publish-to-receive latency at a fixed rate: each tick carries the server process's
   * {@code nanoTime} at the moment it was due, each client subtracts it from its own on arrival
   * (the same clock on Linux; see {@link ServerHandle#clockOffsetNanos}) and records the
   * difference in an HdrHistogram. Each percentile is the median of that percentile over the
   * slices, so one slice that a neighbour's burst of work landed in does not decide the tail.
   */
  Map<String, Latency> latency(List<ServerHandle> servers, int subscribers, double rate) throws IOException {
    List<ClientFleet> fleets = fleets(servers, subscribers, true);
    try {
      List<Integer> order = new ArrayList<>();
      List<List<Histogram>> slices = new ArrayList<>();
      for (int i = 0; i < servers.size(); i++) {
        order.add(i);
        slices.add(new ArrayList<>());
        fleets.get(i).connectAll(MAX_PENDING_CONNECTS, CONNECT_TIMEOUT);
      }
      int warmup = (int) Math.ceil(rate * options.warmupSeconds());
      int perSlice = (int) Math.max(1, Math.ceil(rate * sliceSeconds()));
      for (int round = -1; round < options.rounds(); round++) { // round -1 warms up and is not recorded
        for (int i : turns(Math.max(round, 0), order)) {
          ClientFleet fleet = fleets.get(i);
          paced(servers.get(i), fleet, round < 0 ? warmup : perSlice, rate);
          Histogram slice = fleet.latency().getIntervalHistogram();
          if (round >= 0) {
            slices.get(i).add(slice);
          }
        }
      }
      List<Latency> results = new ArrayList<>();
      for (int i = 0; i < servers.size(); i++) {
        checkAllArrived(servers.get(i), fleets.get(i));
        Latency r = latencyOf(slices.get(i));
        results.add(r);
        progress.printf(Locale.ROOT, "  latency  %-14s %,6d subscribers at %s/s: p50 %,.0f µs, p99 %,.0f µs,"
                + " p99.9 %,.0f µs (medians of %d slices), max %,.0f µs over %,d deliveries%n",
            servers.get(i).name(), subscribers, Report.number(rate),
            r.p50(), r.p99(), r.p999(), options.rounds(), r.max(), r.count());
      }
      for (int i = 0; i < servers.size(); i++) {
        closeAndAwaitServer(servers.get(i), fleets.get(i));
      }
      return byName(servers, results);
    } finally {
      fleets.forEach(ClientFleet::close);
    }
  }

  private void paced(ServerHandle server, ClientFleet fleet, int count, double rate) throws IOException {
    long expected = fleet.ticks() + fleet.gaps() + (long) count * fleet.size();
    long first = server.reserveSeq(count);
    Duration timeout = Duration.ofMillis((long) (count / rate * 1000)).plus(ANSWER_TIMEOUT);
    server.call("paced " + first + " " + count + " " + rate, timeout);
    drain(fleet, expected);
  }

  private void checkAllArrived(ServerHandle server, ClientFleet fleet) {
    if (fleet.gaps() > 0) {
      progress.printf(Locale.ROOT, "  latency  %s: %,d deliveries missed%n", server.name(), fleet.gaps());
    }
  }

  private static Latency latencyOf(List<Histogram> slices) {
    Histogram all = new Histogram(3);
    slices.forEach(all::add);
    List<double[]> percentiles = slices.stream().map(h -> new double[] {
        h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9)}).toList();
    return new Latency(micros(median(percentiles, p -> p[0])), micros(median(percentiles, p -> p[1])),
        micros(median(percentiles, p -> p[2])), micros(all.getMaxValue()), all.getTotalCount());
  }

  private static double micros(double nanos) {
    return nanos / 1e3;
  }

  // ------------------------------------------------------------------ 3. memory per connection

  /**
   * Heap and RSS of the server process per idle connection: both measured after full GCs with no
   * connection and then with {@code connections} connected, authenticated (Pushwire) and
   * subscribed to one topic; the difference divided by the count. Memory does not drift with the
   * neighbours' load, so this is measured once per target.
   */
  Memory memory(ServerHandle server, int connections) throws IOException {
    // The first connections into a fresh process load classes and compile code; pay that before
    // measuring, or a small count would carry all of it.
    try (ClientFleet warmup = fleet(server, Math.min(connections, MEMORY_WARMUP_CONNECTIONS), 0)) {
      warmup.connectAll(MAX_PENDING_CONNECTS, CONNECT_TIMEOUT);
      closeAndAwaitServer(server, warmup);
    }
    try (ClientFleet fleet = fleet(server, connections, 0)) {
      String[] before = server.call("mem", ANSWER_TIMEOUT);
      fleet.connectAll(MAX_PENDING_CONNECTS, CONNECT_TIMEOUT);
      String[] after = server.call("mem", ANSWER_TIMEOUT);
      double heap = (Long.parseLong(after[0]) - Long.parseLong(before[0])) / (double) connections;
      long rssBefore = Long.parseLong(before[1]);
      double rss = rssBefore < 0 ? Double.NaN : (Long.parseLong(after[1]) - rssBefore) / (double) connections;
      progress.printf(Locale.ROOT, "  memory   %-14s %,6d connections: %,.0f B heap, %,.0f B RSS each%n",
          server.name(), connections, heap, rss);
      closeAndAwaitServer(server, fleet);
      return new Memory(heap, rss);
    }
  }

  // ------------------------------------------------------------------ 4. reconnect storm

  /**
   * {@code clients} clients connected and subscribed; the server stops (every client gets 1001)
   * and starts again on the same port; then every client reconnects at the same instant. A
   * storm's figure is the time from that instant until the last client has authenticated and
   * has its subscription acknowledged again; server start-up is not part of it. The targets take
   * turns for {@code rounds} storms each; the median is reported.
   */
  Map<String, Storm> storm(List<ServerHandle> servers, int clients) throws IOException {
    List<ClientFleet> fleets = fleets(servers, clients, false);
    try {
      List<Integer> order = new ArrayList<>();
      double[][] millis = new double[servers.size()][options.rounds()];
      for (int i = 0; i < servers.size(); i++) {
        order.add(i);
        fleets.get(i).connectAll(MAX_PENDING_CONNECTS, CONNECT_TIMEOUT);
      }
      for (int round = 0; round < options.rounds(); round++) {
        for (int i : turns(round, order)) {
          ServerHandle server = servers.get(i);
          ClientFleet fleet = fleets.get(i);
          server.call("stop", ANSWER_TIMEOUT);
          fleet.awaitAllClosed(CLOSE_TIMEOUT);
          server.call("start", ANSWER_TIMEOUT);
          long t0 = System.nanoTime();
          fleet.reconnectAll(CONNECT_TIMEOUT);
          millis[i][round] = (System.nanoTime() - t0) / 1e6;
        }
      }
      List<Storm> results = new ArrayList<>();
      for (int i = 0; i < servers.size(); i++) {
        Storm r = new Storm(median(millis[i]), fleets.get(i).retries());
        results.add(r);
        progress.printf(Locale.ROOT, "  storm    %-14s %,6d clients back in %,.0f ms (storms: %s ms; %d connects"
            + " retried)%n", servers.get(i).name(), clients, r.millis(), joined(millis[i]), r.retries());
      }
      for (int i = 0; i < servers.size(); i++) {
        closeAndAwaitServer(servers.get(i), fleets.get(i));
      }
      return byName(servers, results);
    } finally {
      fleets.forEach(ClientFleet::close);
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private static String joined(double[] values) {
    return String.join(" ", Arrays.stream(values).mapToObj(Report::number).toList());
  }

  // ------------------------------------------------------------------

  /** Closes every client and waits until the server holds no connection, so the next step starts clean. */
  private void closeAndAwaitServer(ServerHandle server, ClientFleet fleet) throws IOException {
    fleet.closeAll(CLOSE_TIMEOUT);
    long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
    long left;
    while ((left = server.callLong("count", ANSWER_TIMEOUT)) > 0) {
      if (System.nanoTime() - deadline > 0) {
        throw new IOException(server.name() + " server still holds " + left + " connections after the clients closed");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }
}
