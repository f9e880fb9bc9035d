package io.pushwire.server;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * The listeners of one kind that the application added to the hub, each removable through the
 * {@link Registration} it came with. A listener that throws is logged and the others are told all
 * the same. Thread-safe.
 *
 * @param <L> the listener type
 */
final class Listeners<L> {

  private final String kind;
  private final Logger log;
  /**
   * One entry per addition, so a registration removes its own even when a listener is added twice.
   * Copy-on-write: added and removed rarely, iterated on every event, by any thread.
   */
  private final List<Entry<L>> entries = new CopyOnWriteArrayList<>();

  /** One addition; equal only to itself, so removing it never removes another. */
  private static final class Entry<L> {
    final L listener;

    Entry(L listener) {
      this.listener = listener;
    }
  }

  /** Listeners called {@code kind} in logs, which go to {@code log}. */
  Listeners(String kind, Logger log) {
    this.kind = kind;
    this.log = log;
  }

  Registration add(L listener) {
    Entry<L> entry = new Entry<>(Objects.requireNonNull(listener, "listener"));
    entries.add(entry);
    return () -> entries.remove(entry);
  }

  /** Whether there is no listener now; lets a hot path skip the work of an event nobody hears. */
  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Tells every listener, on this thread, in the order they were added; {@code about} names the event in logs. */
  void tell(Consumer<L> event, Object about) {
    for (Entry<L> entry : entries) {
      try {
        event.accept(entry.listener);
      } catch (RuntimeException e) {
        log.warn("{} failed for {}", kind, about, e);
      }
    }
  }
}
