package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code unsubscribeTasks} (seed 002); answered by an {@link Ack}. Socket.IO sends the bare id
 * array as the event argument; on a plain WebSocket frame it is {@code taskIds}.
 *
 * @param taskIds the tasks
 */
public record UnsubscribeTasks(
    @JsonProperty(value = "taskIds", required = true) List<String> taskIds) implements ClientMessage {

  public UnsubscribeTasks {
    taskIds = List.copyOf(taskIds == null ? List.of() : taskIds);
  }
}
