package io.pushwire.client.transport;

import java.util.concurrent.CompletableFuture;

/** One open WebSocket connection, as seen by the client. Thread-safe. */
public interface TransportConnection {

  /**
   * Queues a text frame. The future completes when the frame has been written to the network,
   * and fails if the connection cannot write it.
   */
  CompletableFuture<Void> send(String text);

  /**
   * Closes with {@code code} and {@code reason} (at most 123 bytes), releasing the connection's
   * resources. Idempotent.
   */
  void close(int code, String reason);
}
