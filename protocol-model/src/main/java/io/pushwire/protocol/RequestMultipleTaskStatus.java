package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code requestMultipleTaskStatus} (seed 004, under {@code payload}): ask for several tasks at
 * once; the server looks them up in parallel and sends one {@link TaskUpdated} per id as soon as
 * each is ready.
 *
 * @param videoIds the tasks
 */
public record RequestMultipleTaskStatus(
    @JsonProperty(value = "videoIds", required = true) List<String> videoIds)
    implements ClientMessage {

  public RequestMultipleTaskStatus {
    videoIds = List.copyOf(videoIds == null ? List.of() : videoIds);
  }
}
