package io.pushwire.client;

import io.pushwire.protocol.ServerMessage;
import java.util.Objects;

/**
 * A pushed message as a {@linkplain PushClient#claim claim} receives it: with the id of its frame
 * and the connection it came on, so that the claim can tell which request the message answers and
 * can answer it on that connection.
 *
 * @param message the message
 * @param id the frame's {@code id}, or {@code null} when it has none
 * @param connection the connection the frame came on
 * @param <T> the claimed type
 */
public record Received<T extends ServerMessage>(T message, String id, Connection connection) {

  public Received {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(connection, "connection");
  }
}
