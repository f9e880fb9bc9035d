package io.pushwire.client;

import java.util.Objects;

/**
 * A frame the client's codec could not turn into a message (an unknown {@code type}, or a known
 * type with a body that does not fit), handed to the catch-all listener instead of failing the
 * connection.
 *
 * @param type the frame's {@code type}, or {@code null} when it could not be read
 * @param text the frame as received
 * @param problem why it could not be decoded
 */
public record UnknownFrame(String type, String text, String problem) {

  public UnknownFrame {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(problem, "problem");
  }
}
