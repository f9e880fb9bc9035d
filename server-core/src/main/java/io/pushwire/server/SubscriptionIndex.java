package io.pushwire.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.server.broker.Broker;
import io.pushwire.server.topics.MessageFilter;
import io.pushwire.server.topics.TopicPattern;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Every subscription of every connection, indexed for delivery: exact topic names by topic, then
 * connection; wildcard patterns by connection and pattern; and each connection's own, by the name
 * or pattern it subscribed with (what the per-connection limit and {@link Hub#stats()} count).
 *
 * <p>Each map is changed only by its atomic per-key operations ({@code compute},
 * {@code computeIfPresent}, {@code remove}), so a subscription never lands in an entry that a
 * concurrent removal is dropping. A subscription enters the delivery maps before the connection's
 * own, and leaves them in the other order, so one that is counted already receives every
 * publication. Thread-safe: subscribers' reader threads, features' threads, publishers and
 * closing connections all use it at once.
 *
 * <p>Prepared views: a topic with {@link #PREPARED_MIN} or more subscribers keeps a {@link
 * Prepared} view of them for {@link FanOut}, made by the first fan-out after each change (a
 * version number, bumped inside the topic's atomic update, tells it is stale). Bound: a
 * reference and an int per subscriber of such a topic, dropped with the topic.
 *
 * <p>Node subscription: when the first subscription to an exact topic (or the first to a pattern)
 * enters the index, and when the last one leaves, the broker is told
 * ({@link Broker#subscribe}, {@link Broker#unsubscribe}) from inside the same atomic per-key
 * update, so the calls for one topic or pattern reach the broker in the order the index changed.
 */
final class SubscriptionIndex {

  /**
   * One subscription of one connection. Immutable.
   *
   * @param positioned whether pushes to it carry their stream position ({@code pos})
   */
  record Subscription(PushConnection connection, TopicPattern pattern, MessageFilter filter, boolean positioned) {
  }

  /** A connection's wildcard subscription, by pattern text. */
  private record WildcardKey(PushConnection connection, String pattern) {
  }

  /**
   * The subscribers of one topic, made ready for a fan-out that does nothing per recipient on the
   * publisher's thread: the unfiltered ones grouped by delivery lane, in the order the index holds
   * them, and the filtered ones, which each publication still tests. Immutable.
   *
   * @param version the topic's {@link Topic#version} it was made from
   * @param groups the unfiltered subscribers, one group per lane
   * @param filtered the subscriptions with a filter
   * @param examples one subscription per frame slot the groups use, to make that frame from
   */
  record Prepared(int version, List<Group> groups, List<Subscription> filtered, List<Subscription> examples) {
  }

  /**
   * Some subscribers of one topic in one delivery lane, and the frame slot each takes (see
   * {@link FanOut#frameSlot}). The arrays are never changed once made.
   */
  record Group(DeliveryLanes.Lane lane, PushConnection[] connections, int[] slots) {
  }

  /** The fewest subscribers a topic has before its fan-outs use a {@link Prepared} view. */
  static final int PREPARED_MIN = 64;

  /** One topic's exact subscriptions, and the view a fan-out uses. */
  private static final class Topic {
    /** By connection, so a re-subscription replaces the old entry in one step (no publication reaches the connection twice, or misses it). */
    final Map<PushConnection, Subscription> subscribers = new ConcurrentHashMap<>();
    /**
     * Changes to {@link #subscribers} so far; written only inside {@link #exact}'s atomic update
     * of this topic (one writer at a time), after the change; read by publishers.
     */
    volatile int version;
    /** The view the last fan-out made, or null; any publisher replaces it, each with a whole one. */
    volatile Prepared prepared;

    void changed() {
      version++; // one writer at a time: inside exact's per-key update
    }
  }

  /** Exact-name subscriptions by topic. */
  private final Map<String, Topic> exact = new ConcurrentHashMap<>();
  /** Wildcard subscriptions; scanned for every topic publication. */
  private final Map<WildcardKey, Subscription> wildcards = new ConcurrentHashMap<>();
  /** Each connection's subscriptions by name or pattern; an entry goes when its last subscription goes. */
  private final Map<PushConnection, Map<String, Subscription>> byConnection = new ConcurrentHashMap<>();
  /** How many wildcard subscriptions hold each pattern text; changed only by per-key compute. */
  private final Map<String, Integer> patternHolders = new ConcurrentHashMap<>();
  /** Told when this node's first subscriber to a topic or pattern comes and its last goes. */
  private final Broker broker;

  /** An index that tells {@code broker} which topics and patterns this node needs. */
  SubscriptionIndex(Broker broker) {
    this.broker = broker;
  }

  /**
   * Adds {@code subscription}, replacing the connection's earlier one to the same name or pattern.
   * Nothing is added for a connection that is closing; one that closes meanwhile is cleaned up here.
   */
  void add(Subscription subscription) {
    PushConnection connection = subscription.connection();
    if (!connection.isOpen()) {
      return;
    }
    String text = subscription.pattern().text();
    if (subscription.pattern().isWildcard()) {
      if (wildcards.put(new WildcardKey(connection, text), subscription) == null) {
        patternHolders.compute(text, (pattern, holders) -> {
          if (holders == null) {
            broker.subscribe(pattern);
            return 1;
          }
          return holders + 1;
        });
      }
    } else {
      exact.compute(text, (topic, byTopic) -> {
        if (byTopic == null) {
          broker.subscribe(topic); // the first local subscriber: ordered with the topic's other changes
        }
        Topic entry = byTopic != null ? byTopic : new Topic();
        entry.subscribers.put(connection, subscription);
        entry.changed();
        return entry;
      });
    }
    byConnection.compute(connection, (c, own) -> {
      Map<String, Subscription> entry = own != null ? own : new ConcurrentHashMap<>();
      entry.put(text, subscription);
      return entry;
    });
    if (!connection.isOpen()) { // closed meanwhile: removeAll() may have run before the lines above
      remove(connection, text);
    }
  }

  /** Removes the connection's subscription to {@code name} (a name or pattern, as subscribed), if any. */
  void remove(PushConnection connection, String name) {
    Subscription s = byConnection.getOrDefault(connection, Map.of()).get(name);
    if (s != null) { // out of the delivery index first, as add() puts it there first
      removeFromDelivery(s);
      forgetOwn(connection, name, s);
    }
  }

  /**
   * Removes every subscription of {@code connection}: it is gone. Idempotent.
   *
   * @return the subscriptions removed by this call (none when an earlier call took them)
   */
  Collection<Subscription> removeAll(PushConnection connection) {
    Map<String, Subscription> own = byConnection.remove(connection);
    if (own == null) {
      return List.of();
    }
    own.values().forEach(this::removeFromDelivery);
    return own.values();
  }

  /**
   * Removes every subscription to exactly {@code topic}, on every connection (the topic ended).
   *
   * @return the subscriptions removed
   */
  Collection<Subscription> removeTopic(String topic) {
    Topic removed = removeExactTopic(topic);
    if (removed == null) {
      return List.of();
    }
    removed.subscribers.values().forEach(s -> forgetOwn(s.connection(), topic, s));
    return removed.subscribers.values();
  }

  /** Whether {@code connection} holds a subscription to {@code name} (a name or pattern, as subscribed). */
  boolean holds(PushConnection connection, String name) {
    return byConnection.getOrDefault(connection, Map.of()).containsKey(name);
  }

  /** How many subscriptions {@code connection} holds. */
  int count(PushConnection connection) {
    return byConnection.getOrDefault(connection, Map.of()).size();
  }

  /** How many subscriptions all connections hold. */
  int total() {
    int total = 0;
    for (Map<String, Subscription> own : byConnection.values()) {
      total += own.size();
    }
    return total;
  }

  /**
   * Hands every connection subscribed to {@code topic} to {@code deliver}, once: exact names first,
   * then patterns. A subscription with a filter takes the publication only if its {@code body}
   * (made at most once, when a filter first asks) passes; a pattern on an endpoint that declares
   * its topics matches only those.
   */
  void forEachSubscriber(String topic, Supplier<JsonNode> body, Consumer<Subscription> deliver) {
    Set<PushConnection> reached = wildcards.isEmpty() ? null : new HashSet<>();
    for (Subscription s : subscribersOf(topic)) {
      if (s.filter().isEmpty() || s.filter().test(body.get())) {
        deliver.accept(s);
        if (reached != null) {
          reached.add(s.connection());
        }
      }
    }
    if (reached == null) {
      return;
    }
    for (Subscription s : wildcards.values()) {
      Set<String> declared = s.connection().spec().declaredTopics();
      if (s.pattern().matches(topic) && !reached.contains(s.connection())
          && (declared == null || declared.contains(topic))
          && (s.filter().isEmpty() || s.filter().test(body.get()))) {
        reached.add(s.connection());
        deliver.accept(s);
      }
    }
  }

  /**
   * Hands every connection holding a subscription that {@code topic}'s publications reach (an
   * exact one or a matching pattern; filters aside) to {@code holder}, once.
   */
  void forEachHolder(String topic, Consumer<PushConnection> holder) {
    Set<PushConnection> reached = new HashSet<>();
    for (Subscription s : subscribersOf(topic)) {
      if (reached.add(s.connection())) {
        holder.accept(s.connection());
      }
    }
    for (Subscription s : wildcards.values()) {
      Set<String> declared = s.connection().spec().declaredTopics();
      if (s.pattern().matches(topic) && (declared == null || declared.contains(topic)) && reached.add(s.connection())) {
        holder.accept(s.connection());
      }
    }
  }

  /**
   * {@code topic}'s subscribers ready for a fan-out, when the fan-out may use them: null when the
   * topic has fewer than {@link #PREPARED_MIN} subscribers, or when any wildcard subscription
   * exists (then {@link #forEachSubscriber} must see each exact subscriber to reach each connection
   * once). Made again when the topic's subscribers changed since the last one, so it holds every
   * change made before this call, as {@link #forEachSubscriber} would; kept with the topic, at a
   * reference and an int per subscriber.
   */
  Prepared prepared(String topic) {
    Topic entry = exact.get(topic);
    if (entry == null || !wildcards.isEmpty() || entry.subscribers.size() < PREPARED_MIN) {
      return null;
    }
    int version = entry.version; // read before the subscribers: a later change makes this view stale
    Prepared prepared = entry.prepared;
    if (prepared == null || prepared.version() != version) {
      prepared = prepare(entry.subscribers.values(), version);
      entry.prepared = prepared;
    }
    return prepared;
  }

  private static Prepared prepare(Collection<Subscription> subscriptions, int version) {
    Map<DeliveryLanes.Lane, List<Subscription>> byLane = new LinkedHashMap<>();
    List<Subscription> filtered = new ArrayList<>();
    Map<Integer, Subscription> examples = new LinkedHashMap<>();
    for (Subscription s : subscriptions) {
      if (!s.filter().isEmpty()) {
        filtered.add(s);
        continue;
      }
      byLane.computeIfAbsent(s.connection().lane(), lane -> new ArrayList<>()).add(s);
      examples.putIfAbsent(FanOut.frameSlot(s.connection(), s.positioned()), s);
    }
    List<Group> groups = new ArrayList<>(byLane.size());
    byLane.forEach((lane, members) -> {
      PushConnection[] connections = new PushConnection[members.size()];
      int[] slots = new int[members.size()];
      for (int i = 0; i < connections.length; i++) {
        Subscription s = members.get(i);
        connections[i] = s.connection();
        slots[i] = FanOut.frameSlot(s.connection(), s.positioned());
      }
      groups.add(new Group(lane, connections, slots));
    });
    return new Prepared(version, List.copyOf(groups), List.copyOf(filtered), List.copyOf(examples.values()));
  }

  private Collection<Subscription> subscribersOf(String topic) {
    Topic entry = exact.get(topic);
    return entry == null ? List.of() : entry.subscribers.values();
  }

  /** Drops every exact subscription to {@code topic}, telling the broker in the same step; null if none. */
  private Topic removeExactTopic(String topic) {
    Topic[] removed = new Topic[1];
    exact.computeIfPresent(topic, (t, byTopic) -> {
      removed[0] = byTopic;
      broker.unsubscribe(t);
      return null;
    });
    return removed[0];
  }

  private void removeFromDelivery(Subscription s) {
    if (s.pattern().isWildcard()) {
      if (wildcards.remove(new WildcardKey(s.connection(), s.pattern().text()), s)) {
        patternHolders.computeIfPresent(s.pattern().text(), (pattern, holders) -> {
          if (holders > 1) {
            return holders - 1;
          }
          broker.unsubscribe(pattern); // the last local holder of the pattern went
          return null;
        });
      }
    } else {
      exact.computeIfPresent(s.pattern().text(), (topic, byTopic) -> {
        if (byTopic.subscribers.remove(s.connection(), s)) {
          byTopic.changed();
        }
        if (byTopic.subscribers.isEmpty()) {
          broker.unsubscribe(topic); // the last local subscriber went
          return null;
        }
        return byTopic;
      });
    }
  }

  private void forgetOwn(PushConnection connection, String name, Subscription s) {
    byConnection.computeIfPresent(connection, (c, own) -> {
      own.remove(name, s);
      return own.isEmpty() ? null : own;
    });
  }
}
