package io.pushwire.server.broker;

import io.pushwire.protocol.ServerMessage;
import java.util.Objects;

/**
 * One message published on one channel, with its place in the channel's stream.
 *
 * @param channel the channel: a topic, or one of the hub's target channels ({@code $user:<id>},
 *     {@code $conn:<id>}, {@code $all})
 * @param message the message
 * @param position where it sits in the channel's stream
 * @param droppable whether a recipient whose queue is full may miss it (instead of being closed)
 */
public record Publication(String channel, ServerMessage message, StreamPosition position, boolean droppable) {

  public Publication {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(position, "position");
  }
}
