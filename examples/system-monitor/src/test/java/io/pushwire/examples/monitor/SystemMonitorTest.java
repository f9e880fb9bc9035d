package io.pushwire.examples.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.examples.support.ExampleOptions;
import io.pushwire.examples.support.WireClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Seed 001's frames on its four endpoints, and the dashboard's endpoint. */
class SystemMonitorTest {

  private static final Map<String, String> BEARER = Map.of("Authorization", "Bearer t0k", "X-Client-ID", "client_12345");
  /** Samples five times a second; the queue's wave passes 70 and falls back below 40 every 3 s. */
  private static final SystemMonitor.Pace FAST = new SystemMonitor.Pace(Duration.ofMillis(200), Duration.ofSeconds(3));
  private static SystemMonitor.Running example;

  @BeforeAll
  static void start() throws Exception {
    example = SystemMonitor.start(new ExampleOptions("127.0.0.1", 0, "t0k"), FAST);
  }

  @AfterAll
  static void stop() {
    example.close();
  }

  @Test
  void servesTheDashboardPage() throws Exception {
    HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(example.pageUrl())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("/ws/dashboard?token="));
    // The page's client comes from the example's own jar (no CDN). HTTP/1.1 as a browser asks:
    // Grizzly leaves out Content-Type when a request offers an h2c upgrade.
    assertTrue(page.body().contains("from '/pushwire/pushwire.js'"));
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String base = "http://127.0.0.1:" + example.server().port();
    for (String file : new String[] {"/pushwire/pushwire.js", "/pushwire/generated/protocol.js"}) {
      HttpResponse<String> script = http.send(HttpRequest.newBuilder(URI.create(base + file)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, script.statusCode(), file);
      assertTrue(script.headers().firstValue("Content-Type").orElse("").contains("javascript"), file);
    }
  }

  @Test
  void thePerformanceEndpointGreetsThenPushesTheHostsRealFigures() {
    try (WireClient client = WireClient.connect(example.webSocketUrl("/ws/performance"), BEARER)) {
      JsonNode connected = client.awaitType("connection").path("data");
      assertEquals("connected", connected.path("status").asText());
      assertEquals("client_12345", connected.path("client_id").asText());
      JsonNode sample = client.awaitFrame(f -> f.path("data").has("cpu_percent")).path("data");
      assertTrue(sample.path("memory_percent").asDouble() > 0, sample.toString());
      assertTrue(sample.path("process_count").asInt() > 0, sample.toString());
    }
  }

  @Test
  void theAlertsEndpointSeesTheQueueAlertRaisedAndResolved() {
    try (WireClient client = WireClient.connect(example.webSocketUrl("/ws/alerts"), BEARER)) {
      JsonNode raised = client.awaitFrame(f -> f.path("data").path("status").asText().equals("active")
          && f.path("data").path("type").asText().equals("queue")).path("data");
      assertEquals("Request queue backing up", raised.path("title").asText());
      assertEquals(70.0, raised.path("threshold").asDouble());
      JsonNode resolved = client.awaitFrame(f -> f.path("data").path("status").asText().equals("resolved")
          && f.path("data").path("alert_id").equals(raised.path("alert_id"))).path("data");
      assertEquals("system", resolved.path("resolved_by").asText());
    }
  }

  @Test
  void theStatusEndpointPushesTheWorkersStatus() {
    try (WireClient client = WireClient.connect(example.webSocketUrl("/ws/status"), BEARER)) {
      JsonNode status = client.awaitType("status").path("data");
      assertEquals("download_worker", status.path("component").asText());
      assertTrue(status.path("details").has("handled_requests"));
    }
  }

  @Test
  void theMainEndpointServesSubscriptionsWithFiltersAndRequestData() {
    try (WireClient client = WireClient.connect(example.webSocketUrl("/ws"), BEARER)) {
      client.awaitType("connection");
      client.send("{\"type\":\"subscribe\",\"id\":\"sub_1\",\"data\":{\"events\":[\"alert.*\"],\"filters\":{\"level\":[\"warning\",\"critical\"]}}}");
      assertTrue(client.awaitFrame(f -> f.path("id").asText().equals("sub_1")).path("data").path("success").asBoolean());
      client.awaitType("alert");
      client.send("{\"type\":\"request_data\",\"id\":\"req_1\",\"data\":{\"metrics\":[\"memory_percent\",\"request_queue_depth\"],\"history_minutes\":10}}");
      JsonNode history = client.awaitFrame(f -> f.path("id").asText().equals("req_1"));
      assertEquals("metrics_history", history.path("type").asText());
      assertTrue(history.path("data").path("metrics").path("request_queue_depth").path("samples").size() > 0);
    }
  }

  @Test
  void theSeedEndpointsRefuseAHandshakeWithoutTheBearerHeader() {
    assertEquals(401, WireClient.refusedHandshakeStatus(example.webSocketUrl("/ws/alerts")));
    assertEquals(401, WireClient.refusedHandshakeStatus(example.webSocketUrl("/ws/alerts") + "?token=t0k"));
  }

  @Test
  void theDashboardEndpointTakesTheTokenInTheQuery() {
    assertEquals(401, WireClient.refusedHandshakeStatus(example.webSocketUrl("/ws/dashboard") + "?token=wrong"));
    try (WireClient client = WireClient.connect(example.webSocketUrl("/ws/dashboard") + "?token=t0k")) {
      client.awaitType("connection");
      client.awaitFrame(f -> f.path("data").has("memory_percent"));
      client.awaitType("alert");
      client.awaitType("status");
    }
  }
}
