package io.pushwire.server.monitoring;

import static io.pushwire.server.monitoring.MonitoringFixture.data;
import static io.pushwire.server.monitoring.MonitoringFixture.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pushwire.protocol.AlertLevel;
import io.pushwire.protocol.CustomMetric;
import io.pushwire.server.WsClient;
import io.pushwire.server.monitoring.alerts.AlertManager;
import io.pushwire.server.monitoring.alerts.AlertRequest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Seed 001's subscribe: events such as alert.cpu or alert.*, with filters such as {"level":[...]}. */
class SubscriptionFiltersTest {

  private MonitoringFixture fixture;
  private AlertManager alerts;

  @BeforeEach
  void start() {
    fixture = MonitoringFixture.start();
    alerts = fixture.monitoring.alerts();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private void raise(String key, String type, AlertLevel level) {
    alerts.trigger(AlertRequest.builder(key, type, level).title(key).build());
  }

  /** The titles (which the tests set to the alert key) of the alerts the client received, in order. */
  private List<String> alertTitles(WsClient client) {
    fixture.drain(client);
    return data(client, "alert").stream().map(d -> d.path("title").asText()).toList();
  }

  @Test
  void levelFilterPassesOnlyTheListedLevels() {
    WsClient client = fixture.connect("/ws");
    subscribe(client, "s1", "[\"alert.cpu\"]", "{\"level\":[\"warning\",\"critical\"]}");
    raise("cpu-info", "cpu", AlertLevel.INFO);
    raise("cpu-warning", "cpu", AlertLevel.WARNING);
    raise("cpu-error", "cpu", AlertLevel.ERROR);
    raise("cpu-critical", "cpu", AlertLevel.CRITICAL);
    assertEquals(List.of("cpu-warning", "cpu-critical"), alertTitles(client));
  }

  @Test
  void exactEventReceivesOnlyItsAlertType() {
    WsClient client = fixture.connect("/ws");
    subscribe(client, "s1", "[\"alert.cpu\"]", null);
    raise("cpu", "cpu", AlertLevel.WARNING);
    raise("memory", "memory", AlertLevel.WARNING);
    raise("disk", "disk", AlertLevel.WARNING);
    assertEquals(List.of("cpu"), alertTitles(client));
  }

  @Test
  void wildcardEventReceivesEveryAlertType() {
    WsClient client = fixture.connect("/ws");
    subscribe(client, "s1", "[\"alert.*\"]", null);
    raise("cpu", "cpu", AlertLevel.WARNING);
    raise("memory", "memory", AlertLevel.INFO);
    fixture.monitoring.publishConfig(new io.pushwire.protocol.Config("updated", null, null, null, "system"));
    assertEquals(List.of("cpu", "memory"), alertTitles(client));
    assertEquals(List.of(), client.ofType("config"));
  }

  @Test
  void severalEventsShareTheSubscribesFilter() {
    WsClient client = fixture.connect("/ws");
    subscribe(client, "s1", "[\"alert.cpu\", \"alert.memory\"]", "{\"level\":[\"warning\",\"critical\"]}");
    raise("cpu-info", "cpu", AlertLevel.INFO);
    raise("memory-critical", "memory", AlertLevel.CRITICAL);
    raise("memory-info", "memory", AlertLevel.INFO);
    raise("disk-critical", "disk", AlertLevel.CRITICAL);
    raise("cpu-warning", "cpu", AlertLevel.WARNING);
    assertEquals(List.of("memory-critical", "cpu-warning"), alertTitles(client));
  }

  @Test
  void emptyFiltersObjectPassesEverything() {
    WsClient client = fixture.connect("/ws");
    subscribe(client, "s1", "[\"alert.cpu\", \"alert.memory\"]", "{}");
    raise("cpu-info", "cpu", AlertLevel.INFO);
    raise("memory-critical", "memory", AlertLevel.CRITICAL);
    assertEquals(List.of("cpu-info", "memory-critical"), alertTitles(client));
  }

  @Test
  void filterOnAFieldTheMessageLacksPassesNothing() {
    WsClient client = fixture.connect("/ws");
    subscribe(client, "s1", "[\"alert.cpu\"]", "{\"component\":[\"qbittorrent_client\"]}");
    raise("cpu", "cpu", AlertLevel.CRITICAL);
    assertEquals(List.of(), alertTitles(client));
  }

  @Test
  void unsubscribeStopsThatEventOnly() {
    WsClient client = fixture.connect("/ws");
    subscribe(client, "s1", "[\"alert.cpu\", \"alert.memory\"]", null);
    client.send("{\"type\":\"unsubscribe\",\"id\":\"u1\",\"data\":{\"events\":[\"alert.cpu\"]}}");
    client.await(n -> "u1".equals(n.path("id").asText()));
    raise("cpu", "cpu", AlertLevel.CRITICAL);
    raise("memory", "memory", AlertLevel.CRITICAL);
    assertEquals(List.of("memory"), alertTitles(client));
  }

  @Test
  void performanceFilterOnMetricNameSelectsOneCustomMetric() {
    WsClient client = fixture.connect("/ws");
    subscribe(client, "s1", "[\"performance\"]", "{\"metric_name\":[\"api_response_time\"]}");
    fixture.monitoring.recordMetric(new CustomMetric("queue_depth", 17, "jobs", "queue", null));
    fixture.monitoring.recordMetric(new CustomMetric("api_response_time", 150, "ms", "performance", null));
    fixture.sample(ScriptedSource.cpu(45.2));
    fixture.drain(client);
    assertEquals(List.of("api_response_time"),
        data(client, "performance").stream().map(d -> d.path("metric_name").asText()).toList());
  }
}
