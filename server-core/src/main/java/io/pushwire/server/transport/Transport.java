package io.pushwire.server.transport;

/**
 * One upgraded WebSocket connection, as an engine offers it to the hub: write a frame, ping,
 * close. The hub's outbound queue calls {@link #send} with at most one send outstanding per
 * connection, so an implementation never has to queue more than one frame of its own.
 *
 * <p>Implementations are thread-safe: the hub sends from publishers' and timers' threads.
 */
public interface Transport {

  /**
   * Sends one text frame. {@code whenReady} is called exactly once, on any thread and possibly
   * before this method returns: with {@code null} once the transport can take the next frame (the
   * frame need not be on the wire yet, only accepted within the engine's own bounded buffer), or
   * with the failure that stopped it. Must not throw; a failure goes to {@code whenReady}.
   */
  void send(OutboundFrame frame, SendCallback whenReady);

  /** Sends a WebSocket ping with an empty payload; best effort (a failure closes nothing here). */
  void ping();

  /**
   * Closes the connection with a close frame of {@code code} and {@code reason} (at most 123 bytes
   * of UTF-8), after any frame already accepted by {@link #send}. Idempotent.
   */
  void close(int code, String reason);

  /** Whether the connection is open: neither side has closed it. */
  boolean isOpen();

  /** Whether the engine's own buffer can take frames now; the default says it always can. */
  default boolean isWritable() {
    return true;
  }

  /**
   * The loop this connection's writes run on, where the hub may queue its publications' frames
   * (the same loop for the connection's whole life); null (the default) when the engine has none,
   * and the hub's own delivery threads queue them.
   */
  default DeliveryLoop deliveryLoop() {
    return null;
  }
}
