package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * {@code taskUpdated} (seed 004, under {@code payload}): a video task's latest state.
 *
 * @param videoId the task
 * @param status QUEUED, PROCESSING, COMPLETED or FAILED
 * @param progress 0-100, or {@code null}
 * @param videoUrl the result, once completed
 * @param error why it failed
 */
public record TaskUpdated(
    @JsonProperty(value = "videoId", required = true) String videoId,
    @JsonProperty(value = "status", required = true) VideoTaskStatus status,
    @JsonProperty("progress") Integer progress,
    @JsonProperty("videoUrl") String videoUrl,
    @JsonProperty("error") String error) implements ServerMessage {

  public TaskUpdated {
    Objects.requireNonNull(videoId, "videoId");
    Objects.requireNonNull(status, "status");
  }
}
