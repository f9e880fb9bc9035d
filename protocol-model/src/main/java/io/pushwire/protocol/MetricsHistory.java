package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code metrics_history}: the answer to {@link RequestData}. A Pushwire extension: seed 001
 * defines the request but not its reply. For each requested metric it carries the samples kept
 * within the requested window, oldest first; without {@code history_minutes} each series holds
 * only the latest sample (or none, if the metric has no value yet).
 *
 * @param historyMinutes the window the series cover: the request's {@code history_minutes},
 *     capped at the server's retention; {@code null} when only current values were asked for
 * @param metrics metric name to its series, in the order the request named them
 */
public record MetricsHistory(
    @JsonProperty("history_minutes") Integer historyMinutes,
    @JsonProperty(value = "metrics", required = true) Map<String, Series> metrics) implements ServerMessage {

  public MetricsHistory {
    Objects.requireNonNull(metrics, "metrics");
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /**
   * One metric's samples.
   *
   * @param unit the metric's unit ({@code %}, {@code bytes}, {@code ms}, ...), or {@code null}
   * @param samples the samples, oldest first
   * @param truncated whether samples inside the window had already been dropped to keep the
   *     server's per-metric bound, so the series starts later than the window does
   */
  public record Series(
      @JsonProperty("unit") String unit,
      @JsonProperty(value = "samples", required = true) List<Sample> samples,
      @JsonProperty("truncated") boolean truncated) {

    public Series {
      samples = List.copyOf(Objects.requireNonNull(samples, "samples"));
    }
  }

  /**
   * One sample of a metric.
   *
   * @param timestamp when it was taken, in the endpoint's timestamp format
   * @param value its value
   */
  public record Sample(
      @JsonProperty(value = "timestamp", required = true) Instant timestamp,
      @JsonProperty(value = "value", required = true) double value) {

    public Sample {
      Objects.requireNonNull(timestamp, "timestamp");
    }
  }
}
