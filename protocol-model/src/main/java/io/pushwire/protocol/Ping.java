package io.pushwire.protocol;

/**
 * {@code ping}: seed 001 sends it bare ({@code {"type":"ping"}}), seed 003 in an envelope with an
 * {@code id} that the {@link Pong} repeats.
 */
public record Ping() implements ClientMessage {
}
