package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code config} (seed 001): configuration fields changed.
 *
 * @param action e.g. {@code updated}
 * @param fields the changed field names
 * @param oldValues their previous values
 * @param newValues their new values
 * @param updatedBy who changed them
 */
public record Config(
    @JsonProperty(value = "action", required = true) String action,
    @JsonProperty("fields") List<String> fields,
    @JsonProperty("old_values") Map<String, Object> oldValues,
    @JsonProperty("new_values") Map<String, Object> newValues,
    @JsonProperty("updated_by") String updatedBy) implements ServerMessage {

  public Config {
    Objects.requireNonNull(action, "action");
  }
}
