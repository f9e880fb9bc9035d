package io.pushwire.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.GetTasks;
import io.pushwire.protocol.TaskList;
import io.pushwire.server.Hub;
import io.pushwire.server.Registration;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The starter in a Spring Boot application on Tomcat, Spring Boot's default container; and what
 * Actuator shows of it there.
 */
class TomcatStarterTest extends StarterContract {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Override
  BootApps.Container container() {
    return BootApps.Container.TOMCAT;
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode getJson(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = get(path);
    assertEquals(200, response.statusCode(), response.body());
    return WsTestClient.JSON.readTree(response.body());
  }

  @Test
  @Order(50)
  void actuatorMetricsShowTheHubsConnectionsAndRequests() throws Exception {
    try (WsTestClient client = WsTestClient.connect(ws("/ws/task?token=alice-token"))) {
      client.send("{\"type\":\"get_task\",\"id\":\"m1\",\"data\":{\"task_id\":\"t1\"}}");
      client.awaitType("task_status");
      JsonNode connections = getJson("/actuator/metrics/pushwire.connections");
      assertEquals(1.0, connections.path("measurements").path(0).path("value").asDouble());
      JsonNode requests = getJson("/actuator/metrics/pushwire.requests?tag=type:get_task&tag=outcome:ok");
      assertTrue(requests.path("measurements").path(0).path("value").asDouble() >= 1, requests.toString());
      JsonNode authenticated = getJson("/actuator/metrics/pushwire.connections.authenticated?tag=endpoint:/ws/task");
      assertEquals(1.0, authenticated.path("measurements").path(0).path("value").asDouble());
    }
  }

  @Test
  @Order(54)
  void actuatorMetricsTimeRequestsOfHandlersThatAreNotBeansAndCountBytesByEndpoint() throws Exception {
    Hub hub = app.getBean(Hub.class);
    // registered on the hub directly, as a feature registers its handlers: no bean to wrap
    try (Registration handler = hub.onRequest(GetTasks.class, (request, ctx) -> ctx.reply(new TaskList(List.of())));
        WsTestClient client = WsTestClient.connect(ws("/ws/task?token=alice-token"))) {
      client.send("{\"type\":\"get_tasks\",\"id\":\"m2\",\"data\":{}}");
      client.awaitType("task_list");
      JsonNode requests = getJson(
          "/actuator/metrics/pushwire.requests?tag=type:get_tasks&tag=endpoint:/ws/task&tag=outcome:ok");
      assertEquals(1.0, requests.path("measurements").path(0).path("value").asDouble(), requests.toString());

      JsonNode bytesOut = getJson("/actuator/metrics/pushwire.bytes.out");
      assertEquals((double) hub.stats().bytesOut(), bytesOut.path("measurements").path(0).path("value").asDouble());
      assertTrue(hub.stats().bytesOut() > 0);
      JsonNode endpointBytesIn = getJson("/actuator/metrics/pushwire.endpoint.bytes.in?tag=endpoint:/ws/task");
      assertEquals((double) hub.stats("/ws/task").bytesIn(),
          endpointBytesIn.path("measurements").path(0).path("value").asDouble());
      assertTrue(hub.stats("/ws/task").bytesIn() > 0);
      Awaitility.await().until(() -> hub.stats("/ws/task").connections() == 1); // earlier tests' clients gone
      JsonNode endpointConnections = getJson("/actuator/metrics/pushwire.endpoint.connections?tag=endpoint:/ws/task");
      assertEquals(1.0, endpointConnections.path("measurements").path(0).path("value").asDouble());
    }
  }

  @Test
  @Order(51)
  void prometheusScrapesEveryPushwireMeter() throws Exception {
    try (WsTestClient client = WsTestClient.connect(ws("/ws/task?token=alice-token"))) {
      client.send("{\"type\":\"subscribe\",\"id\":\"p1\",\"data\":{\"topics\":[\"task:progress\"]}}");
      client.awaitType("ack");
      app.getBean(PushApp.ProgressPublisher.class).progress("t2", 10);
      client.awaitType("task_progress");
      HttpResponse<String> response = get("/actuator/prometheus");
      assertEquals(200, response.statusCode());
      String scrape = response.body();
      for (String series : new String[] {"pushwire_connections ", "pushwire_subscriptions ",
          "pushwire_connections_opened_total ", "pushwire_connections_closed_slow_total ",
          "pushwire_frames_in_total ", "pushwire_frames_out_total ", "pushwire_frames_dropped_total ",
          "pushwire_frames_rejected_total ", "pushwire_auth_failures_total ",
          "pushwire_bytes_in_total ", "pushwire_bytes_out_total ",
          "pushwire_endpoint_connections{endpoint=\"/ws/task\"}",
          "pushwire_endpoint_frames_in_total{endpoint=\"/ws/task\"}",
          "pushwire_endpoint_bytes_out_total{endpoint=\"/ws/video\"}",
          "pushwire_endpoint_auth_failures_total{endpoint=\"/ws\"}",
          "pushwire_requests_seconds_count{endpoint=\"/ws/task\",outcome=\"ok\",type=\"get_task\"}",
          "pushwire_connections_authenticated{endpoint=\"/ws/task\"}",
          "pushwire_subscriptions_added_total{endpoint=\"/ws/task\"}",
          "pushwire_broker_publish_seconds_count{broker=\"InMemoryBroker\"}"}) {
        assertTrue(scrape.contains(series), "no " + series + " in\n" + scrape);
      }
    }
  }

  @Test
  @Order(52)
  void healthReportsTheHub() throws Exception {
    JsonNode pushwire = getJson("/actuator/health").path("components").path("pushwire");
    assertEquals("UP", pushwire.path("status").asText(), pushwire.toString());
    assertEquals("RUNNING", pushwire.path("details").path("state").asText());
    assertEquals("InMemoryBroker", pushwire.path("details").path("broker").asText());
    assertEquals(10_000, pushwire.path("details").path("maxConnections").asInt());
  }

  @Test
  @Order(53)
  void theApplicationHasNoGrizzlyAndNoTyrusServer() {
    Awaitility.await().until(() -> app.isRunning());
    for (String absent : new String[] {"org.glassfish.grizzly.http.server.HttpServer",
        "org.glassfish.tyrus.server.Server", "org.glassfish.tyrus.client.ClientManager",
        "org.glassfish.tyrus.container.grizzly.server.GrizzlyServerContainer",
        "org.glassfish.tyrus.core.TyrusSession"}) {
      assertThrows(ClassNotFoundException.class, () -> Class.forName(absent), absent);
    }
  }
}
