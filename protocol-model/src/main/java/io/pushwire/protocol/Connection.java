package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * {@code connection} (seed 001): sent by the server as soon as a connection opens, either
 * {@code connected} (with {@code client_id} and {@code server_time}) or {@code error} (with
 * {@code error_code} such as {@code AUTH_FAILED} and a {@code message}).
 *
 * @param status connected or error
 * @param clientId the client id the server knows this connection by (connected form)
 * @param serverTime the server clock (connected form)
 * @param errorCode why the connection failed (error form)
 * @param message a human-readable reason (error form)
 */
public record Connection(
    @JsonProperty(value = "status", required = true) ConnectionStatus status,
    @JsonProperty("client_id") String clientId,
    @JsonProperty("server_time") Instant serverTime,
    @JsonProperty("error_code") ErrorCode errorCode,
    @JsonProperty("message") String message) implements ServerMessage {

  public Connection {
    Objects.requireNonNull(status, "status");
  }

  /** The connected form. */
  public static Connection connected(String clientId, Instant serverTime) {
    return new Connection(ConnectionStatus.CONNECTED, clientId, serverTime, null, null);
  }

  /** The error form. */
  public static Connection error(ErrorCode errorCode, String message) {
    return new Connection(ConnectionStatus.ERROR, null, null, errorCode, message);
  }
}
