package io.pushwire.benchmarks.cluster;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.pushwire.broker.redis.RedisBroker;
import io.pushwire.broker.redis.RedisBrokerOptions;
import io.pushwire.protocol.Progress;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.server.Dialect;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import io.pushwire.server.PushServer;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.broker.Broker;
import io.pushwire.server.broker.ForwardingBroker;
import io.pushwire.server.broker.InMemoryBroker;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Cross-node fan-out on Redis against single-node fan-out, in one run: a publisher on node A,
 * subscribers spread over nodes A, B and C (three hubs on {@code RedisBroker}, one redis-server
 * started here on a free port of 127.0.0.1), then the same subscribers on one hub with
 * {@code InMemoryBroker}. Two phases on the same connections:
 *
 * <ol>
 *   <li><b>throughput</b>: {@code publications} as fast as the publisher goes ({@code burst}, then a
 *       1 ms pause), deliveries/s until the last frame arrives; uncounted passes, alternating,
 *       for at least {@value #WARM_UP_SECONDS} s and {@value #WARM_UP_ROUNDS} passes per setup, then
 *       {@value #ROUNDS} alternating between the setups, and the median of each;
 *   <li><b>latency</b>: {@code latencyPublications} at a steady rate, a quarter of the slower
 *       setup's throughput (the same rate for both setups), p50/p99 publish-to-receive latency.
 *       Measured at saturation a latency is only the backlog draining.
 * </ol>
 *
 * Prints both, the latency's first part, from {@code hub.publish} to the broker handing the
 * publication to each node's hub (the <em>hand-over</em>: for Redis the script, PUB/SUB and the
 * notification's decoding), and Redis round trips per publication (1: the publish script).
 * Bounded: a fixed number of publications, and every wait has a deadline. The engine is the
 * default one, or the one {@code -Dpushwire.engine} names.
 *
 * <p>{@code java -cp benchmarks.jar io.pushwire.benchmarks.cluster.ClusterFanOut [subscribers]
 * [publications] [burst] [latencyPublications] [nodeIoThreads]}, by default 300, 2,000, 50, 2,000
 * and 0. {@code nodeIoThreads} sizes each of the three nodes' engines
 * ({@code PushServer.Builder.ioThreads}; 0: the engine's default), so that three nodes sharing one
 * machine can be given a third of it each, as separate machines would have; the single node keeps
 * the engine's default and the whole machine.
 */
public final class ClusterFanOut {

  private static final EndpointSpec ENDPOINT = EndpointSpec.builder("/ws").auth(AuthMode.NONE)
      .dialect(Dialect.ENVELOPE_MILLIS).build();
  private static final Pattern COMPLETED = Pattern.compile("\"completed\":(\\d+)");
  /** The fewest uncounted throughput passes per setup, alternating, before the measured ones. */
  private static final int WARM_UP_ROUNDS = 3;
  /**
   * The least time the uncounted passes take: three passes of 1,000 publications last about a
   * second, and the measured passes after them still rose pass by pass (the JIT was not done).
   */
  private static final int WARM_UP_SECONDS = 10;
  /** Measured throughput passes per setup, alternating; the median is reported. */
  private static final int ROUNDS = 9;

  private ClusterFanOut() {
  }

  public static void main(String[] args) throws Exception {
    int subscribers = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int publications = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    int burst = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    int latencyPublications = args.length > 3 ? Integer.parseInt(args[3]) : 2_000;
    int nodeIoThreads = args.length > 4 ? Integer.parseInt(args[4]) : 0;
    Path dir = Files.createTempDirectory("pushwire-bench-redis");
    int redisPort = freePort();
    Process redis = new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
        "--dir", dir.toString(), "--save", "", "--appendonly", "no").redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile()).start();
    try {
      Thread.sleep(500); // a benchmark, not a test: give redis-server its start-up
      String uri = "redis://127.0.0.1:" + redisPort;
      Timings multiHandOver = new Timings();
      Timings singleHandOver = new Timings();
      List<Hub> nodes = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        nodes.add(Hub.builder().broker(new HandOverBroker(RedisBroker.connect(uri, RedisBrokerOptions.defaults()),
            multiHandOver)).build());
      }
      try (RawPublish anchor = new RawPublish(uri);
           Setup multi = Setup.start("3 nodes on Redis", nodes, nodeIoThreads, subscribers, multiHandOver, anchor);
           Setup single = Setup.start("1 node, in memory",
               List.of(Hub.builder().broker(new HandOverBroker(new InMemoryBroker(), singleHandOver)).build()), 0,
               subscribers, singleHandOver, null)) {
        // Passes first that are not counted: the first setup measured would otherwise pay for the JIT.
        long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS);
        for (int r = 0; r < WARM_UP_ROUNDS || System.nanoTime() - warmUntil < 0; r++) {
          multi.throughput(publications, burst);
          single.throughput(publications, burst);
        }
        double[] multiSlices = new double[ROUNDS];
        double[] singleSlices = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
          multiSlices[r] = multi.throughput(publications, burst);
          singleSlices[r] = single.throughput(publications, burst);
        }
        double multiRate = median(multiSlices);
        double singleRate = median(singleSlices);
        System.out.printf("throughput slices, deliveries/s: 3 nodes %s; 1 node %s%n", slices(multiSlices),
            slices(singleSlices));
        double perSecond = Math.max(1, Math.min(multiRate, singleRate) / 4 / subscribers);
        Histogram multiLatency = multi.latency(latencyPublications, perSecond);
        Histogram singleLatency = single.latency(latencyPublications, perSecond);
        System.out.println();
        System.out.printf("%d subscribers; throughput: %d publications; latency: %d publications at %.0f/s "
            + "(%.0f deliveries/s); each node's io threads: %s%n", subscribers, publications, latencyPublications,
            perSecond, perSecond * subscribers, nodeIoThreads == 0 ? "the engine's default" : nodeIoThreads);
        System.out.println("| setup | deliveries/s | p50 ms | p99 ms | hand-over p50 ms | hand-over p99 ms"
            + " | Redis round trips / publication |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        System.out.println(row(single.name, singleRate, singleLatency, single.handOver.histogram(), "0"));
        System.out.println(row(multi.name, multiRate, multiLatency, multi.handOver.histogram(), "1"));
        Histogram raw = anchor.latency.histogram();
        System.out.printf("raw Lettuce PUBLISH beside the cross-node latency phase, publish to each of 3 subscribed"
            + " connections: p50 %.2f ms, p99 %.2f ms%n", raw.getValueAtPercentile(50) / 1e6,
            raw.getValueAtPercentile(99) / 1e6);
        System.out.printf("ratio of deliveries/s: %.2fx; p99 difference: %.2f ms%n", multiRate / singleRate,
            (multiLatency.getValueAtPercentile(99) - singleLatency.getValueAtPercentile(99)) / 1e6);
      }
    } finally {
      redis.destroyForcibly();
    }
    System.exit(0);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static String slices(double[] values) {
    return String.join(" ", Arrays.stream(values).mapToObj(v -> String.format("%.0f", v)).toList());
  }

  private static String row(String name, double perSecond, Histogram latency, Histogram handOver, String roundTrips) {
    return String.format("| %s | %.0f | %.2f | %.2f | %.2f | %.2f | %s |", name, perSecond,
        latency.getValueAtPercentile(50) / 1e6, latency.getValueAtPercentile(99) / 1e6,
        handOver.getValueAtPercentile(50) / 1e6, handOver.getValueAtPercentile(99) / 1e6, roundTrips);
  }

  /** One phase's times since a {@code System.nanoTime()} stamp; recorded by any thread, reset by the phase's. */
  private static final class Timings {
    /** The current phase's histogram; replaced by {@link #reset}. */
    private volatile Histogram histogram = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);

    void reset() {
      histogram = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
    }

    void since(long stampNanos) {
      histogram.recordValue(Math.max(0, System.nanoTime() - stampNanos));
    }

    Histogram histogram() {
      return histogram;
    }
  }

  /**
   * The Redis leg's own anchor: a plain Lettuce PUBLISH of the send time, right after each
   * cross-node publication, to three connections subscribed to it (as three nodes are), timed from
   * the publish call to each listener; the same load, no Pushwire.
   */
  private static final class RawPublish implements AutoCloseable {
    private static final String CHANNEL = "bench-anchor";
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> publisher;
    private final List<StatefulRedisPubSubConnection<String, String>> subscribers = new ArrayList<>();
    final Timings latency = new Timings();

    RawPublish(String uri) {
      client = RedisClient.create(uri);
      publisher = client.connect();
      for (int i = 0; i < 3; i++) {
        StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
        sub.addListener(new RedisPubSubAdapter<>() {
          @Override
          public void message(String channel, String message) {
            latency.since(Long.parseLong(message));
          }
        });
        sub.sync().subscribe(CHANNEL);
        subscribers.add(sub);
      }
    }

    void publish() {
      publisher.async().publish(CHANNEL, Long.toString(System.nanoTime()));
    }

    @Override
    public void close() {
      subscribers.forEach(StatefulRedisPubSubConnection::close);
      publisher.close();
      client.shutdown();
    }
  }

  /**
   * A broker that times each hand-over to its hub (from {@code hub.publish}, whose time the
   * benchmark's {@link TaskProgress} carries, to the broker handing the publication to each node's
   * hub: for Redis the script, PUB/SUB and the notification's decoding; in memory nothing), and
   * otherwise is its delegate.
   */
  private static final class HandOverBroker extends ForwardingBroker {
    private final Timings handOver;

    HandOverBroker(Broker delegate, Timings handOver) {
      super(delegate);
      this.handOver = handOver;
    }

    @Override
    public void start(Handler handler) {
      super.start(publication -> {
        if (publication.message() instanceof TaskProgress progress) {
          handOver.since(progress.progress().completed());
        }
        handler.onPublication(publication);
      });
    }
  }

  /**
   * Hubs served by {@code PushServer}s with subscribers spread round-robin over them; the first hub
   * publishes. One phase at a time: a phase resets the counters, then waits for its last delivery.
   */
  private static final class Setup implements AutoCloseable {
    private final String name;
    private final List<Hub> hubs;
    private final List<PushServer> servers = new ArrayList<>();
    private final List<WebSocket> sockets = new ArrayList<>();
    private final int subscribers;
    private final Timings handOver;
    /** A raw PUBLISH after each publication, as the Redis leg's anchor; null for none. */
    private final RawPublish anchor;
    /** Frames of the current phase; written by the clients' threads. */
    private final AtomicLong delivered = new AtomicLong();
    /** The current phase's latencies, from publish to a subscriber reading the frame. */
    private final Timings latency = new Timings();

    private Setup(String name, List<Hub> hubs, int subscribers, Timings handOver, RawPublish anchor) {
      this.name = name;
      this.hubs = hubs;
      this.subscribers = subscribers;
      this.handOver = handOver;
      this.anchor = anchor;
    }

    /** Serves {@code hubs}, each engine with {@code ioThreads} socket threads (0: its default), and connects. */
    static Setup start(String name, List<Hub> hubs, int ioThreads, int subscribers, Timings handOver,
        RawPublish anchor) throws Exception {
      Setup setup = new Setup(name, hubs, subscribers, handOver, anchor);
      for (Hub hub : hubs) {
        PushServer.Builder server = PushServer.builder().host("127.0.0.1").port(0).hub(hub).endpoint(ENDPOINT);
        if (ioThreads > 0) {
          server.ioThreads(ioThreads);
        }
        setup.servers.add(server.build().start());
      }
      setup.connect();
      return setup;
    }

    private void connect() throws Exception {
      CountDownLatch subscribed = new CountDownLatch(subscribers);
      HttpClient http = HttpClient.newHttpClient();
      for (int i = 0; i < subscribers; i++) {
        PushServer server = servers.get(i % servers.size());
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"),
            new WebSocket.Listener() {
              private final StringBuilder text = new StringBuilder();

              @Override
              public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                  String frame = text.toString();
                  text.setLength(0);
                  if (frame.contains("\"ack\"")) {
                    subscribed.countDown();
                  } else if (frame.contains("task_progress")) {
                    Matcher m = COMPLETED.matcher(frame);
                    if (m.find()) {
                      latency.since(Long.parseLong(m.group(1)));
                    }
                    delivered.incrementAndGet();
                  }
                }
                socket.request(1);
                return null;
              }
            }).get(10, TimeUnit.SECONDS);
        ws.sendText("{\"type\":\"subscribe\",\"id\":\"s\",\"data\":{\"topics\":[\"bench\"]}}", true);
        sockets.add(ws);
      }
      if (!subscribed.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + ": subscribers did not all subscribe");
      }
    }

    /** Publishes flat out ({@code burst}, then 1 ms) and answers deliveries/s until the last arrived. */
    double throughput(int publications, int burst) throws InterruptedException {
      begin();
      long began = System.nanoTime();
      for (int i = 0; i < publications; i++) {
        publish();
        if (i % burst == burst - 1) {
          Thread.sleep(1);
        }
      }
      awaitAll((long) subscribers * publications);
      return delivered.get() / ((System.nanoTime() - began) / 1e9);
    }

    /** Publishes {@code publications} at {@code perSecond} and answers their latencies. */
    Histogram latency(int publications, double perSecond) throws InterruptedException {
      begin();
      long period = (long) (1e9 / perSecond);
      long next = System.nanoTime();
      for (int i = 0; i < publications; i++) {
        while (System.nanoTime() < next) {
          LockSupport.parkNanos(Math.max(1_000, next - System.nanoTime()));
        }
        publish();
        next += period;
      }
      awaitAll((long) subscribers * publications);
      return latency.histogram();
    }

    private void begin() {
      delivered.set(0);
      latency.reset();
      handOver.reset();
      if (anchor != null) {
        anchor.latency.reset();
      }
    }

    private void publish() {
      hubs.get(0).publish("bench", new TaskProgress("b", new Progress(0, System.nanoTime(), 0, null, 0, null)));
      if (anchor != null) {
        anchor.publish();
      }
    }

    private void awaitAll(long expected) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (delivered.get() < expected && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      if (delivered.get() < expected) {
        System.out.println(name + ": only " + delivered.get() + " of " + expected + " delivered");
      }
    }

    @Override
    public void close() {
      sockets.forEach(WebSocket::abort);
      servers.forEach(PushServer::close);
      hubs.forEach(Hub::close);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }
}
