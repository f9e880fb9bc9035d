package io.pushwire.client.transport;

import java.util.OptionalInt;

/**
 * A connection attempt failed: the TCP connect was refused or timed out, the handshake got no
 * answer within the timeout, or it was answered with an HTTP status other than 101.
 */
public final class ConnectFailedException extends Exception {

  /** The handshake's HTTP status, or -1 when no HTTP answer arrived. */
  private final int httpStatus;

  /** A failure without an HTTP answer. */
  public ConnectFailedException(String message, Throwable cause) {
    this(message, -1, cause);
  }

  /** A handshake answered with {@code httpStatus}. */
  public ConnectFailedException(String message, int httpStatus, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
  }

  /** The handshake's HTTP status, when the server answered with one. */
  public OptionalInt httpStatus() {
    return httpStatus < 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
  }
}
