package io.pushwire.client.reconnect;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long to wait before each reconnect attempt: exponential backoff with full jitter between a
 * floor and a ceiling. Attempt {@code n} (1-based, counted since the last stable connection) waits
 * a uniformly random time in {@code [minDelay, min(maxDelay, minDelay * 2^n)]}, so a crowd of
 * clients that lost the same server spreads out instead of returning in one wave, and no client
 * ever retries faster than {@code minDelay}.
 *
 * <p>The attempt count starts again at 1 once a connection has stayed open for
 * {@code resetAfter}; a connection that flaps (opens, then drops at once) keeps backing off.
 * Immutable.
 *
 * @param minDelay the floor of every delay, at least 1 ms
 * @param maxDelay the ceiling of every delay, at least {@code minDelay}
 * @param maxAttempts attempts allowed in a row before giving up; {@link #UNLIMITED} for no limit,
 *     0 to never reconnect
 * @param resetAfter how long a connection must stay open to count as stable
 */
public record BackoffPolicy(Duration minDelay, Duration maxDelay, int maxAttempts, Duration resetAfter) {

  /** {@link #maxAttempts()} value meaning "keep trying". */
  public static final int UNLIMITED = Integer.MAX_VALUE;

  public BackoffPolicy {
    Objects.requireNonNull(minDelay, "minDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(resetAfter, "resetAfter");
    if (minDelay.toMillis() < 1) {
      throw new IllegalArgumentException("minDelay must be at least 1 ms, got " + minDelay);
    }
    if (maxDelay.compareTo(minDelay) < 0) {
      throw new IllegalArgumentException("maxDelay " + maxDelay + " is below minDelay " + minDelay);
    }
    if (maxAttempts < 0) {
      throw new IllegalArgumentException("maxAttempts must be >= 0, got " + maxAttempts);
    }
    if (resetAfter.isNegative() || resetAfter.isZero()) {
      throw new IllegalArgumentException("resetAfter must be positive, got " + resetAfter);
    }
  }

  /** The default: 500 ms to 30 s, unlimited attempts, stable after 10 s. */
  public static BackoffPolicy defaults() {
    return exponential(Duration.ofMillis(500), Duration.ofSeconds(30));
  }

  /** Backoff between {@code minDelay} and {@code maxDelay}, unlimited attempts, stable after 10 s. */
  public static BackoffPolicy exponential(Duration minDelay, Duration maxDelay) {
    return new BackoffPolicy(minDelay, maxDelay, UNLIMITED, Duration.ofSeconds(10));
  }

  /** Never reconnect: the first lost connection or failed attempt is final. */
  public static BackoffPolicy never() {
    return new BackoffPolicy(Duration.ofMillis(1), Duration.ofMillis(1), 0, Duration.ofSeconds(10));
  }

  /** This policy with another attempt limit. */
  public BackoffPolicy withMaxAttempts(int attempts) {
    return new BackoffPolicy(minDelay, maxDelay, attempts, resetAfter);
  }

  /** This policy with another stability threshold. */
  public BackoffPolicy withResetAfter(Duration stableAfter) {
    return new BackoffPolicy(minDelay, maxDelay, maxAttempts, stableAfter);
  }

  /** Whether attempt number {@code attempt} (1-based) may be made. */
  public boolean allows(int attempt) {
    return attempt <= maxAttempts;
  }

  /** The upper bound of the delay before attempt {@code attempt}: {@code min(maxDelay, minDelay * 2^attempt)}. */
  public Duration ceiling(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempts are counted from 1, got " + attempt);
    }
    long min = minDelay.toMillis();
    long max = maxDelay.toMillis();
    // Shift only while it cannot overflow; past that the ceiling is maxDelay anyway.
    long ceiling = attempt >= 62 || min > (max >> Math.min(attempt, 62)) ? max : min << attempt;
    return Duration.ofMillis(Math.min(max, ceiling));
  }

  /** A random delay before attempt {@code attempt}, uniform in {@code [minDelay, ceiling(attempt)]}. */
  public Duration delay(int attempt, RandomGenerator random) {
    long min = minDelay.toMillis();
    long ceiling = ceiling(attempt).toMillis();
    return Duration.ofMillis(ceiling == min ? min : random.nextLong(min, ceiling + 1));
  }
}
