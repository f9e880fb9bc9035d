package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * {@code task_status} (seed 003), published on topic {@code task:status}; also the answer to
 * {@link GetTask}.
 *
 * @param taskId the task
 * @param status its state
 * @param startTime when it started (ISO-8601 on the wire, as in the seed)
 * @param endTime when it ended (ISO-8601), or {@code null}
 * @param error why it failed (a Pushwire extension), or {@code null}
 */
public record TaskStatus(
    @JsonProperty(value = "task_id", required = true) String taskId,
    @JsonProperty(value = "status", required = true) TaskState status,
    @JsonProperty("start_time") @IsoTime Instant startTime,
    @JsonProperty("end_time") @IsoTime Instant endTime,
    @JsonProperty("error") String error) implements ServerMessage {

  public TaskStatus {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(status, "status");
  }
}
