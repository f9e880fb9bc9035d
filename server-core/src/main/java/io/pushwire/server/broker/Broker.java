package io.pushwire.server.broker;

import io.pushwire.protocol.ServerMessage;
import java.util.concurrent.CompletableFuture;

/**
 * Carries publications between the nodes of a Pushwire deployment. The hub publishes every
 * message through its broker, and receives every publication (its own included) through the
 * handler given to {@link #start}; a single node uses {@link InMemoryBroker}, several nodes behind
 * a load balancer share a networked broker so every client is reached.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Ordering.</b> Publications on one channel reach every node's handler in the order
 *       their {@link #publish} calls were ordered by the broker, and their offsets grow by one in
 *       that order. No order holds across channels.</li>
 *   <li><b>Delivery.</b> At most once per node: a node that is disconnected from the broker
 *       misses publications, and uses {@link #history} to recover them where it must.</li>
 *   <li><b>Positions.</b> {@link #publish} completes with the publication's
 *       {@link StreamPosition}. Offsets start at 1 in a fresh epoch; a broker that loses a
 *       channel's history must start a new epoch rather than reuse offsets.</li>
 *   <li><b>History.</b> Bounded by the implementation (documented there). {@link #history}
 *       returns what it keeps after a position, and says when part was lost.</li>
 *   <li><b>Messages.</b> A networked broker serializes messages with the protocol codec, so every
 *       node must know the same custom message types.</li>
 *   <li><b>Node subscription.</b> A broker may deliver a topic's publications only to the nodes
 *       that {@linkplain #subscribe subscribed} to it (the hub tells it when its first local
 *       subscriber comes and its last goes); the reserved target channels reach every node.</li>
 *   <li><b>Threads.</b> All methods are thread-safe. The handler may be called on any thread,
 *       never concurrently for one channel; it must not block.</li>
 * </ul>
 */
public interface Broker extends AutoCloseable {

  /** Receives every publication on every channel, on this node. */
  @FunctionalInterface
  interface Handler {
    /** Called once per publication; must not block. */
    void onPublication(Publication publication);
  }

  /** Starts node-level delivery: from now on every publication goes to {@code handler}. */
  void start(Handler handler);

  /**
   * Publishes {@code message} on {@code channel}; completes with its position. {@code droppable}
   * travels with the publication to every node.
   */
  CompletableFuture<StreamPosition> publish(String channel, ServerMessage message, boolean droppable);

  /**
   * The retained publications on {@code channel} after {@code since} (exclusive), at most
   * {@code limit}, oldest first. A {@code since} of {@code null} means "from the oldest kept".
   */
  CompletableFuture<HistoryResult> history(String channel, StreamPosition since, int limit);

  /** What {@link #goLive} runs at the seam between history and live delivery. */
  @FunctionalInterface
  interface LiveStart {
    /**
     * Called once, with the channel's history after the requested position, at the one moment
     * where every publication up to {@code history.latest()} has been handed to the handler and
     * none after it has. Must only make the subscription visible to the handler and queue frames:
     * it must not block, and must not publish.
     */
    void start(HistoryResult history);
  }

  /**
   * Reads the history of {@code channel} after {@code since} (at most {@code limit}, as
   * {@link #history}) and runs {@code start} atomically with respect to publication on
   * {@code channel}: publications at or before the result's {@code latest} were handed to the
   * handler before {@code start} runs, later ones after it returns. A subscription that
   * {@code start} makes live therefore receives, after the replayed publications, exactly those
   * with a greater offset: no gap and no duplicate at the seam. A broker that subscribes nodes
   * per channel ({@link #subscribe}) subscribes this node to {@code channel} before it reads the
   * history; {@code start} then adds the subscription, whose {@link #subscribe} call is a no-op.
   *
   * <p>The default returns {@code false} without calling {@code start}: a broker that cannot
   * order a history read with live delivery cannot offer recovery, and the hub answers
   * {@code recovered: false} ({@code not_recoverable}) rather than risk a gap or a duplicate.
   *
   * @return whether {@code start} ran
   */
  default boolean goLive(String channel, StreamPosition since, int limit, LiveStart start) {
    return false;
  }

  /**
   * Tells the broker that this node now has local subscribers to {@code channel}, so it must
   * deliver the channel's publications to this node's handler from now on. A {@code channel} with
   * a wildcard ({@code *} or {@code ?}, the syntax of {@code TopicPattern}) is a pattern: the node
   * wants every topic it matches. The hub calls it when the first local subscription to an exact
   * topic, or the first to a pattern, appears.
   *
   * <p>Contract: calls for one channel come in the order of the hub's index changes (the hub
   * makes them inside its per-topic update), so an implementation must not block, must not call
   * back into the hub, and must apply subscribe and unsubscribe of one channel in call order. It
   * is idempotent: a second subscribe of a subscribed channel changes nothing. The future
   * completes once publications on the channel reach this node (for a networked broker: once the
   * server confirmed the subscription), or exceptionally if the broker cannot subscribe now (it
   * keeps the wish and subscribes again when it reconnects). The reserved target channels
   * ({@code $all}, {@code $user:<id>}, {@code $conn:<id>}, {@code $kick:<id>}) are never passed: a broker delivers
   * them to every node from {@link #start} on.
   *
   * <p>The default does nothing and completes at once: a single-node broker hands every
   * publication to its one handler anyway.
   */
  default CompletableFuture<Void> subscribe(String channel) {
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Tells the broker that the last local subscriber to {@code channel} (a topic or a pattern, as
   * {@link #subscribe}) has gone: the node may stop receiving it. Same ordering and threading
   * contract as {@link #subscribe}; idempotent. Publications that were already on their way may
   * still reach the handler, which delivers them to nobody.
   */
  default CompletableFuture<Void> unsubscribe(String channel) {
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Where this broker keeps presence for the other nodes ({@link PresenceStore}); the hub asks once,
   * when it is built. The default, for a broker that serves one node, is
   * {@link PresenceStore#nodeLocal()}: presence is this node's subscription index alone.
   */
  default PresenceStore presence() {
    return PresenceStore.nodeLocal();
  }

  /** Stops delivery and releases resources (its {@linkplain #presence presence store} too). */
  @Override
  void close();
}
