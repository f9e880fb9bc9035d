package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * {@code presence_leave} (Pushwire extension): a connection left {@code topic}. Pushed to the
 * topic's subscribers on the server where it happened, for topics whose server enables presence
 * events; not part of the topic's stream (no {@code pos}, not replayed).
 *
 * @param topic the topic
 * @param client the connection, as {@link PresenceResult} lists it
 */
public record PresenceLeave(
    @JsonProperty(value = "topic", required = true) String topic,
    @JsonProperty(value = "client", required = true) PresenceResult.Client client) implements ServerMessage {

  public PresenceLeave {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(client, "client");
  }
}
