package io.pushwire.server.monitoring;

import static io.pushwire.server.monitoring.MonitoringFixture.bearer;
import static io.pushwire.server.monitoring.MonitoringFixture.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.AlertLevel;
import io.pushwire.protocol.Status;
import io.pushwire.server.Limits;
import io.pushwire.server.TestServers;
import io.pushwire.server.WsClient;
import io.pushwire.server.monitoring.alerts.AlertRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Seed 001's four endpoints: auth, the connection message, and what each delivers unasked. */
class MonitoringEndpointsTest {

  private MonitoringFixture fixture;

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void connectionMessageCarriesTheClientIdFromTheXClientIdHeader() {
    fixture = MonitoringFixture.start();
    try (WsClient client = WsClient.connect(fixture.url("/ws"), bearer(TestServers.TOKEN, "client_12345"))) {
      JsonNode connection = client.awaitType("connection");
      assertEquals("connected", connection.path("data").path("status").asText());
      assertEquals("client_12345", connection.path("data").path("client_id").asText());
      assertTrue(connection.path("data").path("server_time").asText().endsWith("Z"), connection.toString());
      assertTrue(connection.path("timestamp").isTextual(), "seed 001 timestamps are ISO-8601 strings");
    }
  }

  @Test
  void connectionWithoutXClientIdGetsAServerAssignedClientId() {
    fixture = MonitoringFixture.start();
    try (WsClient client = WsClient.connect(fixture.url("/ws"), bearer(TestServers.TOKEN, null))) {
      JsonNode connection = client.awaitType("connection");
      assertTrue(connection.path("data").path("client_id").asText().startsWith("client-"), connection.toString());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/ws", "/ws/performance", "/ws/alerts", "/ws/status"})
  void wrongBearerTokenIsRefusedWithHttp401(String path) {
    fixture = MonitoringFixture.start();
    assertEquals(401, WsClient.handshakeStatus(fixture.url(path), bearer("not-an-api-key", "c1")));
  }

  @Test
  void missingAuthorizationHeaderIsRefusedWithHttp401() {
    fixture = MonitoringFixture.start();
    assertEquals(401, WsClient.handshakeStatus(fixture.url("/ws"), Map.of("X-Client-ID", "c1")));
  }

  @Test
  void performanceEndpointDeliversSamplesWithoutSubscribing() {
    fixture = MonitoringFixture.start();
    WsClient client = fixture.connect("/ws/performance");
    fixture.sample(ScriptedSource.cpu(45.2));
    JsonNode performance = client.awaitType("performance").path("data");
    assertEquals(45.2, performance.path("cpu_percent").asDouble());
    assertEquals(100, performance.path("process_count").asInt());
    assertEquals(1_000, performance.path("network_io").path("bytes_sent").asLong());
  }

  @Test
  void alertsEndpointDeliversAlertsOfEveryTypeWithoutSubscribing() {
    fixture = MonitoringFixture.start();
    WsClient client = fixture.connect("/ws/alerts");
    fixture.monitoring.alerts().trigger(AlertRequest.builder("cpu", "cpu", AlertLevel.WARNING).build());
    fixture.monitoring.alerts().trigger(AlertRequest.builder("mem", "memory", AlertLevel.CRITICAL).build());
    client.await(n -> "memory".equals(n.path("data").path("type").asText()));
    assertEquals(List.of("cpu", "memory"), data(client, "alert").stream().map(d -> d.path("type").asText()).toList());
  }

  @Test
  void statusEndpointDeliversStatusWithoutSubscribing() {
    fixture = MonitoringFixture.start();
    WsClient client = fixture.connect("/ws/status");
    fixture.monitoring.publishStatus(new Status("clipboard_monitor", "running", null, null, null, null));
    assertEquals("clipboard_monitor", client.awaitType("status").path("data").path("component").asText());
  }

  @Test
  void dedicatedEndpointReceivesOnlyItsOwnStream() {
    fixture = MonitoringFixture.start();
    WsClient alerts = fixture.connect("/ws/alerts");
    fixture.sample(ScriptedSource.cpu(45.2));
    fixture.monitoring.publishStatus(new Status("qbittorrent_client", "connected", null, null, null, null));
    fixture.monitoring.alerts().trigger(AlertRequest.builder("cpu", "cpu", AlertLevel.WARNING).build());
    alerts.awaitType("alert");
    assertTrue(alerts.ofType("performance").isEmpty());
    assertTrue(alerts.ofType("status").isEmpty());
  }

  @Test
  void mainEndpointDeliversNothingUntilTheClientSubscribes() {
    fixture = MonitoringFixture.start();
    WsClient client = fixture.connect("/ws");
    fixture.sample(ScriptedSource.cpu(45.2));
    fixture.monitoring.publishStatus(new Status("clipboard_monitor", "running", null, null, null, null));
    fixture.monitoring.alerts().trigger(AlertRequest.builder("cpu", "cpu", AlertLevel.WARNING).build());
    fixture.drain(client);
    assertEquals(List.of("connection", "pong", "pong"), // the pongs of connect()'s drain and of this one
        client.frames.stream().map(f -> readType(f)).toList());
  }

  @Test
  void mainEndpointTopicsOptionSubscribesEveryConnectionToThem() {
    fixture = MonitoringFixture.start(o -> o.mainEndpointTopics(Monitoring.PERFORMANCE_TOPIC));
    WsClient client = fixture.connect("/ws");
    fixture.sample(ScriptedSource.cpu(12.5));
    assertEquals(12.5, client.awaitType("performance").path("data").path("cpu_percent").asDouble());
  }

  @Test
  void basePathMovesAllFourEndpoints() {
    fixture = MonitoringFixture.start(o -> o.basePath("/monitor"));
    WsClient client = fixture.connect("/monitor/performance");
    fixture.sample(ScriptedSource.cpu(33.3));
    assertEquals(33.3, client.awaitType("performance").path("data").path("cpu_percent").asDouble());
  }

  @Test
  void barePingIsAnsweredWithPong() {
    fixture = MonitoringFixture.start();
    WsClient client = fixture.connect("/ws");
    client.send("{\"type\":\"ping\"}");
    JsonNode pong = client.await(n -> "pong".equals(n.path("type").asText())
        && !n.path("id").asText().startsWith("drain_")); // not the fixture's own ping
    assertTrue(pong.path("id").isTextual(), "a bare ping gets a pong with a generated id");
  }

  @Test
  void messagesOverTheRateAreAnsweredWithRateLimitExceededAndRetryAfter() {
    // A burst of two: one for the fixture's ping at connect, one for r1.
    fixture = MonitoringFixture.start(TestServers.hub().limits(Limits.builder().messageRate(0.1, 2).build()),
        o -> o);
    WsClient client = fixture.connect("/ws");
    client.send("{\"type\":\"request_data\",\"id\":\"r1\",\"data\":{\"metrics\":[\"cpu_percent\"]}}");
    client.send("{\"type\":\"request_data\",\"id\":\"r2\",\"data\":{\"metrics\":[\"cpu_percent\"]}}");
    JsonNode refused = client.awaitType("error");
    assertEquals("r2", refused.path("id").asText());
    JsonNode error = refused.path("data");
    assertEquals("RATE_LIMIT_EXCEEDED", error.path("code").asText());
    assertTrue(error.path("retry_after").asLong() > 0, error.toString());
  }

  private static String readType(String frame) {
    try {
      return WsClient.JSON.readTree(frame).path("type").asText();
    } catch (java.io.IOException e) {
      throw new AssertionError(frame, e);
    }
  }
}
