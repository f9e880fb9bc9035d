package io.pushwire.server.tasks;

/**
 * Told about every change in a {@link TaskRegistry}, in the order the changes were applied.
 * {@link TaskFeature} is one; applications may add their own (to persist tasks, say).
 *
 * <p>Called while the registry holds its write lock, so that listeners see one task's changes in
 * order: return quickly, never block, and never call the registry's write methods from here.
 * Both methods have defaults; override what you need. An exception is logged and ignored.
 */
public interface TaskListener {

  /**
   * A task was created ({@code previous} is {@code null}) or changed.
   *
   * @param previous the snapshot before the change, or {@code null} for a new task
   * @param current the snapshot after it
   */
  default void onChanged(Task previous, Task current) {
  }

  /** A task left the registry: evicted to make room, or removed by the application. */
  default void onRemoved(Task task) {
  }
}
