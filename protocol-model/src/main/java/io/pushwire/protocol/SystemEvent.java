package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code system} (seed 001): a system event such as a service restart. Beyond {@code event},
 * {@code service} and {@code reason}, the fields are the application's own
 * ({@code previous_uptime}, {@code new_pid}, ...) and travel in {@code attributes}, written at the
 * same level as the named fields.
 *
 * @param event e.g. {@code service_restart}
 * @param service e.g. {@code qbittorrent_monitor}
 * @param reason e.g. {@code configuration_update}
 * @param attributes further fields, written flat beside the others
 */
public record SystemEvent(
    @JsonProperty(value = "event", required = true) String event,
    @JsonProperty("service") String service,
    @JsonProperty("reason") String reason,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> attributes) implements ServerMessage {

  public SystemEvent {
    Objects.requireNonNull(event, "event");
    attributes = attributes == null
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }
}
