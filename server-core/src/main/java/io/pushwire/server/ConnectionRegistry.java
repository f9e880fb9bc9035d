package io.pushwire.server;

import io.pushwire.protocol.CloseCode;
import io.pushwire.server.auth.Principal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The connections open on this node: by id, and once admitted by user; with the counts the
 * connection limits need (in all, per client id, and per remote address: authenticated ones, and
 * apart from them those still waiting to authenticate). {@link #register} takes a place,
 * {@link #admit} makes an authenticated connection reachable, {@link #forget} gives back exactly
 * what those two took.
 *
 * <p>Connections that have not authenticated are counted per address apart from the others, and at
 * their cap the oldest of them gives way to the newest (closed with 1013), so a client that opens
 * connections and never authenticates cannot lock out the clients behind the same address: they
 * authenticate at once, and count under the authenticated cap.
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
  /** Admitted connections per remote address; atomic per key; an entry at zero is removed. */
  private final Map<String, Integer> perRemoteAddress = new ConcurrentHashMap<>();
  /**
   * Registered connections not yet admitted, per remote address, oldest first; each deque is
   * changed only inside the map's atomic per-key operations, holds at most
   * {@link Limits#maxPendingConnectionsPerRemoteAddress()}, and is removed when empty.
   */
  private final Map<String, Deque<PushConnection>> pendingByAddress = new ConcurrentHashMap<>();

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

  /**
   * Takes a place for {@code c}; false when {@code maxConnections} is reached. When its address
   * already has {@link Limits#maxPendingConnectionsPerRemoteAddress()} connections waiting to
   * authenticate, the oldest of them is closed with 1013 to make room.
   */
  boolean register(PushConnection c) {
    if (connections.size() >= limits.maxConnections()) {
      return false;
    }
    connections.put(c.id(), new Entry(c));
    String address = c.remoteAddress();
    if (address != null) {
      PushConnection[] evicted = new PushConnection[1];
      pendingByAddress.compute(address, (a, queue) -> {
        Deque<PushConnection> q = queue != null ? queue : new ArrayDeque<>();
        if (q.size() >= limits.maxPendingConnectionsPerRemoteAddress()) {
          evicted[0] = q.pollFirst();
        }
        q.addLast(c);
        return q;
      });
      if (evicted[0] != null) {
        evicted[0].close(CloseCode.TRY_AGAIN_LATER, "too many unauthenticated connections from this address");
      }
    }
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
      String address = c.remoteAddress();
      if (address != null && !acquire(perRemoteAddress, address, limits.maxConnectionsPerRemoteAddress())) {
        c.close(CloseCode.TRY_AGAIN_LATER, "too many connections from this address");
        return false;
      }
      if (!acquire(perClientId, principal.clientId(), limits.maxConnectionsPerClientId())) {
        if (address != null) {
          release(perRemoteAddress, address);
        }
        c.close(CloseCode.TRY_AGAIN_LATER, "too many connections for this client id");
        return false;
      }
      if (address != null) {
        leavePending(address, c);
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
      Principal admitted = entry.admitted;
      if (c.remoteAddress() != null) {
        if (admitted != null) {
          release(perRemoteAddress, c.remoteAddress());
        } else {
          leavePending(c.remoteAddress(), c);
        }
      }
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

  /** Connections from {@code address} registered and not yet admitted (for testing). */
  int pendingAt(String address) {
    Deque<PushConnection> q = pendingByAddress.get(address);
    return q == null ? 0 : q.size();
  }

  private void leavePending(String address, PushConnection c) {
    pendingByAddress.computeIfPresent(address, (a, q) -> {
      q.remove(c);
      return q.isEmpty() ? null : q;
    });
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
