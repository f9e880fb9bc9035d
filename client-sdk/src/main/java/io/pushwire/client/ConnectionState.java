package io.pushwire.client;

/** Where a {@link PushClient}'s connection stands. */
public enum ConnectionState {
  /** A connection attempt is under way: TCP connect, handshake, and first-message auth. */
  CONNECTING,
  /** Connected and authenticated: frames flow, subscriptions have been replayed. */
  OPEN,
  /** {@link PushClient#close()} is closing the connection. */
  CLOSING,
  /**
   * Not connected: before {@link PushClient#connect()}, while waiting to reconnect
   * ({@link StateChange#nextDelay()} present), or for good.
   */
  CLOSED
}
