package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * {@code presence} (Pushwire extension): asks who is subscribed to {@code topic}. Answered with a
 * {@link PresenceResult}, or {@code UNAUTHORIZED} where the server's topic authorizer does not let
 * this client see the topic's presence.
 *
 * @param topic the exact topic
 */
public record Presence(@JsonProperty(value = "topic", required = true) String topic) implements ClientMessage {

  public Presence {
    Objects.requireNonNull(topic, "topic");
  }
}
