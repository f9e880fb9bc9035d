package io.pushwire.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.server.broker.Broker;
import io.pushwire.server.topics.MessageFilter;
import io.pushwire.server.topics.TopicPattern;
import java.util.Collection;
import java.util.HashSet;
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
   * Exact-name subscriptions: topic, then connection. Keyed by connection, so a re-subscription
   * replaces the old entry in one step (no publication reaches the connection twice, or misses it).
   */
  private final Map<String, Map<PushConnection, Subscription>> exact = new ConcurrentHashMap<>();
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
        Map<PushConnection, Subscription> entry = byTopic != null ? byTopic : new ConcurrentHashMap<>();
        entry.put(connection, subscription);
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
    Map<PushConnection, Subscription> subscribers = removeExactTopic(topic);
    if (subscribers == null) {
      return List.of();
    }
    subscribers.values().forEach(s -> forgetOwn(s.connection(), topic, s));
    return subscribers.values();
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
    for (Subscription s : exact.getOrDefault(topic, Map.of()).values()) {
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
    for (Subscription s : exact.getOrDefault(topic, Map.of()).values()) {
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

  /** Drops every exact subscription to {@code topic}, telling the broker in the same step; null if none. */
  private Map<PushConnection, Subscription> removeExactTopic(String topic) {
    @SuppressWarnings("unchecked")
    Map<PushConnection, Subscription>[] removed = new Map[1];
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
        byTopic.remove(s.connection(), s);
        if (byTopic.isEmpty()) {
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
