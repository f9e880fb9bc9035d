package io.pushwire.broker.redis;

/**
 * Redis did not carry out a broker command: it is unreachable, it did not answer within the
 * command timeout, or too many commands were already waiting. Publications that fail with it were
 * not published (or, after a timeout, may have been: Redis may have run the command without the
 * answer arriving). The futures of {@link RedisBroker} fail with it, never block past the timeout.
 */
public final class BrokerUnavailableException extends RuntimeException {

  /** Why the command failed. */
  public enum Reason {
    /** No connection to Redis now (it is down, or the broker is reconnecting). */
    DISCONNECTED,
    /** No answer within {@link RedisBrokerOptions#commandTimeout()}. */
    TIMEOUT,
    /** {@link RedisBrokerOptions#maxPendingCommands()} commands were already waiting. */
    OVERLOADED,
    /** The broker is closed. */
    CLOSED,
    /** Redis answered with an error. */
    REDIS_ERROR
  }

  private final Reason reason;

  /** A failure for {@code reason}. */
  public BrokerUnavailableException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** Why the command failed. */
  public Reason reason() {
    return reason;
  }
}
