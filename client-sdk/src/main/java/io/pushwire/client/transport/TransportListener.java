package io.pushwire.client.transport;

/**
 * Receives one connection's events, in order: {@link #onOpen} first, then any number of
 * {@link #onText}, then {@link #onClose} at most once. Called on the transport's I/O threads; an
 * implementation hands the work elsewhere and may block {@link #onText} to push back on a fast
 * sender.
 */
public interface TransportListener {

  /** The handshake succeeded; {@code connection} is ready for sending. */
  void onOpen(TransportConnection connection);

  /** A whole text frame arrived. */
  void onText(String text);

  /**
   * The connection ended: the peer's close code, 1006 when it dropped without a close frame, or
   * the client's own code when the client closed it.
   */
  void onClose(int code, String reason);
}
