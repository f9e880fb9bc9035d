package io.pushwire.protocol;

/**
 * A Pushwire message: the typed content of one JSON text frame.
 *
 * <p>Every message is either sent by clients ({@link ClientMessage}), by servers
 * ({@link ServerMessage}), or both ({@link CommonReply}, {@link CustomEvent}). Envelope concerns
 * (the correlation {@code id}, the {@code timestamp}, and where the body sits in the frame) are
 * not part of a message; they live on {@link io.pushwire.protocol.codec.Frame}.
 *
 * <p>Applications add their own types without touching this hierarchy by registering a payload
 * class for a {@link CustomEvent} type with the codec.
 */
public sealed interface Message permits ClientMessage, ServerMessage {
}
