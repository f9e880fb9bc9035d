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
   * with a greater offset: no gap and no duplicate at the seam.
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

  /** Stops delivery and releases resources. */
  @Override
  void close();
}
