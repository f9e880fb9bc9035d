package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * {@code subscribe_task} (seed 004, under {@code payload}): join the task's room; the server answers with the task's current state as a {@link TaskUpdated}.
 *
 * @param videoId the task
 */
public record SubscribeTask(@JsonProperty(value = "videoId", required = true) String videoId)
    implements ClientMessage {

  public SubscribeTask {
    Objects.requireNonNull(videoId, "videoId");
  }
}
