package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code task_list} (seed 003): the answer to {@link GetTasks}. The seed names the message but
 * not its fields; Pushwire writes {@code data.tasks}.
 *
 * @param tasks the tasks
 */
public record TaskList(@JsonProperty(value = "tasks", required = true) List<TaskInfo> tasks)
    implements ServerMessage {

  public TaskList {
    tasks = List.copyOf(tasks == null ? List.of() : tasks);
  }
}
