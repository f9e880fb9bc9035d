package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * {@code status} (seed 001): a component's state changed. {@code status} is the application's
 * own vocabulary ({@code running}, {@code connected}, ...), so it stays a string.
 *
 * @param component e.g. {@code clipboard_monitor}
 * @param status e.g. {@code running}
 * @param lastCheck when the component was last checked (ISO-8601)
 * @param lastActivity when it was last active (ISO-8601)
 * @param details free-form counters
 * @param connectionInfo free-form connection details
 */
public record Status(
    @JsonProperty(value = "component", required = true) String component,
    @JsonProperty(value = "status", required = true) String status,
    @JsonProperty("last_check") @IsoTime Instant lastCheck,
    @JsonProperty("last_activity") @IsoTime Instant lastActivity,
    @JsonProperty("details") Map<String, Object> details,
    @JsonProperty("connection_info") Map<String, Object> connectionInfo) implements ServerMessage {

  public Status {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(status, "status");
  }
}
