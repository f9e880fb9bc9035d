package io.pushwire.client.tasks;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One {@link TaskWatcher#watch watch} of some tasks, or of {@linkplain TaskWatcher#watchAll every
 * task}. It lasts across reconnects until {@link #close()}; an id leaves it when its task reaches a
 * terminal state or the server refuses it. Thread-safe.
 */
public final class TaskWatch implements AutoCloseable {

  private final TaskWatcher watcher;
  private final TaskWatchListener listener;
  private final boolean everything;
  /** The ids still watched, in the order given; guarded by the watcher's lock. Empty when {@link #everything}. */
  private final Set<String> live;
  /** Guarded by the watcher's lock. */
  private boolean closed;

  TaskWatch(TaskWatcher watcher, TaskWatchListener listener, boolean everything, Set<String> ids) {
    this.watcher = watcher;
    this.listener = Objects.requireNonNull(listener, "listener");
    this.everything = everything;
    this.live = new LinkedHashSet<>(ids);
  }

  /** The ids still watched: not yet terminal, not refused. Empty for a watch of every task. */
  public Set<String> taskIds() {
    synchronized (watcher.lock) {
      return Set.copyOf(live);
    }
  }

  /** Whether this watch follows every task (rather than some ids). */
  public boolean everything() {
    return everything;
  }

  /**
   * Stops watching: the listener hears nothing more, and the ids no other watch needs are
   * unsubscribed on the server (when connected) and not watched again after a reconnect.
   * Idempotent.
   */
  @Override
  public void close() {
    watcher.close(this);
  }

  TaskWatchListener listener() {
    return listener;
  }

  /** Caller holds the watcher's lock. */
  Set<String> live() {
    return live;
  }

  /** Caller holds the watcher's lock. */
  boolean closed() {
    return closed;
  }

  /** Caller holds the watcher's lock. */
  void markClosed() {
    closed = true;
  }

  /** Caller holds the watcher's lock. */
  boolean wants(String taskId) {
    return !closed && (everything || live.contains(taskId));
  }
}
