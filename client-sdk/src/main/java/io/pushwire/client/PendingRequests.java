package io.pushwire.client;

import io.pushwire.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

/**
 * Frames sent (or waiting in the outbox) whose reply the client correlates by {@code id}.
 *
 * <p>Bound: {@code request()} calls beyond the client's {@code maxPendingRequests} are refused at
 * once with {@link TooManyPendingRequestsException}; the client's own subscribe frames are not
 * counted (their number is the application's subscription count). Every entry has a timeout, so
 * the map never holds an entry longer than the request timeout. Only accessed by the client's
 * loop thread.
 */
final class PendingRequests {

  /** What to do when a correlated frame's fate is known. Called on the loop thread. */
  interface Pending {
    /** The reply (an {@code error} included) arrived. */
    void replied(String id, ServerMessage reply);

    /** No reply within the timeout. */
    void timedOut(String id);

    /** The connection the frame was sent on is gone. */
    void disconnected(PushClientException failure);

    /** The client stops for good or is closed. */
    void abandoned(PushClientException failure);
  }

  private static final class Entry {
    final Pending pending;
    final ScheduledFuture<?> timeout;
    final boolean counted;
    /** Whether the frame went out on the current connection (false while in the outbox). */
    boolean sent;

    Entry(Pending pending, ScheduledFuture<?> timeout, boolean counted) {
      this.pending = pending;
      this.timeout = timeout;
      this.counted = counted;
    }
  }

  /** In registration order, so failures are reported in the order requests were made. */
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final int limit;
  /** Entries that count against {@link #limit}. */
  private int counted;
  /**
   * The ids of the latest {@value #TIMED_OUT_KEPT} requests that timed out, oldest first, so that
   * a reply arriving after its timeout is dropped, as documented, rather than handed to the
   * listeners as if it were a push. Bounded: the oldest id goes when a new one comes.
   */
  private final Set<String> timedOut = new LinkedHashSet<>();

  /** How many timed-out ids are remembered; a reply later than that many newer timeouts reaches the listeners. */
  static final int TIMED_OUT_KEPT = 256;

  PendingRequests(int limit) {
    this.limit = limit;
  }

  /** Whether one more counted request would pass the limit. */
  boolean full() {
    return counted >= limit;
  }

  int limit() {
    return limit;
  }

  void add(String id, Pending pending, ScheduledFuture<?> timeout, boolean countAgainstLimit) {
    entries.put(id, new Entry(pending, timeout, countAgainstLimit));
    if (countAgainstLimit) {
      counted++;
    }
  }

  /** Marks {@code id} as written to the current connection; false if it is no longer pending. */
  boolean markSent(String id) {
    Entry entry = entries.get(id);
    if (entry == null) {
      return false;
    }
    entry.sent = true;
    return true;
  }

  /** Routes a reply to its entry; false if no entry has that id. */
  boolean reply(String id, ServerMessage reply) {
    Entry entry = remove(id);
    if (entry == null) {
      return false;
    }
    entry.pending.replied(id, reply);
    return true;
  }

  /** Times out {@code id} if it is still pending. */
  void timeout(String id) {
    Entry entry = remove(id);
    if (entry != null) {
      rememberTimedOut(id);
      entry.pending.timedOut(id);
    }
  }

  /** Whether {@code id} is a request that timed out lately: its reply, arriving now, is late. */
  boolean timedOut(String id) {
    return timedOut.contains(id);
  }

  private void rememberTimedOut(String id) {
    if (timedOut.size() == TIMED_OUT_KEPT) {
      Iterator<String> oldest = timedOut.iterator();
      oldest.next();
      oldest.remove();
    }
    timedOut.add(id);
  }

  /** Fails {@code id} if it is still pending. */
  void fail(String id, PushClientException failure) {
    Entry entry = remove(id);
    if (entry != null) {
      entry.pending.disconnected(failure);
    }
  }

  /** The connection is gone: every entry sent on it learns so; entries still in the outbox stay. */
  void connectionLost(PushClientException failure) {
    for (String id : List.copyOf(entries.keySet())) {
      Entry entry = entries.get(id);
      if (entry != null && entry.sent) {
        remove(id);
        entry.pending.disconnected(failure);
      }
    }
  }

  /** The client stops: every entry is abandoned. */
  void abandonAll(PushClientException failure) {
    List<Entry> all = new ArrayList<>(entries.values());
    for (Entry entry : all) {
      entry.timeout.cancel(false);
      if (entry.counted) {
        counted--;
      }
    }
    entries.clear();
    all.forEach(entry -> entry.pending.abandoned(failure));
  }

  private Entry remove(String id) {
    Entry entry = entries.remove(id);
    if (entry != null) {
      entry.timeout.cancel(false);
      if (entry.counted) {
        counted--;
      }
    }
    return entry;
  }
}
