package io.pushwire.server.wire;

/**
 * What one inbound frame means, as its {@link Framing} reads it. Only {@link Message} carries a
 * message for the hub; the others are the format's own business, which the connection answers
 * without knowing the format.
 */
public sealed interface Inbound {

  /** A message, as a JSON object to decode and handle like any other. */
  record Message(String json) implements Inbound {
  }

  /**
   * The client asks to open its session (Socket.IO's namespace connect); {@code token} is the
   * credential it sent along ({@code auth.token}), or null.
   */
  record Connect(String token) implements Inbound {
  }

  /** A frame to send straight back (a pong to the client's ping, a refusal of a namespace). */
  record Answer(String frame) implements Inbound {
  }

  /** The client's answer to the server's heartbeat: it is alive. */
  record Pong() implements Inbound {
  }

  /** The client leaves. */
  record Leave() implements Inbound {
  }

  /** Nothing to do (an acknowledgement the server did not ask for, a noop). */
  record Ignored() implements Inbound {
  }

  /** A frame this server cannot take; {@code why} says why. */
  record Invalid(String why) implements Inbound {
  }
}
