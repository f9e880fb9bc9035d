package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;

/**
 * The resolved form of {@code alert} (seed 001); its {@code status} is always {@code resolved}.
 *
 * @param alertId the identity the alert was triggered with
 * @param type subject, e.g. {@code cpu}
 * @param level severity it had
 * @param resolvedAt when it was resolved (ISO-8601 on the wire)
 * @param resolution how
 * @param resolvedBy who or what
 */
@JsonPropertyOrder({"alert_id", "type", "level", "status", "resolved_at", "resolution", "resolved_by"})
public record AlertResolved(
    @JsonProperty(value = "alert_id", required = true) String alertId,
    @JsonProperty(value = "type", required = true) String type,
    @JsonProperty(value = "level", required = true) AlertLevel level,
    @JsonProperty("resolved_at") @IsoTime Instant resolvedAt,
    @JsonProperty("resolution") String resolution,
    @JsonProperty("resolved_by") String resolvedBy) implements Alert {

  public AlertResolved {
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(level, "level");
  }

  /** Always {@link AlertStatus#RESOLVED}; written so seed clients can switch on it. */
  @JsonProperty("status")
  public AlertStatus status() {
    return AlertStatus.RESOLVED;
  }
}
