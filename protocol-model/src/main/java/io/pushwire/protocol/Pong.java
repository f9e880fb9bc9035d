package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * {@code pong}: the answer to {@link Ping}, carrying the ping's {@code id}. Seed 003 adds
 * {@code data.server_time}; seed 001 has no data.
 *
 * @param serverTime the server clock, or {@code null} for seed 001's bare shape
 */
public record Pong(@JsonProperty("server_time") Instant serverTime) implements ServerMessage {
}
