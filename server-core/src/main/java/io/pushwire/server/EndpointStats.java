package io.pushwire.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
  /** Events before any endpoint is known (sockets at the listener); counted in {@link #total()} only. Guards itself. */
  private final Counters unattributed = new Counters();
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

  /**
   * The counters of the endpoint a request for {@code path} reached (a trailing slash, as
   * Socket.IO asks, counts under the path without it), or null when no endpoint is mounted there.
   */
  Counters ofPath(String path) {
    if (path == null) {
      return null;
    }
    Counters counters = byPath.get(path);
    if (counters == null && path.length() > 1 && path.endsWith("/")) {
      counters = byPath.get(path.substring(0, path.length() - 1));
    }
    return counters;
  }

  /** The counters of events that belong to no endpoint (a socket that never sent a request). */
  Counters unattributed() {
    return unattributed;
  }

  /** Every endpoint's counters summed, and the unattributed ones, with the connections and subscriptions held now. */
  ServerStats total() {
    List<Counters> sets = new ArrayList<>(byPath.values());
    sets.add(unattributed);
    return Counters.sum(sets, registry.size(), subscriptions.total());
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
