package io.pushwire.client.reconnect;

import io.pushwire.protocol.CloseCode;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * What the client does after a connection ended or an attempt failed: reconnect after a delay, or
 * stop for good. {@link #decide} is the whole policy, a pure function:
 *
 * <table>
 *   <caption>Decision table</caption>
 *   <tr><th>cause</th><th>decision</th></tr>
 *   <tr><td>{@code close()} by the application</td><td>stop</td></tr>
 *   <tr><td>credentials refused (HTTP 401/403, {@code auth error}, close 4500)</td><td>stop</td></tr>
 *   <tr><td>close code that {@link CloseCode#shouldReconnect(int)} rejects (1000, 1003, 4500-4999:
 *       {@code KICKED} 4501, {@code PROTOCOL_MISMATCH} 4502, ...)</td><td>stop</td></tr>
 *   <tr><td>handshake refused with 4xx other than 408 and 429 (wrong path, bad request)</td><td>stop</td></tr>
 *   <tr><td>any other close code (1001 restart, 1006 network loss, 1008, 1011, 1013, 4000 slow
 *       consumer, 4001-4499), 5xx/408/429 at the handshake, connect failure or timeout, heartbeat
 *       timeout, stalled sends</td><td>reconnect, unless the attempt limit is reached</td></tr>
 * </table>
 *
 * <p>A reconnect waits {@link BackoffPolicy#delay}, and at least the {@code retry_after} of the
 * last {@code RATE_LIMIT_EXCEEDED} (or other error) the server sent on the lost connection.
 */
public sealed interface ReconnectDecision {

  /**
   * Reconnect after {@code delay}.
   *
   * @param delay how long to wait
   */
  record Reconnect(Duration delay) implements ReconnectDecision {
    public Reconnect {
      Objects.requireNonNull(delay, "delay");
    }
  }

  /**
   * Do not reconnect.
   *
   * @param reason why, for logs and exceptions
   */
  record Stop(String reason) implements ReconnectDecision {
    public Stop {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Decides what follows {@code cause}.
   *
   * @param cause why the connection ended
   * @param nextAttempt the number the next attempt would have (1-based, since the last stable
   *     connection)
   * @param policy the backoff policy
   * @param retryAfter the server's last {@code retry_after}, or {@code null}
   * @param random the jitter source
   */
  static ReconnectDecision decide(Disconnect cause, int nextAttempt, BackoffPolicy policy, Duration retryAfter,
      RandomGenerator random) {
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(policy, "policy");
    String terminal = terminalReason(cause);
    if (terminal != null) {
      return new Stop(terminal);
    }
    if (!policy.allows(nextAttempt)) {
      return new Stop(policy.maxAttempts() == 0 ? "reconnecting is disabled"
          : "gave up after " + policy.maxAttempts() + " attempts");
    }
    Duration delay = policy.delay(nextAttempt, random);
    if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
      delay = retryAfter;
    }
    return new Reconnect(delay);
  }

  /** Why {@code cause} ends the client for good, or {@code null} when a reconnect may help. */
  private static String terminalReason(Disconnect cause) {
    if (cause instanceof Disconnect.ClosedByClient) {
      return "closed by the application";
    }
    if (cause instanceof Disconnect.AuthenticationRefused refused) {
      return "authentication refused: " + refused.detail();
    }
    if (cause instanceof Disconnect.Closed closed && !CloseCode.shouldReconnect(closed.code())) {
      return "server closed with " + closed.code()
          + CloseCode.of(closed.code()).map(c -> " (" + c.name() + ")").orElse("")
          + (closed.reason().isEmpty() ? "" : ": " + closed.reason());
    }
    if (cause instanceof Disconnect.HandshakeRefused refused) {
      int status = refused.httpStatus();
      if (status >= 400 && status < 500 && status != 408 && status != 429) {
        return "handshake refused with HTTP " + status;
      }
    }
    return null;
  }
}
