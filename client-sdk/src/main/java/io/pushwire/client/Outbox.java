package io.pushwire.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Frames sent while the client was not connected, waiting for the next connection.
 *
 * <p>Policy: off by default (capacity 0): sending while disconnected then fails at once with
 * {@link DisconnectedException}. With a capacity, frames wait in order and are written after the
 * next connection opened and the subscriptions were replayed. When the outbox is full the newest
 * frame is refused with {@link OutboxFullException}; the ones already queued keep their place.
 * Entries whose caller already gave up (a request that timed out) are purged before a refusal.
 * Only accessed by the loop thread.
 */
final class Outbox {

  /**
   * One queued frame.
   *
   * @param text the encoded frame
   * @param caller the future of the {@code send} or {@code request} call
   * @param requestId the id of a request (its reply is awaited), or {@code null} for a plain send
   */
  record Item(String text, CompletableFuture<?> caller, String requestId) {
  }

  private final int capacity;
  private final ArrayDeque<Item> items = new ArrayDeque<>();

  Outbox(int capacity) {
    this.capacity = capacity;
  }

  boolean enabled() {
    return capacity > 0;
  }

  int capacity() {
    return capacity;
  }

  /** Queues {@code item}; false when the outbox is full. */
  boolean offer(Item item) {
    if (items.size() >= capacity) {
      items.removeIf(queued -> queued.caller().isDone());
    }
    if (items.size() >= capacity) {
      return false;
    }
    items.addLast(item);
    return true;
  }

  /** The oldest item, or {@code null}. */
  Item poll() {
    return items.pollFirst();
  }

  /** Takes every item. */
  List<Item> drain() {
    List<Item> all = new ArrayList<>(items);
    items.clear();
    return all;
  }
}
