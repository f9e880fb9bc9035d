package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code request_data} (seed 001): asks for the current values, and optionally the recent
 * history, of some metrics.
 *
 * @param metrics metric names, e.g. {@code cpu_percent}
 * @param historyMinutes how many minutes of history, or {@code null} for current values only
 */
public record RequestData(
    @JsonProperty(value = "metrics", required = true) List<String> metrics,
    @JsonProperty("history_minutes") Integer historyMinutes) implements ClientMessage {

  public RequestData {
    metrics = List.copyOf(metrics == null ? List.of() : metrics);
  }
}
