package io.pushwire.client.transport;

/**
 * The client's boundary to a WebSocket implementation: open a connection, then text frames in
 * and out. The default is {@link TyrusTransport}. Everything above this interface (reconnect,
 * heartbeat, auth, requests) belongs to the client, so a transport does no retrying of its own.
 *
 * <p>Each {@code PushClient} owns one transport and calls {@link #connect} from one connecting
 * thread at a time.
 */
public interface Transport extends AutoCloseable {

  /**
   * Opens a connection and blocks until the handshake completed, failed, or
   * {@link ConnectRequest#timeout()} passed. On success, {@link TransportListener#onOpen} has been
   * called (before any {@link TransportListener#onText}), usually before this method returns.
   *
   * @throws ConnectFailedException if no connection was made
   */
  void connect(ConnectRequest request, TransportListener listener) throws ConnectFailedException;

  /** Releases everything the transport holds (threads, selectors). Idempotent. */
  @Override
  void close();
}
