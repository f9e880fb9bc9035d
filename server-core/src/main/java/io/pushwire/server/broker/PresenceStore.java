package io.pushwire.server.broker;

import io.pushwire.protocol.PresenceResult;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Who is subscribed to which topic on the <em>other</em> nodes of a deployment, and their join and
 * leave events. A hub answers presence from its own subscription index (exact subscriptions and
 * matching patterns, always current) and adds what its broker's store reports for the other nodes;
 * a single node uses {@link #nodeLocal()}, which reports nobody elsewhere. A broker offers its store
 * with {@link Broker#presence()}, and owns it: the broker's {@code close} ends it.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>What is kept.</b> The hub calls {@link #add} when one of its connections comes to hold
 *       a subscription to exactly {@code topic} (not by a pattern: patterns count only on the node
 *       that holds them), and {@link #remove} when it stops holding it (unsubscribed, closed, the
 *       topic ended). Calls for one topic and connection come in order; both must not block (a
 *       networked store sends them asynchronously) and must not call back into the hub.</li>
 *   <li><b>Liveness.</b> A store shared by several nodes must make the entries of a node that
 *       stops without removing them (killed, partitioned) disappear within a bounded time, which
 *       it documents; until then they are still reported.</li>
 *   <li><b>Reading.</b> {@link #elsewhere} reports the other nodes' connections on a topic: all of
 *       them counted, at most {@code limit} listed. It completes exceptionally if the store cannot
 *       answer now; the hub then answers the request with an error rather than a partial view.</li>
 *   <li><b>Events.</b> An {@code add} or {@code remove} with {@code announce} set must reach the
 *       {@link Listener} of every other node (at most once: a node disconnected from the store
 *       misses them); the announcing node's own listener is not told. Entries of a node that
 *       vanished leave without an event.</li>
 *   <li><b>Threads.</b> Thread-safe. The listener may be called on any thread and must not
 *       block.</li>
 * </ul>
 */
public interface PresenceStore {

  /** Told of join and leave events announced on other nodes. */
  interface Listener {
    /** A connection on another node now holds a subscription to exactly {@code topic}. */
    void joined(String topic, PresenceResult.Client client);

    /** A connection on another node no longer holds its subscription to {@code topic}. */
    void left(String topic, PresenceResult.Client client);
  }

  /**
   * What the other nodes hold on one topic.
   *
   * @param connections how many of their connections hold a subscription to exactly the topic
   * @param users the distinct user ids of those connections (all of them: a hub merges them with
   *     its own to count distinct users; held for the length of one presence request)
   * @param clients at most the requested number of those connections, in no promised order
   */
  record Elsewhere(int connections, Set<String> users, List<PresenceResult.Client> clients) {

    /** Nobody elsewhere. */
    public static final Elsewhere NONE = new Elsewhere(0, Set.of(), List.of());

    public Elsewhere {
      users = Set.copyOf(Objects.requireNonNull(users, "users"));
      clients = List.copyOf(Objects.requireNonNull(clients, "clients"));
    }
  }

  /** Starts telling {@code listener} the other nodes' announced events; called once, by the hub. */
  void start(Listener listener);

  /**
   * This node's connection {@code client} now holds a subscription to exactly {@code topic};
   * {@code announce}: tell the other nodes' listeners ({@code presence_join} enabled for it).
   */
  void add(String topic, PresenceResult.Client client, boolean announce);

  /** This node's connection {@code client} no longer holds its subscription to {@code topic}. */
  void remove(String topic, PresenceResult.Client client, boolean announce);

  /** The other nodes' connections on {@code topic}, at most {@code limit} of them listed. */
  CompletableFuture<Elsewhere> elsewhere(String topic, int limit);

  /** The store of a single node: keeps nothing, reports nobody elsewhere, announces to nobody. */
  static PresenceStore nodeLocal() {
    return NodeLocal.INSTANCE;
  }

  /** {@link #nodeLocal()}. Stateless. */
  enum NodeLocal implements PresenceStore {
    INSTANCE;

    @Override
    public void start(Listener listener) {
    }

    @Override
    public void add(String topic, PresenceResult.Client client, boolean announce) {
    }

    @Override
    public void remove(String topic, PresenceResult.Client client, boolean announce) {
    }

    @Override
    public CompletableFuture<Elsewhere> elsewhere(String topic, int limit) {
      return CompletableFuture.completedFuture(Elsewhere.NONE);
    }
  }
}
