package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * {@code task_progress} (seed 003), published on topic {@code task:progress}.
 *
 * @param taskId the task
 * @param progress its progress
 */
public record TaskProgress(
    @JsonProperty(value = "task_id", required = true) String taskId,
    @JsonProperty(value = "progress", required = true) Progress progress) implements ServerMessage {

  public TaskProgress {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(progress, "progress");
  }
}
