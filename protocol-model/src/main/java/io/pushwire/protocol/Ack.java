package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ack}: seed 002's acknowledgement {@code {success, error?}} of {@link SubscribeTasks} and
 * {@link UnsubscribeTasks}, correlated by the request's {@code id}. Socket.IO carries it as the
 * acknowledgement callback's argument; on a plain WebSocket frame it has the type {@code ack}.
 *
 * @param success whether the request succeeded
 * @param error why not (names the rejected ids), or {@code null}
 * @param positions Pushwire extension, only in the reply to a {@code subscribe} that asked for
 *     positions or gave {@code since}: topic to where its stream stood when the subscription went
 *     live, and whether a recovery was complete; {@code null} (left out) otherwise
 */
public record Ack(
    @JsonProperty(value = "success", required = true) boolean success,
    @JsonProperty("error") String error,
    @JsonProperty("positions") Map<String, StreamState> positions) implements ServerMessage {

  public Ack {
    positions = positions == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(positions));
  }

  /** Seed 002's shape, without positions. */
  public Ack(boolean success, String error) {
    this(success, error, null);
  }

  /** A successful subscribe's acknowledgement with each topic's stream state. */
  public static Ack ok(Map<String, StreamState> positions) {
    return new Ack(true, null, positions.isEmpty() ? null : positions);
  }

  /** A successful acknowledgement. */
  public static Ack ok() {
    return new Ack(true, null);
  }

  /** A failed acknowledgement with its reason. */
  public static Ack failed(String error) {
    return new Ack(false, error);
  }
}
