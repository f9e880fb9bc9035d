package io.pushwire.benchmarks.cluster;

import io.pushwire.broker.redis.RedisBroker;
import io.pushwire.broker.redis.RedisBrokerOptions;
import io.pushwire.protocol.Progress;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.server.Dialect;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import io.pushwire.server.PushServer;
import io.pushwire.server.auth.AuthMode;
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
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Cross-node fan-out on Redis against single-node fan-out, in one run: a publisher on node A,
 * subscribers spread over nodes A, B and C (three hubs on {@code RedisBroker}, one redis-server
 * started here on a free port of 127.0.0.1), then the same subscribers on one hub with
 * {@code InMemoryBroker}. Prints deliveries/s, p50/p99 publish-to-receive latency, and Redis round
 * trips per publication (1: the publish script). Bounded: a fixed number of publications.
 *
 * <p>{@code java -cp benchmarks.jar io.pushwire.benchmarks.cluster.ClusterFanOut [subscribers] [publications] [burst]}:
 * {@code burst} publications, then a 1 ms pause (default 50)
 */
public final class ClusterFanOut {

  private static final EndpointSpec ENDPOINT = EndpointSpec.builder("/ws").auth(AuthMode.NONE)
      .dialect(Dialect.ENVELOPE_MILLIS).build();
  private static final Pattern COMPLETED = Pattern.compile("\"completed\":(\\d+)");

  private ClusterFanOut() {
  }

  public static void main(String[] args) throws Exception {
    int subscribers = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int publications = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    int burst = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    Path dir = Files.createTempDirectory("pushwire-bench-redis");
    int redisPort = freePort();
    Process redis = new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
        "--dir", dir.toString(), "--save", "", "--appendonly", "no").redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile()).start();
    try {
      Thread.sleep(500); // a benchmark, not a test: give redis-server its start-up
      String uri = "redis://127.0.0.1:" + redisPort;
      List<Hub> cluster = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        cluster.add(Hub.builder().broker(RedisBroker.connect(uri, RedisBrokerOptions.defaults())).build());
      }
      Result multi = run("3 nodes on Redis", cluster, subscribers, publications, burst);
      Result single = run("1 node, in memory", List.of(Hub.builder().broker(new InMemoryBroker()).build()),
          subscribers, publications, burst);
      System.out.println();
      System.out.println("| setup | subscribers | publications | deliveries/s | p50 ms | p99 ms | Redis round trips / publication |");
      System.out.println("|---|---|---|---|---|---|---|");
      System.out.println(single.row(subscribers, publications, "0"));
      System.out.println(multi.row(subscribers, publications, "1"));
      System.out.printf("ratio of deliveries/s: %.2fx; p99 difference: %.2f ms%n",
          multi.perSecond / single.perSecond, multi.p99 - single.p99);
    } finally {
      redis.destroyForcibly();
    }
    System.exit(0);
  }

  private record Result(String name, double perSecond, double p50, double p99) {
    String row(int subscribers, int publications, String roundTrips) {
      return String.format("| %s | %d | %d | %.0f | %.2f | %.2f | %s |", name, subscribers, publications, perSecond,
          p50, p99, roundTrips);
    }
  }

  private static Result run(String name, List<Hub> hubs, int subscribers, int publications, int burst)
      throws Exception {
    List<PushServer> servers = new ArrayList<>();
    for (Hub hub : hubs) {
      servers.add(PushServer.builder().host("127.0.0.1").port(0).hub(hub).endpoint(ENDPOINT).build().start());
    }
    Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
    AtomicLong delivered = new AtomicLong();
    CountDownLatch subscribed = new CountDownLatch(subscribers);
    long expected = (long) subscribers * publications;
    CountDownLatch done = new CountDownLatch(1);
    HttpClient http = HttpClient.newHttpClient();
    List<WebSocket> sockets = new ArrayList<>();
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
                    latency.recordValue(Math.max(0, System.nanoTime() - Long.parseLong(m.group(1))));
                  }
                  if (delivered.incrementAndGet() == expected) {
                    done.countDown();
                  }
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
      throw new IllegalStateException("subscribers did not all subscribe");
    }
    Hub publisher = hubs.get(0);
    long began = System.nanoTime();
    for (int i = 0; i < publications; i++) {
      publisher.publish("bench", new TaskProgress("b", new Progress(0, System.nanoTime(), 0, null, 0, null)));
      if (i % burst == burst - 1) {
        Thread.sleep(1); // paced, so latency is latency rather than queueing behind the publisher
      }
    }
    boolean all = done.await(60, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - began) / 1e9;
    sockets.forEach(ws -> ws.abort());
    servers.forEach(PushServer::close);
    hubs.forEach(Hub::close);
    if (!all) {
      System.out.println(name + ": only " + delivered.get() + " of " + expected + " delivered");
    }
    return new Result(name, delivered.get() / seconds, latency.getValueAtPercentile(50) / 1e6,
        latency.getValueAtPercentile(99) / 1e6);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }
}
