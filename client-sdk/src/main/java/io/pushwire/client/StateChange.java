package io.pushwire.client;

import io.pushwire.client.reconnect.Disconnect;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One transition of a client's connection, as told to {@link StateListener}s.
 *
 * <ul>
 *   <li>{@code CONNECTING}: {@code attempt} is the number of this attempt (1-based, counted since
 *       the last stable connection).</li>
 *   <li>{@code OPEN}: {@code attempt} is the attempt that succeeded.</li>
 *   <li>{@code CLOSED} with a {@code nextDelay}: attempt {@code attempt} starts after that delay.</li>
 *   <li>{@code CLOSED} without one: final; the client will not reconnect ({@link #isFinal()});
 *       {@code attempt} is the last attempt made.</li>
 *   <li>{@code CLOSING}: {@link PushClient#close()} is closing the open connection of attempt
 *       {@code attempt}.</li>
 * </ul>
 *
 * @param state the new state
 * @param attempt the attempt number, as above
 * @param nextDelay when {@code CLOSED}, the wait before the next attempt; empty when none follows
 * @param cause why the connection ended or the attempt failed; empty for {@code CONNECTING} and
 *     {@code OPEN}
 */
public record StateChange(ConnectionState state, int attempt, Optional<Duration> nextDelay,
    Optional<Disconnect> cause) {

  public StateChange {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(nextDelay, "nextDelay");
    Objects.requireNonNull(cause, "cause");
  }

  /** Whether this is the client's last change: closed with no reconnect to follow. */
  public boolean isFinal() {
    return state == ConnectionState.CLOSED && nextDelay.isEmpty();
  }
}
