package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.Objects;

/**
 * The triggered form of {@code alert} (seed 001).
 *
 * @param alertId identity, stable until resolved
 * @param type subject, e.g. {@code cpu}
 * @param level severity
 * @param title short title
 * @param message description
 * @param value the observed value
 * @param threshold the threshold it crossed
 * @param status {@code active} (or another open state)
 * @param metadata free-form details
 */
public record AlertTriggered(
    @JsonProperty(value = "alert_id", required = true) String alertId,
    @JsonProperty(value = "type", required = true) String type,
    @JsonProperty(value = "level", required = true) AlertLevel level,
    @JsonProperty("title") String title,
    @JsonProperty("message") String message,
    @JsonProperty("value") Double value,
    @JsonProperty("threshold") Double threshold,
    @JsonProperty(value = "status", required = true) AlertStatus status,
    @JsonProperty("metadata") Map<String, Object> metadata) implements Alert {

  public AlertTriggered {
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(status, "status");
  }
}
