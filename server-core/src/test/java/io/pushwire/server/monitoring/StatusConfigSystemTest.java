package io.pushwire.server.monitoring;

import static io.pushwire.server.monitoring.MonitoringFixture.data;
import static io.pushwire.server.monitoring.MonitoringFixture.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.Config;
import io.pushwire.protocol.Status;
import io.pushwire.protocol.SystemEvent;
import io.pushwire.server.WsClient;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** status, config and system messages as an application publishes them, in seed 001's shapes, and the state sent on subscribe. */
class StatusConfigSystemTest {

  private MonitoringFixture fixture;

  private void start(UnaryOperator<MonitoringOptions.Builder> options) {
    fixture = MonitoringFixture.start(options);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private static Status status(String component, String state) {
    return new Status(component, state, Instant.parse("2024-01-01T11:59:00Z"), null,
        Map.of("processed_count", 25), null);
  }

  private static List<String> components(WsClient client) {
    return data(client, "status").stream()
        .map(d -> d.path("component").asText() + "=" + d.path("status").asText()).toList();
  }

  @Test
  void statusChangeReachesStatusSubscribersInTheSeedsShape() {
    start(o -> o);
    WsClient client = fixture.connect("/ws");
    subscribe(client, "s1", "[\"status\"]", null);
    fixture.monitoring.publishStatus(status("clipboard_monitor", "running"));
    JsonNode data = client.awaitType("status").path("data");
    assertEquals("clipboard_monitor", data.path("component").asText());
    assertEquals("running", data.path("status").asText());
    assertEquals("2024-01-01T11:59:00Z", data.path("last_check").asText());
    assertEquals(25, data.path("details").path("processed_count").asInt());
  }

  @Test
  void subscriberIsSentTheLatestStatusOfEachComponent() {
    start(o -> o);
    fixture.monitoring.publishStatus(status("clipboard_monitor", "starting"));
    fixture.monitoring.publishStatus(status("qbittorrent_client", "connected"));
    fixture.monitoring.publishStatus(status("clipboard_monitor", "running"));
    WsClient client = fixture.connect("/ws/status");
    fixture.drain(client);
    assertEquals(List.of("qbittorrent_client=connected", "clipboard_monitor=running"), components(client));
  }

  @Test
  void statusSentOnSubscribePassesTheSubscriptionsFilter() {
    start(o -> o);
    fixture.monitoring.publishStatus(status("clipboard_monitor", "running"));
    fixture.monitoring.publishStatus(status("qbittorrent_client", "connected"));
    WsClient client = fixture.connect("/ws");
    subscribe(client, "s1", "[\"status\"]", "{\"component\":[\"qbittorrent_client\"]}");
    fixture.drain(client);
    assertEquals(List.of("qbittorrent_client=connected"), components(client));
  }

  @Test
  void componentsBeyondTheBoundForgetTheLeastRecentlyUpdated() {
    start(o -> o.maxStatusComponents(2));
    fixture.monitoring.publishStatus(status("a", "running"));
    fixture.monitoring.publishStatus(status("b", "running"));
    fixture.monitoring.publishStatus(status("a", "stopped"));
    fixture.monitoring.publishStatus(status("c", "running"));
    WsClient client = fixture.connect("/ws/status");
    fixture.drain(client);
    assertEquals(List.of("a=stopped", "c=running"), components(client));
  }

  @Test
  void configChangeCarriesTheFieldsWithTheirOldAndNewValues() {
    start(o -> o);
    WsClient client = fixture.connect("/ws");
    subscribe(client, "s1", "[\"config\"]", null);
    Map<String, Object> before = new LinkedHashMap<>();
    before.put("check_interval", 1.0);
    before.put("log_level", "INFO");
    Map<String, Object> after = new LinkedHashMap<>();
    after.put("check_interval", 5.0);
    after.put("log_level", "DEBUG");
    fixture.monitoring.publishConfig(new Config("updated", List.of("check_interval", "log_level"), before, after, "system"));
    JsonNode data = client.awaitType("config").path("data");
    assertEquals("updated", data.path("action").asText());
    assertEquals("log_level", data.path("fields").path(1).asText());
    assertEquals(1.0, data.path("old_values").path("check_interval").asDouble());
    assertEquals("DEBUG", data.path("new_values").path("log_level").asText());
    assertEquals("system", data.path("updated_by").asText());
  }

  @Test
  void systemEventWritesItsOwnFieldsBesideTheNamedOnes() {
    start(o -> o);
    WsClient client = fixture.connect("/ws");
    subscribe(client, "s1", "[\"system\"]", null);
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("previous_uptime", 86400);
    attributes.put("new_pid", 12345);
    fixture.monitoring.publishSystem(new SystemEvent("service_restart", "qbittorrent_monitor",
        "configuration_update", attributes));
    JsonNode data = client.awaitType("system").path("data");
    assertEquals("service_restart", data.path("event").asText());
    assertEquals("configuration_update", data.path("reason").asText());
    assertEquals(86400, data.path("previous_uptime").asInt());
    assertEquals(12345, data.path("new_pid").asInt());
  }

  @Test
  void performanceSubscriberIsSentTheLatestSystemSampleAtOnce() {
    start(o -> o);
    fixture.sample(ScriptedSource.cpu(30));
    fixture.sample(ScriptedSource.cpu(45.2));
    WsClient client = fixture.connect("/ws");
    subscribe(client, "s1", "[\"performance\"]", null);
    fixture.drain(client);
    assertEquals(List.of(45.2), data(client, "performance").stream().map(d -> d.path("cpu_percent").asDouble()).toList());
  }
}
