package io.pushwire.server.tasks;

/**
 * Thrown by {@link TaskRegistry#create(NewTask)} when the registry holds its maximum number of
 * tasks and none of them is terminal, so none can be evicted.
 */
public final class TaskRegistryFullException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final int maxTasks;

  TaskRegistryFullException(int maxTasks) {
    super("the task registry holds " + maxTasks + " live tasks, its maximum; finish or remove some first");
    this.maxTasks = maxTasks;
  }

  /** The registry's bound. */
  public int maxTasks() {
    return maxTasks;
  }
}
