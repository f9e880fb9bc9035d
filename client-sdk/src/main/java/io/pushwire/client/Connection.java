package io.pushwire.client;

import io.pushwire.protocol.ClientMessage;
import java.util.concurrent.CompletableFuture;

/**
 * One connection of a {@link PushClient}, from the moment it is open (authenticated, its
 * subscriptions replayed) until it is lost or the client closes. The connection made after a
 * reconnect is another {@code Connection}. {@link PushClient#onOpen} hands over each one as it
 * opens, {@link PushClient#connection()} returns the open one, and {@link Received#connection()}
 * says which one a claimed message came on.
 *
 * <p>Why it exists: {@link PushClient#send} writes on whatever connection is open when the frame
 * leaves, or parks the frame in the outbox. A feature that answers what the server sent on one
 * connection must answer on that connection, and never on a later one. The running-log tail
 * acknowledges each batch where the batch came from. On the next connection, the same
 * acknowledgement would release a batch that its listener has not seen yet.
 *
 * <p>Thread-safe. Its methods return at once. Futures complete on the client's callback executor.
 */
public interface Connection {

  /** Whether this is the client's open connection. A connection that was lost never opens again. */
  boolean isOpen();

  /**
   * Sends {@code message} on this connection only. The frame never goes to the outbox or to a
   * later connection. The future completes when the frame has been written. It fails with
   * {@link DisconnectedException} if this connection is no longer open.
   */
  CompletableFuture<Void> send(ClientMessage message);

  /**
   * As {@link #send(ClientMessage)}, with {@code id} in the frame. Use it for a request that the
   * server answers with a stream of frames carrying that id, not with one reply (use
   * {@link PushClient#request} for that). {@code get_running_log} is such a request: every
   * {@code running_log} batch it starts carries its id. Frames with the id reach
   * {@linkplain PushClient#claim claims} and listeners, never a pending request.
   *
   * @throws IllegalArgumentException if {@code id} is empty, or starts with {@code req_} or
   *     {@code hb_}, the prefixes of the client's own request and heartbeat ids
   */
  CompletableFuture<Void> send(ClientMessage message, String id);
}
