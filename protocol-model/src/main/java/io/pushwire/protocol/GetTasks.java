package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code get_tasks} (seed 003): asks for the task list, answered by {@link TaskList}.
 *
 * @param status only tasks in this state, or {@code null} for all (a Pushwire extension)
 */
public record GetTasks(@JsonProperty("status") TaskState status) implements ClientMessage {

  /** All tasks. */
  public static GetTasks all() {
    return new GetTasks(null);
  }
}
