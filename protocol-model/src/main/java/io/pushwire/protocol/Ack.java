package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code ack}: seed 002's acknowledgement {@code {success, error?}} of {@link SubscribeTasks} and
 * {@link UnsubscribeTasks}, correlated by the request's {@code id}. Socket.IO carries it as the
 * acknowledgement callback's argument; on a plain WebSocket frame it has the type {@code ack}.
 *
 * @param success whether the request succeeded
 * @param error why not (names the rejected ids), or {@code null}
 */
public record Ack(
    @JsonProperty(value = "success", required = true) boolean success,
    @JsonProperty("error") String error) implements ServerMessage {

  /** A successful acknowledgement. */
  public static Ack ok() {
    return new Ack(true, null);
  }

  /** A failed acknowledgement with its reason. */
  public static Ack failed(String error) {
    return new Ack(false, error);
  }
}
