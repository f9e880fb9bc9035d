package io.pushwire.protocol;

/**
 * Every WebSocket close code a Pushwire server sends, and what a client should do about it.
 *
 * <p>The rule for the private range: 4000-4499 means "something went wrong with this connection,
 * reconnect with backoff", 4500-4999 means "do not reconnect, a person or a configuration must
 * change first". Standard codes are used where they fit. A client that meets a code it does not
 * know follows {@link #shouldReconnect(int)}.
 */
public enum CloseCode {
  /** 1000: a deliberate, normal close. Do not reconnect. */
  NORMAL(1000, false),
  /** 1001: the server is shutting down or restarting. Reconnect. */
  GOING_AWAY(1001, true),
  /** 1006: the connection dropped without a close frame (never sent, only observed). Reconnect. */
  ABNORMAL(1006, true),
  /** 1008: the client kept breaking a policy (for example the rate limit after a warning). Reconnect after backoff. */
  POLICY_VIOLATION(1008, true),
  /** 1009: a frame exceeded the endpoint's maximum size. Reconnect; do not resend that frame. */
  TOO_BIG(1009, true),
  /** 1011: the server hit an unexpected condition. Reconnect. */
  SERVER_ERROR(1011, true),
  /** 1013: the server is at a connection limit. Reconnect after backoff. */
  TRY_AGAIN_LATER(1013, true),
  /** 4000: the client did not read fast enough and its outbound queue filled up. Reconnect. */
  SLOW_CONSUMER(4000, true),
  /** 4001: no traffic for longer than the idle timeout. Reconnect. */
  IDLE_TIMEOUT(4001, true),
  /** 4002: no {@code auth} frame within the auth timeout. Reconnect. */
  AUTH_TIMEOUT(4002, true),
  /** 4003: the client did not acknowledge a running log within the ack timeout. Reconnect. */
  ACK_TIMEOUT(4003, true),
  /** 4500: the credentials were refused. Do not reconnect with the same credentials. */
  AUTH_FAILED(4500, false),
  /** 4501: the server removed this client on purpose. Do not reconnect. */
  KICKED(4501, false),
  /** 4502: the client spoke a protocol the endpoint cannot serve. Do not reconnect. */
  PROTOCOL_MISMATCH(4502, false);

  private final int code;
  private final boolean reconnect;

  CloseCode(int code, boolean reconnect) {
    this.code = code;
    this.reconnect = reconnect;
  }

  /** The numeric code on the wire. */
  public int code() {
    return code;
  }

  /** Whether a client should reconnect after this code. */
  public boolean reconnect() {
    return reconnect;
  }

  /** The constant for a numeric code, if Pushwire defines one. */
  public static java.util.Optional<CloseCode> of(int code) {
    for (CloseCode c : values()) {
      if (c.code == code) {
        return java.util.Optional.of(c);
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * Whether a client should reconnect after {@code code}: the table above for known codes;
   * otherwise 4000-4499 yes, 4500-4999 no, other codes below 4000 yes except 1000 and 1003.
   */
  public static boolean shouldReconnect(int code) {
    return of(code).map(CloseCode::reconnect).orElseGet(() -> {
      if (code >= 4500 && code <= 4999) {
        return false;
      }
      return code != 1000 && code != 1003;
    });
  }
}
