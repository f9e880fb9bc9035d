package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * {@code taskStatusUpdate} (seed 002): a video generation task changed state.
 *
 * @param generateId the task
 * @param status generating, done or failed
 * @param videoCardData the full card (the seed wants it in every state), or {@code null}
 */
public record TaskStatusUpdate(
    @JsonProperty(value = "generateId", required = true) String generateId,
    @JsonProperty(value = "status", required = true) GenerationStatus status,
    @JsonProperty("videoCardData") VideoCard videoCardData) implements ServerMessage {

  public TaskStatusUpdate {
    Objects.requireNonNull(generateId, "generateId");
    Objects.requireNonNull(status, "status");
  }
}
