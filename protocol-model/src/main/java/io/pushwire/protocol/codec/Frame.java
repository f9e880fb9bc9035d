package io.pushwire.protocol.codec;

import io.pushwire.protocol.Message;
import io.pushwire.protocol.Position;
import java.time.Instant;
import java.util.Objects;

/**
 * A message together with its envelope: the correlation {@code id}, the {@code timestamp}, and
 * where the body sits. A request's {@code id} is repeated by its reply.
 *
 * @param message the message
 * @param id correlation id, or {@code null} when the frame has none
 * @param timestamp the sender's clock, or {@code null}
 * @param envelope where the body goes
 * @param position Pushwire extension: the pushed publication's stream position, written as the
 *     envelope-level field {@code pos} after {@code timestamp}; {@code null} (left out) unless the
 *     client asked for positions
 */
public record Frame(Message message, String id, Instant timestamp, Envelope envelope, Position position) {

  public Frame {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(envelope, "envelope");
  }

  /** A frame without a position. */
  public Frame(Message message, String id, Instant timestamp, Envelope envelope) {
    this(message, id, timestamp, envelope, null);
  }

  /** This frame with a stream position ({@code null}: none). */
  public Frame withPosition(Position newPosition) {
    return new Frame(message, id, timestamp, envelope, newPosition);
  }

  /** A frame with the message type's default envelope and no id or timestamp. */
  public static Frame of(Message message) {
    return new Frame(message, null, null, MessageTypes.defaultEnvelope(message));
  }

  /** This frame with another id. */
  public Frame withId(String newId) {
    return new Frame(message, newId, timestamp, envelope, position);
  }

  /** This frame with another timestamp. */
  public Frame withTimestamp(Instant newTimestamp) {
    return new Frame(message, id, newTimestamp, envelope, position);
  }

  /** This frame with another envelope. */
  public Frame withEnvelope(Envelope newEnvelope) {
    return new Frame(message, id, timestamp, newEnvelope, position);
  }
}
