package io.pushwire.server.monitoring;

import static io.pushwire.server.monitoring.MonitoringFixture.data;
import static io.pushwire.server.monitoring.MonitoringFixture.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.AlertLevel;
import io.pushwire.protocol.AlertResolved;
import io.pushwire.server.WsClient;
import io.pushwire.server.monitoring.alerts.AlertManager;
import io.pushwire.server.monitoring.alerts.AlertRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An alert's life on the wire: trigger, update, resolve under one alert_id; and what a new subscriber is sent. */
class AlertLifecycleTest {

  private MonitoringFixture fixture;
  private AlertManager alerts;

  private void start() {
    start(MonitoringOptions.DEFAULT_MAX_ACTIVE_ALERTS, MonitoringOptions.DEFAULT_RESOLVED_HISTORY);
  }

  private void start(int maxActive, int resolvedHistory) {
    fixture = MonitoringFixture.start(o -> o.alertBounds(maxActive, resolvedHistory));
    alerts = fixture.monitoring.alerts();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private static AlertRequest cpu(AlertLevel level, double value) {
    return AlertRequest.builder("cpu-high", "cpu", level)
        .title("CPU使用率过高")
        .message("CPU使用率达到 " + value + "%，建议检查进程")
        .value(value)
        .threshold(80.0)
        .metadata(Map.of("affected_processes", List.of("python", "qbittorrent"), "suggestion", "检查高CPU使用率进程"))
        .build();
  }

  @Test
  void triggerUpdateAndResolveCarryOneAlertIdOnTheWire() {
    start();
    WsClient client = fixture.connect("/ws/alerts");
    alerts.trigger(cpu(AlertLevel.WARNING, 85.2));
    alerts.trigger(cpu(AlertLevel.CRITICAL, 97.0));
    fixture.clock.advance(Duration.ofMinutes(5));
    alerts.resolve("cpu-high", "Issue resolved by restarting service", "admin");
    client.await(n -> "resolved".equals(n.path("data").path("status").asText()));

    List<JsonNode> frames = data(client, "alert");
    assertEquals(3, frames.size(), frames.toString());
    String alertId = frames.get(0).path("alert_id").asText();
    assertTrue(alertId.startsWith("alert_"), alertId);
    frames.forEach(frame -> assertEquals(alertId, frame.path("alert_id").asText()));
    assertEquals(List.of("active", "active", "resolved"), frames.stream().map(f -> f.path("status").asText()).toList());
    assertEquals(List.of("warning", "critical", "critical"), frames.stream().map(f -> f.path("level").asText()).toList());
    assertEquals(97.0, frames.get(1).path("value").asDouble());
    JsonNode resolved = frames.get(2);
    assertEquals("cpu", resolved.path("type").asText());
    assertEquals("2024-01-01T12:05:00Z", resolved.path("resolved_at").asText());
    assertEquals("Issue resolved by restarting service", resolved.path("resolution").asText());
    assertEquals("admin", resolved.path("resolved_by").asText());
  }

  @Test
  void triggeredAlertHasEverySeedField() {
    start();
    WsClient client = fixture.connect("/ws/alerts");
    alerts.trigger(cpu(AlertLevel.WARNING, 85.2));
    JsonNode alert = client.awaitType("alert").path("data");
    assertEquals("cpu", alert.path("type").asText());
    assertEquals("warning", alert.path("level").asText());
    assertEquals("CPU使用率过高", alert.path("title").asText());
    assertEquals("CPU使用率达到 85.2%，建议检查进程", alert.path("message").asText());
    assertEquals(85.2, alert.path("value").asDouble());
    assertEquals(80.0, alert.path("threshold").asDouble());
    assertEquals("active", alert.path("status").asText());
    assertEquals("qbittorrent", alert.path("metadata").path("affected_processes").path(1).asText());
  }

  @Test
  void triggeringAnActiveAlertAgainUpdatesItInsteadOfAddingOne() {
    start();
    alerts.trigger(cpu(AlertLevel.WARNING, 85.2));
    alerts.trigger(cpu(AlertLevel.WARNING, 88.0));
    WsClient client = fixture.connect("/ws/alerts");
    fixture.drain(client);
    List<JsonNode> active = data(client, "alert");
    assertEquals(1, active.size(), "a new subscriber sees one alert, not two");
    assertEquals(88.0, active.get(0).path("value").asDouble());
    assertEquals(1, alerts.active().size());
  }

  @Test
  void triggeringAgainWithNothingChangedPushesNothing() {
    start();
    WsClient client = fixture.connect("/ws/alerts");
    alerts.trigger(cpu(AlertLevel.WARNING, 85.2));
    alerts.trigger(cpu(AlertLevel.WARNING, 85.2));
    fixture.drain(client);
    assertEquals(1, client.ofType("alert").size());
  }

  @Test
  void alertRaisedAgainAfterItsResolutionIsANewAlertWithANewId() {
    start();
    WsClient client = fixture.connect("/ws/alerts");
    String first = alerts.trigger(cpu(AlertLevel.WARNING, 85.2)).alertId();
    alerts.resolve("cpu-high", null, null);
    alerts.trigger(cpu(AlertLevel.WARNING, 90.0));
    fixture.drain(client);
    List<String> ids = data(client, "alert").stream().map(d -> d.path("alert_id").asText()).toList();
    assertEquals(List.of(first, first), ids.subList(0, 2));
    assertNotEquals(first, ids.get(2));
  }

  @Test
  void subscriberIsSentTheActiveAlertsOfItsEventsAndNoResolvedOnes() {
    start();
    alerts.trigger(AlertRequest.builder("cpu-a", "cpu", AlertLevel.WARNING).title("cpu-a").build());
    alerts.trigger(AlertRequest.builder("memory", "memory", AlertLevel.WARNING).title("memory").build());
    alerts.trigger(AlertRequest.builder("cpu-b", "cpu", AlertLevel.CRITICAL).title("cpu-b").build());
    alerts.trigger(AlertRequest.builder("cpu-old", "cpu", AlertLevel.CRITICAL).title("cpu-old").build());
    alerts.resolve("cpu-old", "gone", "admin");
    WsClient client = fixture.connect("/ws");
    subscribe(client, "s1", "[\"alert.cpu\"]", null);
    fixture.drain(client);
    List<JsonNode> sent = client.ofType("alert");
    assertEquals(List.of("cpu-a", "cpu-b"), sent.stream().map(n -> n.path("data").path("title").asText()).toList());
    sent.forEach(n -> assertEquals("s1", n.path("id").asText(), "sent as replies to the subscribe"));
  }

  @Test
  void activeAlertsSentOnSubscribePassTheSubscriptionsFilter() {
    start();
    alerts.trigger(AlertRequest.builder("cpu-warning", "cpu", AlertLevel.WARNING).title("cpu-warning").build());
    alerts.trigger(AlertRequest.builder("cpu-critical", "cpu", AlertLevel.CRITICAL).title("cpu-critical").build());
    WsClient client = fixture.connect("/ws");
    subscribe(client, "s1", "[\"alert.*\"]", "{\"level\":[\"critical\"]}");
    fixture.drain(client);
    assertEquals(List.of("cpu-critical"), data(client, "alert").stream().map(d -> d.path("title").asText()).toList());
  }

  @Test
  void alertsEndpointSendsTheActiveAlertsOnConnect() {
    start();
    String id = alerts.trigger(cpu(AlertLevel.WARNING, 85.2)).alertId();
    WsClient client = fixture.connect("/ws/alerts");
    assertEquals(id, client.awaitType("alert").path("data").path("alert_id").asText());
  }

  @Test
  void resolvingAKeyThatIsNotActivePublishesNothing() {
    start();
    WsClient client = fixture.connect("/ws/alerts");
    assertTrue(alerts.resolve("never-raised", "n/a", "admin").isEmpty());
    fixture.drain(client);
    assertEquals(List.of(), client.ofType("alert"));
  }

  @Test
  void newAlertBeyondTheActiveBoundIsRefusedWhileUpdatesStillGoOut() {
    start(2, 10);
    WsClient client = fixture.connect("/ws/alerts");
    alerts.trigger(AlertRequest.builder("a", "cpu", AlertLevel.WARNING).build());
    alerts.trigger(AlertRequest.builder("b", "cpu", AlertLevel.WARNING).build());
    assertThrows(IllegalStateException.class,
        () -> alerts.trigger(AlertRequest.builder("c", "cpu", AlertLevel.WARNING).build()));
    alerts.trigger(AlertRequest.builder("b", "cpu", AlertLevel.CRITICAL).build());
    fixture.drain(client);
    assertEquals(List.of("warning", "warning", "critical"),
        data(client, "alert").stream().map(d -> d.path("level").asText()).toList());
  }

  @Test
  void resolvedHistoryKeepsOnlyTheLatestResolutions() {
    start(10, 2);
    for (String key : List.of("a", "b", "c")) {
      alerts.trigger(AlertRequest.builder(key, "cpu", AlertLevel.WARNING).build());
      alerts.resolve(key, "fixed " + key, "admin");
    }
    assertEquals(List.of("fixed b", "fixed c"),
        alerts.recentlyResolved().stream().map(AlertResolved::resolution).toList());
  }

  @Test
  void activeKeyRaisedWithAnotherTypeIsRefused() {
    start();
    alerts.trigger(AlertRequest.builder("k", "cpu", AlertLevel.WARNING).build());
    assertThrows(IllegalArgumentException.class,
        () -> alerts.trigger(AlertRequest.builder("k", "memory", AlertLevel.WARNING).build()));
    assertFalse(alerts.active("k").isEmpty());
  }
}
