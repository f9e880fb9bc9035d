package io.pushwire.server.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.CustomMetric;
import io.pushwire.protocol.SystemMetrics;
import io.pushwire.server.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** request_data over a real socket: the series within history_minutes, and every bound on it. */
class RequestDataTest {

  private MonitoringFixture fixture;
  private WsClient client;

  private void start(UnaryOperator<MonitoringOptions.Builder> options) {
    fixture = MonitoringFixture.start(options);
    client = fixture.connect("/ws");
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  /** Takes samples with these cpu values, one per {@code step} of the test clock, the first at the current time. */
  private void cpuEvery(Duration step, double... values) {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        fixture.clock.advance(step);
      }
      fixture.sample(ScriptedSource.cpu(values[i]));
    }
  }

  private JsonNode request(String id, String metricsJson, Integer historyMinutes) {
    client.send("{\"type\":\"request_data\",\"id\":\"" + id + "\",\"data\":{\"metrics\":" + metricsJson
        + (historyMinutes == null ? "" : ",\"history_minutes\":" + historyMinutes) + "}}");
    return client.await(n -> id.equals(n.path("id").asText()));
  }

  private static List<Double> values(JsonNode series) {
    List<Double> values = new ArrayList<>();
    series.path("samples").forEach(s -> values.add(s.path("value").asDouble()));
    return values;
  }

  @Test
  void seriesHoldsTheSamplesWithinHistoryMinutesOldestFirst() {
    start(o -> o);
    cpuEvery(Duration.ofMinutes(3), 10, 20, 30, 40, 50); // at 0, 3, 6, 9 and 12 minutes
    JsonNode reply = request("r1", "[\"cpu_percent\", \"memory_percent\"]", 10);
    assertEquals("metrics_history", reply.path("type").asText());
    JsonNode data = reply.path("data");
    assertEquals(10, data.path("history_minutes").asInt());
    JsonNode cpu = data.path("metrics").path("cpu_percent");
    assertEquals(List.of(20.0, 30.0, 40.0, 50.0), values(cpu));
    assertEquals("%", cpu.path("unit").asText());
    assertFalse(cpu.path("truncated").asBoolean());
    assertEquals("2024-01-01T12:03:00Z", cpu.path("samples").path(0).path("timestamp").asText());
    assertEquals(4, data.path("metrics").path("memory_percent").path("samples").size());
  }

  @Test
  void replyListsTheMetricsInTheOrderRequested() {
    start(o -> o);
    fixture.sample(ScriptedSource.cpu(10));
    JsonNode metrics = request("r1", "[\"process_count\", \"cpu_percent\", \"network_io.bytes_sent\"]", 5)
        .path("data").path("metrics");
    List<String> names = new ArrayList<>();
    metrics.fieldNames().forEachRemaining(names::add);
    assertEquals(List.of("process_count", "cpu_percent", "network_io.bytes_sent"), names);
    assertEquals(1_000.0, values(metrics.path("network_io.bytes_sent")).get(0));
  }

  @Test
  void withoutHistoryMinutesOnlyTheLatestSampleIsReturned() {
    start(o -> o);
    cpuEvery(Duration.ofMinutes(1), 10, 20, 30);
    JsonNode data = request("r1", "[\"cpu_percent\"]", null).path("data");
    assertFalse(data.has("history_minutes"));
    assertEquals(List.of(30.0), values(data.path("metrics").path("cpu_percent")));
  }

  @Test
  void historyMinutesBeyondTheRetentionIsCappedAndTheReplySaysSo() {
    start(o -> o.history(Duration.ofMinutes(30), 720));
    fixture.sample(ScriptedSource.cpu(10));
    assertEquals(30, request("r1", "[\"cpu_percent\"]", 120).path("data").path("history_minutes").asInt());
  }

  @Test
  void samplesOlderThanTheRetentionAreNotReturned() {
    start(o -> o.history(Duration.ofMinutes(30), 720));
    cpuEvery(Duration.ofMinutes(20), 10, 20, 30); // at 0, 20 and 40 minutes
    JsonNode cpu = request("r1", "[\"cpu_percent\"]", 60).path("data").path("metrics").path("cpu_percent");
    assertEquals(List.of(20.0, 30.0), values(cpu));
  }

  @Test
  void perMetricSampleBoundKeepsTheNewestAndMarksTheSeriesTruncated() {
    start(o -> o.history(Duration.ofMinutes(60), 3));
    cpuEvery(Duration.ofMinutes(1), 10, 20, 30, 40, 50);
    JsonNode cpu = request("r1", "[\"cpu_percent\"]", 10).path("data").path("metrics").path("cpu_percent");
    assertEquals(List.of(30.0, 40.0, 50.0), values(cpu));
    assertTrue(cpu.path("truncated").asBoolean());
  }

  @Test
  void windowThatStartsAfterTheDroppedSamplesIsNotTruncated() {
    start(o -> o.history(Duration.ofMinutes(60), 3));
    cpuEvery(Duration.ofMinutes(5), 10, 20, 30, 40); // 10 (at 0 min) is dropped by the bound
    JsonNode cpu = request("r1", "[\"cpu_percent\"]", 12).path("data").path("metrics").path("cpu_percent");
    assertEquals(List.of(20.0, 30.0, 40.0), values(cpu)); // the window starts at 3 min
    assertFalse(cpu.path("truncated").asBoolean());
  }

  @Test
  void customMetricHistoryIsReturnedWithItsUnit() {
    start(o -> o);
    fixture.monitoring.recordMetric(new CustomMetric("api_response_time", 150, "ms", "performance", null));
    fixture.clock.advance(Duration.ofMinutes(1));
    fixture.monitoring.recordMetric(new CustomMetric("api_response_time", 180, "ms", "performance", null));
    JsonNode series = request("r1", "[\"api_response_time\"]", 10).path("data").path("metrics")
        .path("api_response_time");
    assertEquals(List.of(150.0, 180.0), values(series));
    assertEquals("ms", series.path("unit").asText());
  }

  @Test
  void systemFigureTheHostDoesNotExposeHasAnEmptySeries() {
    start(o -> o);
    fixture.sample(new SystemMetrics(10.0, 20.0, 30.0, null, 5));
    JsonNode sent = request("r1", "[\"network_io.bytes_recv\"]", 10).path("data").path("metrics")
        .path("network_io.bytes_recv");
    assertEquals(0, sent.path("samples").size());
  }

  @Test
  void unknownMetricIsRefusedWithMetricNotFoundNamingIt() {
    start(o -> o);
    JsonNode error = request("r1", "[\"cpu_percent\", \"gpu_percent\"]", 10);
    assertEquals("error", error.path("type").asText());
    assertEquals("METRIC_NOT_FOUND", error.path("data").path("code").asText());
    assertEquals("gpu_percent", error.path("data").path("details").path("metrics").path(0).asText());
  }

  @Test
  void historyMinutesBelowOneIsInvalid() {
    start(o -> o);
    JsonNode error = request("r1", "[\"cpu_percent\"]", 0);
    assertEquals("INVALID_MESSAGE", error.path("data").path("code").asText());
  }

  @Test
  void requestWithoutMetricsIsInvalid() {
    start(o -> o);
    assertEquals("INVALID_MESSAGE", request("r1", "[]", 10).path("data").path("code").asText());
  }

  @Test
  void requestNamingMoreThanSixteenMetricsIsInvalid() {
    start(o -> o);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      names.add("\"m" + i + "\"");
    }
    JsonNode error = request("r1", names.toString(), 10);
    assertEquals("INVALID_MESSAGE", error.path("data").path("code").asText());
    assertEquals(16, error.path("data").path("details").path("limit").asInt());
  }

  @Test
  void newCustomMetricNameBeyondTheBoundIsPushedButNotKept() {
    start(o -> o.maxCustomMetrics(1).mainEndpointTopics(Monitoring.PERFORMANCE_TOPIC));
    assertTrue(fixture.monitoring.recordMetric(new CustomMetric("kept", 1, null, null, null)));
    assertFalse(fixture.monitoring.recordMetric(new CustomMetric("refused", 2, null, null, null)));
    client.await(n -> "refused".equals(n.path("data").path("metric_name").asText()));
    assertEquals("METRIC_NOT_FOUND", request("r1", "[\"refused\"]", 10).path("data").path("code").asText());
    assertEquals(1, fixture.monitoring.stats().refusedMetricNames());
  }

  @Test
  void customMetricWhoseSamplesAgedOutMakesRoomForANewName() {
    start(o -> o.maxCustomMetrics(1).history(Duration.ofMinutes(10), 100));
    fixture.monitoring.recordMetric(new CustomMetric("old", 1, null, null, null));
    fixture.clock.advance(Duration.ofMinutes(11));
    assertTrue(fixture.monitoring.recordMetric(new CustomMetric("new", 2, null, null, null)));
    assertEquals(List.of(2.0), values(request("r1", "[\"new\"]", 10).path("data").path("metrics").path("new")));
    assertEquals("METRIC_NOT_FOUND", request("r2", "[\"old\"]", 10).path("data").path("code").asText());
  }
}
