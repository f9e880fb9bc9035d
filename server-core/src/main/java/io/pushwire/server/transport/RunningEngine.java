package io.pushwire.server.transport;

/** A started {@link ServerEngine}: the port it bound, and how to stop it. Closed once, by its owner. */
public interface RunningEngine extends AutoCloseable {

  /** The port bound: the free port chosen when 0 was asked for. */
  int port();

  /** Sockets held now that have not completed a WebSocket upgrade; 0 where the engine does not track them. */
  default int pendingSockets() {
    return 0;
  }

  /**
   * Stops listening and closes every connection still open, at once (the hub has already said
   * goodbye to its clients). Returns within a few seconds.
   */
  @Override
  void close();
}
