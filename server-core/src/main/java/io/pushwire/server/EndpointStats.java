package io.pushwire.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hub's figures: one {@link Counters} set per mounted endpoint (each connection holds its own
 * endpoint's set, so counting a frame is one add), and the snapshots {@link Hub#stats()} and
 * {@link Hub#statsByEndpoint()} report. Hub-wide figures are the sum of the endpoints', made when
 * read, so nothing is counted twice. Thread-safe.
 */
final class EndpointStats {

  /** Each mounted endpoint's counters, by its spec's path; added when it is mounted, never removed. Concurrent. */
  private final Map<String, Counters> byPath = new ConcurrentHashMap<>();
  private final ConnectionRegistry registry;
  private final SubscriptionIndex subscriptions;

  EndpointStats(ConnectionRegistry registry, SubscriptionIndex subscriptions) {
    this.registry = registry;
    this.subscriptions = subscriptions;
  }

  /** The counters of {@code spec}'s endpoint, made the first time it is asked for (when it is mounted). */
  Counters of(EndpointSpec spec) {
    return byPath.computeIfAbsent(spec.path(), p -> new Counters());
  }

  /** Every endpoint's counters summed, with the connections and subscriptions held now. */
  ServerStats total() {
    return Counters.sum(byPath.values(), registry.size(), subscriptions.total());
  }

  /** Each mounted endpoint's snapshot, in path order; walks the open connections once. */
  Map<String, ServerStats> byEndpoint() {
    Map<String, int[]> current = new LinkedHashMap<>(); // path -> {connections, subscriptions}
    registry.forEach(c -> {
      int[] figures = current.computeIfAbsent(c.spec().path(), p -> new int[2]);
      figures[0]++;
      figures[1] += subscriptions.count(c);
    });
    Map<String, ServerStats> stats = new LinkedHashMap<>();
    for (String path : paths()) {
      int[] figures = current.getOrDefault(path, new int[2]);
      stats.put(path, byPath.get(path).snapshot(figures[0], figures[1]));
    }
    return stats;
  }

  /** The mounted endpoints' paths, sorted. */
  Set<String> paths() {
    return new TreeSet<>(byPath.keySet());
  }
}
