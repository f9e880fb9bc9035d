package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * {@code requestTaskStatus} (seed 004, under {@code payload}): ask for the latest status, which the server may refresh from an external system; answered by {@link TaskUpdated}.
 *
 * @param videoId the task
 */
public record RequestTaskStatus(@JsonProperty(value = "videoId", required = true) String videoId)
    implements ClientMessage {

  public RequestTaskStatus {
    Objects.requireNonNull(videoId, "videoId");
  }
}
