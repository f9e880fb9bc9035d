package io.pushwire.client.tasks;

/**
 * Receives the updates of watched tasks, on the client's callback executor, in arrival order.
 * After a reconnect the current state of every task still watched arrives again, so an update
 * may repeat the previous one; a task never goes back to an older state after a terminal one.
 */
@FunctionalInterface
public interface TaskWatchListener {

  /** A watched task's new (or re-sent) state; after a {@linkplain TaskUpdate#terminal() terminal} one, nothing more comes for it. */
  void onUpdate(TaskUpdate update);

  /**
   * The server refused to watch {@code taskId} ({@code TASK_NOT_FOUND}, a per-connection cap, ...):
   * the id is no longer watched.
   *
   * @param reason the server's words
   */
  default void onRefused(String taskId, String reason) {
  }
}
