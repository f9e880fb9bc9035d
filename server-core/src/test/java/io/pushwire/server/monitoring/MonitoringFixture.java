package io.pushwire.server.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.SystemMetrics;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import io.pushwire.server.PushServer;
import io.pushwire.server.TestServers;
import io.pushwire.server.WsClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A real server with monitoring installed for tests: sampling is manual from a scripted source
 * and time comes from a clock the test moves, unless the test's options say otherwise. Clients
 * connect with a bearer token and an X-Client-ID, as seed 001's do.
 */
final class MonitoringFixture implements AutoCloseable {

  static final Instant START = Instant.parse("2024-01-01T12:00:00Z");

  final Hub hub;
  final Monitoring monitoring;
  final PushServer server;
  final ScriptedSource source = new ScriptedSource();
  final MutableClock clock = new MutableClock(START);
  private final List<WsClient> clients = new ArrayList<>();
  private final AtomicInteger pings = new AtomicInteger();

  private MonitoringFixture(Hub.Builder hub, UnaryOperator<MonitoringOptions.Builder> options) {
    this.hub = hub.build();
    try {
      this.monitoring = Monitoring.install(this.hub,
          options.apply(MonitoringOptions.builder().manualSampling().source(source).clock(clock)).build());
    } catch (RuntimeException e) {
      this.hub.close();
      throw e;
    }
    this.server = TestServers.start(this.hub, monitoring.endpoints().toArray(EndpointSpec[]::new));
  }

  static MonitoringFixture start() {
    return start(UnaryOperator.identity());
  }

  static MonitoringFixture start(UnaryOperator<MonitoringOptions.Builder> options) {
    return new MonitoringFixture(TestServers.hub(), options);
  }

  static MonitoringFixture start(Hub.Builder hub, UnaryOperator<MonitoringOptions.Builder> options) {
    return new MonitoringFixture(hub, options);
  }

  String url(String path) {
    return TestServers.url(server, path);
  }

  static Map<String, String> bearer(String token, String clientId) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Authorization", "Bearer " + token);
    if (clientId != null) {
      headers.put("X-Client-ID", clientId);
    }
    return headers;
  }

  /**
   * Connects as alice with a client id and waits for the connection message and then for the
   * endpoint's automatic subscriptions, which the server makes after that message.
   */
  WsClient connect(String path) {
    return connect(path, "client_" + clients.size());
  }

  WsClient connect(String path, String clientId) {
    WsClient client = WsClient.connect(url(path), bearer(TestServers.TOKEN, clientId));
    clients.add(client);
    client.awaitType("connection");
    drain(client); // the pong comes after the open callback's auto-subscriptions and their snapshots
    return client;
  }

  /** Sends a seed 001 subscribe and waits for its ack. */
  static void subscribe(WsClient client, String id, String eventsJson, String filtersJson) {
    client.send("{\"type\":\"subscribe\",\"id\":\"" + id + "\",\"data\":{\"events\":" + eventsJson
        + (filtersJson == null ? "" : ",\"filters\":" + filtersJson) + "}}");
    client.await(n -> "ack".equals(n.path("type").asText()) && id.equals(n.path("id").asText()));
  }

  /**
   * Waits until every frame the server queued for {@code client} before this call has arrived:
   * a ping's pong follows them on the connection's one ordered queue.
   */
  void drain(WsClient client) {
    String id = "drain_" + pings.incrementAndGet();
    client.send("{\"type\":\"ping\",\"id\":\"" + id + "\"}");
    client.await(n -> "pong".equals(n.path("type").asText()) && id.equals(n.path("id").asText()));
  }

  /** Takes one system sample with {@code metrics} and waits until it is published. */
  void sample(SystemMetrics metrics) {
    source.set(metrics);
    monitoring.sampleNow().join();
  }

  /** The data of the frames of {@code type} that {@code client} received, in order. */
  static List<JsonNode> data(WsClient client, String type) {
    return client.ofType(type).stream().map(n -> n.path("data")).toList();
  }

  @Override
  public void close() {
    clients.forEach(WsClient::close);
    server.close();
    monitoring.close();
    hub.close();
  }
}
