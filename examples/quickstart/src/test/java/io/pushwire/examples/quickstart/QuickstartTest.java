package io.pushwire.examples.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.examples.support.ExampleOptions;
import io.pushwire.examples.support.WireClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The quickstart's frames, over real sockets, as the dashboard page receives them. */
class QuickstartTest {

  private static final String TOKEN = "t0k";
  private static Quickstart.Running quickstart;

  @BeforeAll
  static void start() throws Exception {
    quickstart = Quickstart.start(new ExampleOptions("127.0.0.1", 0, TOKEN));
  }

  @AfterAll
  static void stop() {
    quickstart.close();
  }

  @Test
  void servesTheDashboardAtTheRootAndTheClientItLoadsFromItsOwnJar() throws Exception {
    // HTTP/1.1 as a browser asks: Grizzly leaves out Content-Type when a request offers an h2c upgrade.
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> page = http.send(
        HttpRequest.newBuilder(URI.create(quickstart.pageUrl())).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode());
    // The page's sockets are the browser's own WebSocket, opened by the Pushwire client the
    // quickstart serves itself (no CDN): the page imports it, the server hands it out.
    assertTrue(page.body().contains("from '/pushwire/pushwire.js'"));
    String base = "http://127.0.0.1:" + quickstart.port();
    for (String file : List.of("/pushwire/pushwire.js", "/pushwire/generated/protocol.js")) {
      HttpResponse<String> script = http.send(HttpRequest.newBuilder(URI.create(base + file)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, script.statusCode(), file);
      assertTrue(script.headers().firstValue("Content-Type").orElse("").contains("javascript"), file);
    }
    HttpResponse<String> client = http.send(HttpRequest.newBuilder(URI.create(base + "/pushwire/pushwire.js")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertTrue(client.body().contains("export class PushClient"));
    assertTrue(client.body().contains("globalThis.WebSocket"), "a browser's own WebSocket");
  }

  @Test
  void theReadyLineListsThePageWithItsTokenAndEveryEndpoint() {
    String port = ":" + quickstart.port();
    assertEquals(List.of("http://127.0.0.1" + port + "/?token=t0k", "ws://127.0.0.1" + port + "/ws",
        "ws://127.0.0.1" + port + "/ws/task", "ws://127.0.0.1" + port + "/ws/dashboard",
        "ws://127.0.0.1" + port + "/ws/monitor"), quickstart.urls());
  }

  @Test
  void theLogEndpointStreamsTheRunningLogAndTheJobBoardAfterFirstMessageAuth() {
    try (WireClient log = WireClient.connect(quickstart.webSocketUrl("/ws"))) {
      log.send("{\"type\":\"auth\",\"token\":\"t0k\"}");
      log.awaitFrame(f -> f.path("message").asText().equals("auth ok"));
      assertTrue(log.awaitType("sub_download_jobs").path("jobs").has("started_time"));

      log.send("{\"type\":\"get_running_log\"}");
      JsonNode first = log.awaitType("running_log");
      log.send("{\"type\":\"common_reply\",\"message\":\"ok\"}");
      JsonNode pushed = log.awaitFrame(f -> f.path("type").asText().equals("running_log") && f != first);
      assertEquals(first.path("log").path("index").asLong() + first.path("log").path("log_lines").size(),
          pushed.path("log").path("index").asLong(), "the push starts where the answer ended");
      assertTrue(pushed.path("log").path("log_lines").get(0).path("content").asText().contains("[scan "));
    }
  }

  @Test
  void aWrongTokenOnTheLogEndpointIsRefusedWithAuthError() {
    try (WireClient log = WireClient.connect(quickstart.webSocketUrl("/ws"))) {
      log.send("{\"type\":\"auth\",\"token\":\"nope\"}");
      log.awaitFrame(f -> f.path("message").asText().equals("auth error"));
      assertEquals(4500, log.awaitClose());
    }
  }

  @Test
  void theTaskEndpointPushesDownloadProgress() {
    try (WireClient tasks = WireClient.connect(quickstart.webSocketUrl("/ws/task")
        + "?token=t0k&topics=task:progress,task:status")) {
      tasks.awaitType("ack");
      JsonNode progress = tasks.awaitFrame(f -> f.path("type").asText().equals("task_progress")
          && f.path("data").path("progress").path("completed").asLong() > 0);
      assertTrue(progress.path("data").path("task_id").asText().startsWith("download_"));
      assertEquals(30, progress.path("data").path("progress").path("total").asLong());
    }
  }

  @Test
  void theDashboardEndpointTakesTheTokenInTheQueryAndPushesMetricsAndAlerts() {
    try (WireClient dashboard = WireClient.connect(quickstart.webSocketUrl("/ws/dashboard") + "?token=t0k")) {
      assertEquals("connected", dashboard.awaitType("connection").path("data").path("status").asText());
      dashboard.awaitFrame(f -> f.path("data").has("memory_percent"));
      // The queue alert is active for a quarter of each wave: sent at once if it is active now,
      // else when the next wave raises it, at most one period (plus a sample) away.
      JsonNode alert = dashboard.awaitFrame(f -> f.path("type").asText().equals("alert"),
          Quickstart.QUEUE_WAVE.plusSeconds(10));
      assertEquals("queue", alert.path("data").path("type").asText());
      assertEquals("Download queue is backing up", alert.path("data").path("title").asText());
    }
  }

  @Test
  void theSeed001EndpointsKeepTheirBearerHeader() {
    assertEquals(401, WireClient.refusedHandshakeStatus(quickstart.webSocketUrl("/ws/monitor/performance") + "?token=t0k"));
    try (WireClient performance = WireClient.connect(quickstart.webSocketUrl("/ws/monitor/performance"),
        Map.of("Authorization", "Bearer t0k", "X-Client-ID", "probe"))) {
      assertEquals("probe", performance.awaitType("connection").path("data").path("client_id").asText());
      performance.awaitType("performance");
    }
  }
}
