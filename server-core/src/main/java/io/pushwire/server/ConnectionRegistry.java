package io.pushwire.server;

import io.pushwire.protocol.CloseCode;
import io.pushwire.server.auth.Principal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The connections open on this node: by id, and once admitted by user; with the counts the
 * connection limits need (in all, per remote address, per client id). {@link #register} takes a
 * place, {@link #admit} makes an authenticated connection reachable, {@link #forget} gives back
 * exactly what those two took.
 *
 * <p>Admission and forgetting of one connection run under that connection's entry lock (its
 * {@link Entry}), so a close that races the admission releases exactly what the admission took;
 * different connections never wait for each other. The counts are changed by atomic per-key
 * operations only. Thread-safe.
 */
final class ConnectionRegistry {

  private final Limits limits;
  /** Every registered connection by id; added by {@link #register}, removed by {@link #forget}. */
  private final Map<String, Entry> connections = new ConcurrentHashMap<>();
  /**
   * Admitted connections by user id. An entry is created, changed and removed only by the map's
   * atomic per-key operations, and removed when its last connection goes.
   */
  private final Map<String, Set<PushConnection>> byUser = new ConcurrentHashMap<>();
  /** Admitted connections per client id; atomic per key; an entry at zero is removed. */
  private final Map<String, Integer> perClientId = new ConcurrentHashMap<>();
  /** Registered connections per remote address; atomic per key; an entry at zero is removed. */
  private final Map<String, Integer> perRemoteAddress = new ConcurrentHashMap<>();

  /** One registered connection, and the lock its admission and forgetting run under. */
  private static final class Entry {
    final PushConnection connection;
    /** Guarded by this entry. The principal admission took a client-id count and a user entry for; null before. */
    Principal admitted;

    Entry(PushConnection connection) {
      this.connection = connection;
    }
  }

  ConnectionRegistry(Limits limits) {
    this.limits = limits;
  }

  /** Takes a place for {@code c}; false when {@code maxConnections} or the per-address limit is reached. */
  boolean register(PushConnection c) {
    String address = c.remoteAddress();
    if (connections.size() >= limits.maxConnections()
        || (address != null && !acquire(perRemoteAddress, address, limits.maxConnectionsPerRemoteAddress()))) {
      return false;
    }
    connections.put(c.id(), new Entry(c));
    return true;
  }

  /**
   * Admits an authenticated connection: applies the per-client-id limit (closing {@code c} with
   * 1013 past it), makes {@code c} reachable as its user's connection and, last, marks it
   * authenticated in the same step as its {@code greeting} is queued
   * ({@link PushConnection#authenticate}). So a connection that shows a principal already receives
   * what is published to it, its user or everyone, and nothing published overtakes the greeting.
   *
   * @return whether {@code c} was admitted (false: refused by the limit, or closing)
   */
  boolean admit(PushConnection c, Principal principal, String greeting) {
    Entry entry = connections.get(c.id());
    if (entry == null || entry.connection != c) {
      return false; // closing: forget() has run
    }
    synchronized (entry) {
      if (!c.isOpen() || connections.get(c.id()) != entry) {
        return false; // closing: forget() has run, or will find nothing admitted to release
      }
      if (!acquire(perClientId, principal.clientId(), limits.maxConnectionsPerClientId())) {
        c.close(CloseCode.TRY_AGAIN_LATER, "too many connections for this client id");
        return false;
      }
      byUser.compute(principal.userId(), (user, set) -> {
        Set<PushConnection> entries = set != null ? set : ConcurrentHashMap.newKeySet();
        entries.add(c);
        return entries;
      });
      entry.admitted = principal;
      c.authenticate(principal, greeting);
      return true;
    }
  }

  /**
   * Forgets {@code c} and gives back what registering and admitting it took. Idempotent.
   *
   * @return the principal it had been admitted as, the first time; else null
   */
  Principal forget(PushConnection c) {
    Entry entry = connections.get(c.id());
    if (entry == null || entry.connection != c) {
      return null;
    }
    synchronized (entry) {
      if (!connections.remove(c.id(), entry)) {
        return null;
      }
      if (c.remoteAddress() != null) {
        release(perRemoteAddress, c.remoteAddress());
      }
      Principal admitted = entry.admitted;
      if (admitted != null) {
        release(perClientId, admitted.clientId());
        byUser.computeIfPresent(admitted.userId(), (user, set) -> {
          set.remove(c);
          return set.isEmpty() ? null : set;
        });
      }
      return admitted;
    }
  }

  /** The registered connection {@code id}, or null. */
  PushConnection get(String id) {
    Entry entry = connections.get(id);
    return entry == null ? null : entry.connection;
  }

  /** Whether {@code c} is registered (not yet forgotten). */
  boolean contains(PushConnection c) {
    return get(c.id()) == c;
  }

  /** Calls {@code action} for every registered connection, on this thread. */
  void forEach(Consumer<PushConnection> action) {
    for (Entry entry : connections.values()) {
      action.accept(entry.connection);
    }
  }

  /** The admitted connections of {@code userId}: a live view, possibly empty. */
  Set<PushConnection> ofUser(String userId) {
    return byUser.getOrDefault(userId, Set.of());
  }

  /** The ids of the registered connections, a snapshot. */
  Set<String> ids() {
    return Set.copyOf(connections.keySet());
  }

  int size() {
    return connections.size();
  }

  private static boolean acquire(Map<String, Integer> counts, String key, int limit) {
    boolean[] ok = new boolean[1];
    counts.compute(key, (k, n) -> {
      int current = n == null ? 0 : n;
      ok[0] = current < limit;
      return ok[0] ? current + 1 : n;
    });
    return ok[0];
  }

  private static void release(Map<String, Integer> counts, String key) {
    counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
  }
}
