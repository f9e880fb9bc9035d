package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * {@code unsubscribe_task} (seed 004, under {@code payload}): leave the task's room.
 *
 * @param videoId the task
 */
public record UnsubscribeTask(@JsonProperty(value = "videoId", required = true) String videoId)
    implements ClientMessage {

  public UnsubscribeTask {
    Objects.requireNonNull(videoId, "videoId");
  }
}
