package io.pushwire.client;

import java.time.Duration;

/**
 * When to ping, and when a silent connection counts as dead. The client sends a protocol
 * {@code ping} (with an id, answered by a {@code pong}) every interval; any inbound frame proves
 * the connection alive, and none for longer than the timeout means it is dead.
 *
 * <p>Only accessed by the client's loop thread.
 */
final class Heartbeat {

  /** What a check found. */
  enum Verdict {
    /** Nothing to do. */
    QUIET,
    /** A ping is due; the check recorded it as sent. */
    PING,
    /** Nothing arrived within the timeout. */
    DEAD
  }

  private final long intervalNanos;
  private final long timeoutNanos;
  /** When the last ping went out (or the connection opened); loop thread only. */
  private long lastPingNanos;

  Heartbeat(Duration interval, Duration timeout) {
    this.intervalNanos = interval.toNanos();
    this.timeoutNanos = timeout.toNanos();
  }

  boolean enabled() {
    return intervalNanos > 0;
  }

  /** How often to check: a quarter of the shorter period, so a dead connection is found within 25 % of the timeout. */
  Duration checkEvery() {
    return Duration.ofNanos(Math.max(Duration.ofMillis(10).toNanos(), Math.min(intervalNanos, timeoutNanos) / 4));
  }

  /** A connection opened at {@code nowNanos}: the first ping is due one interval later. */
  void opened(long nowNanos) {
    lastPingNanos = nowNanos;
  }

  /**
   * Checks at {@code nowNanos}, given that the last frame arrived at {@code lastInboundNanos}.
   */
  Verdict check(long nowNanos, long lastInboundNanos) {
    if (nowNanos - lastInboundNanos > timeoutNanos) {
      return Verdict.DEAD;
    }
    if (nowNanos - lastPingNanos >= intervalNanos) {
      lastPingNanos = nowNanos;
      return Verdict.PING;
    }
    return Verdict.QUIET;
  }
}
