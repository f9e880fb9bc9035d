package io.pushwire.server.monitoring;

import static io.pushwire.server.monitoring.MonitoringFixture.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.AlertLevel;
import io.pushwire.protocol.CustomMetric;
import io.pushwire.server.WsClient;
import io.pushwire.server.monitoring.alerts.ThresholdRule;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Threshold rules fed deterministic samples: a run of samples above the threshold raises a
 * warning, a run below the clear threshold resolves it, and between the two nothing changes.
 */
class ThresholdRuleHysteresisTest {

  /** cpu above 80 for 3 samples raises; below 70 for 2 samples resolves. */
  private static final ThresholdRule CPU = ThresholdRule.above("cpu_percent", 80)
      .level(AlertLevel.WARNING).raiseAfter(3).clearThreshold(70).clearAfter(2).title("CPU使用率过高").build();

  private MonitoringFixture fixture;
  private WsClient client;

  private void start(ThresholdRule rule) {
    fixture = MonitoringFixture.start(o -> o.rule(rule));
    client = fixture.connect("/ws/alerts");
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private void cpu(double... values) {
    for (double value : values) {
      fixture.sample(ScriptedSource.cpu(value));
    }
  }

  private List<String> statuses() {
    fixture.drain(client);
    return data(client, "alert").stream().map(d -> d.path("status").asText()).toList();
  }

  @Test
  void alertIsRaisedOnlyAtTheEndOfARunOfSamplesAboveTheThreshold() {
    start(CPU);
    cpu(85, 90);
    assertEquals(List.of(), statuses());
    cpu(86);
    assertEquals(List.of("active"), statuses());
  }

  @Test
  void aSampleAtOrBelowTheThresholdRestartsTheRun() {
    start(CPU);
    cpu(85, 90, 80, 85, 90);
    assertEquals(List.of(), statuses());
    cpu(95);
    assertEquals(List.of("active"), statuses());
  }

  @Test
  void raisedAlertCarriesTheRuleTypeLevelValueAndThreshold() {
    start(CPU);
    cpu(81, 82, 85.2);
    JsonNode alert = client.awaitType("alert").path("data");
    assertEquals("cpu", alert.path("type").asText());
    assertEquals("warning", alert.path("level").asText());
    assertEquals("CPU使用率过高", alert.path("title").asText());
    assertEquals(85.2, alert.path("value").asDouble());
    assertEquals(80.0, alert.path("threshold").asDouble());
    assertEquals("cpu_percent is 85.2, above 80 for 3 samples", alert.path("message").asText());
    assertEquals("cpu_percent", alert.path("metadata").path("metric").asText());
  }

  @Test
  void alertStaysActiveWhileSamplesAreBetweenTheClearThresholdAndTheThreshold() {
    start(CPU);
    cpu(85, 85, 85, 75, 79, 72, 78, 75);
    assertEquals(List.of("active"), statuses());
    assertEquals(1, fixture.monitoring.alerts().active().size());
  }

  @Test
  void alertResolvesAfterARunBelowTheClearThresholdUnderTheSameAlertId() {
    start(CPU);
    cpu(85, 85, 85, 65, 75, 60);
    assertEquals(List.of("active"), statuses());
    cpu(55);
    assertEquals(List.of("active", "resolved"), statuses());
    List<JsonNode> frames = data(client, "alert");
    assertEquals(frames.get(0).path("alert_id").asText(), frames.get(1).path("alert_id").asText());
    assertEquals("system", frames.get(1).path("resolved_by").asText());
    assertEquals("cpu_percent back below 70 for 2 samples", frames.get(1).path("resolution").asText());
  }

  @Test
  void aSecondRunAboveAfterResolutionRaisesANewAlert() {
    start(CPU);
    cpu(85, 85, 85, 60, 60, 85, 85, 85);
    assertEquals(List.of("active", "resolved", "active"), statuses());
    List<String> ids = data(client, "alert").stream().map(d -> d.path("alert_id").asText()).toList();
    assertEquals(ids.get(0), ids.get(1));
    assertNotEquals(ids.get(0), ids.get(2));
  }

  @Test
  void belowRuleOnACustomMetricRaisesOnLowValuesAndResolvesAboveItsClearThreshold() {
    start(ThresholdRule.below("free_disk_gb", 10).type("disk").level(AlertLevel.CRITICAL)
        .raiseAfter(2).clearThreshold(12).clearAfter(1).build());
    for (double free : new double[] {9, 8, 11, 13}) {
      fixture.monitoring.recordMetric(new CustomMetric("free_disk_gb", free, "GB", "disk", null));
    }
    assertEquals(List.of("active", "resolved"), statuses());
    JsonNode raised = data(client, "alert").get(0);
    assertEquals("disk", raised.path("type").asText());
    assertEquals("critical", raised.path("level").asText());
    assertEquals(8.0, raised.path("value").asDouble());
  }

  @Test
  void clearThresholdOnTheBadSideOfTheThresholdIsRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> ThresholdRule.above("cpu_percent", 80).clearThreshold(85).build());
  }

  @Test
  void twoRulesWithOneNameAreRejected() {
    ThresholdRule rule = ThresholdRule.above("cpu_percent", 80).build();
    assertThrows(IllegalArgumentException.class,
        () -> MonitoringFixture.start(o -> o.rule(rule).rule(rule)));
  }
}
