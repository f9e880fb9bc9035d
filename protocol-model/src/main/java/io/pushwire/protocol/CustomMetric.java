package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.Objects;

/**
 * The custom-metric form of {@code performance} (seed 001), recorded by an application.
 *
 * @param metricName the metric, e.g. {@code api_response_time}
 * @param value its value
 * @param unit e.g. {@code ms}
 * @param category e.g. {@code performance}
 * @param tags free-form labels
 */
public record CustomMetric(
    @JsonProperty(value = "metric_name", required = true) String metricName,
    @JsonProperty(value = "value", required = true) double value,
    @JsonProperty("unit") String unit,
    @JsonProperty("category") String category,
    @JsonProperty("tags") Map<String, String> tags) implements Performance {

  public CustomMetric {
    Objects.requireNonNull(metricName, "metricName");
    tags = tags == null ? null : Map.copyOf(tags);
  }
}
