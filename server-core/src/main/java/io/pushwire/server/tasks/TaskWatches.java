package io.pushwire.server.tasks;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which connection watches which task topic ({@code generation:<id>}, {@code video:<id>}), so
 * the feature can hold each connection to its cap and forget what a closed connection or an
 * ended task leaves behind. The hub holds the subscriptions themselves.
 *
 * <p>Lock-free on purpose: {@link #connectionClosed} is called from the hub while it delivers,
 * possibly under the broker's lock, and must never wait for the feature's lock. Adds happen on the
 * connection's reader thread before the hub subscription, so a close racing with an add either
 * finds the entry or makes the hub refuse the subscription (and the caller takes the entry back).
 */
final class TaskWatches {

  private final int maxPerConnection;
  /** Topics per connection; each set at most {@link #maxPerConnection}; entries go when empty or closed. */
  private final Map<String, Set<String>> byConnection = new ConcurrentHashMap<>();
  /** Connections per topic, the reverse of {@link #byConnection}; entries go when empty or ended. */
  private final Map<String, Set<String>> byTopic = new ConcurrentHashMap<>();

  TaskWatches(int maxPerConnection) {
    this.maxPerConnection = maxPerConnection;
  }

  int maxPerConnection() {
    return maxPerConnection;
  }

  /** Whether {@code connectionId} may watch {@code topics} as well as what it watches now. */
  boolean fits(String connectionId, Collection<String> topics) {
    Set<String> current = byConnection.getOrDefault(connectionId, Set.of());
    long added = topics.stream().distinct().filter(t -> !current.contains(t)).count();
    return current.size() + added <= maxPerConnection;
  }

  boolean watches(String connectionId, String topic) {
    return byConnection.getOrDefault(connectionId, Set.of()).contains(topic);
  }

  void add(String connectionId, String topic) {
    byConnection.computeIfAbsent(connectionId, c -> ConcurrentHashMap.newKeySet()).add(topic);
    byTopic.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(connectionId);
  }

  void remove(String connectionId, String topic) {
    byConnection.computeIfPresent(connectionId, (c, topics) -> {
      topics.remove(topic);
      return topics.isEmpty() ? null : topics;
    });
    byTopic.computeIfPresent(topic, (t, connections) -> {
      connections.remove(connectionId);
      return connections.isEmpty() ? null : connections;
    });
  }

  /** The topic ended (its task did): nobody watches it any more. */
  void endTopic(String topic) {
    Set<String> connections = byTopic.remove(topic);
    if (connections != null) {
      for (String connectionId : connections) {
        byConnection.computeIfPresent(connectionId, (c, topics) -> {
          topics.remove(topic);
          return topics.isEmpty() ? null : topics;
        });
      }
    }
  }

  void connectionClosed(String connectionId) {
    Set<String> topics = byConnection.remove(connectionId);
    if (topics != null) {
      for (String topic : topics) {
        byTopic.computeIfPresent(topic, (t, connections) -> {
          connections.remove(connectionId);
          return connections.isEmpty() ? null : connections;
        });
      }
    }
  }
}
