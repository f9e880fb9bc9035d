package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * {@code get_task} (seed 003): asks for one task, answered by a {@link TaskStatus} with the same
 * {@code id}, or an {@code error} with {@code TASK_NOT_FOUND}. The seed names the request but not
 * its fields; Pushwire uses {@code data.task_id}, as the seed's pushes do.
 *
 * @param taskId the task
 */
public record GetTask(@JsonProperty(value = "task_id", required = true) String taskId)
    implements ClientMessage {

  public GetTask {
    Objects.requireNonNull(taskId, "taskId");
  }
}
