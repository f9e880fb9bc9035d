package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a {@link TaskList}: the fields of {@code task_status} and {@code task_progress}
 * together.
 *
 * @param taskId the task
 * @param status its state
 * @param progress its progress, or {@code null}
 * @param startTime when it started (ISO-8601)
 * @param endTime when it ended (ISO-8601), or {@code null}
 */
public record TaskInfo(
    @JsonProperty(value = "task_id", required = true) String taskId,
    @JsonProperty(value = "status", required = true) TaskState status,
    @JsonProperty("progress") Progress progress,
    @JsonProperty("start_time") @IsoTime Instant startTime,
    @JsonProperty("end_time") @IsoTime Instant endTime) {

  public TaskInfo {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(status, "status");
  }
}
