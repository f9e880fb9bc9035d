package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code subscribeTasks} (seed 002): subscribe to the status of some video generation tasks;
 * answered by an {@link Ack} with the same {@code id} (Socket.IO's acknowledgement).
 *
 * @param taskIds the tasks
 */
public record SubscribeTasks(@JsonProperty(value = "taskIds", required = true) List<String> taskIds)
    implements ClientMessage {

  public SubscribeTasks {
    taskIds = List.copyOf(taskIds == null ? List.of() : taskIds);
  }
}
