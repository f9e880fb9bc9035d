package io.pushwire.server.tasks;

import io.pushwire.protocol.GenerationStatus;
import io.pushwire.protocol.TaskState;
import io.pushwire.protocol.VideoTaskStatus;

/**
 * Where a task is in its life, in Pushwire's own words. Each endpoint writes its seed document's
 * vocabulary on the wire; the mapping functions below are the one place that says how.
 *
 * <pre>
 * phase      seed 002 (taskStatusUpdate)  seed 003 (task_status)  seed 004 (taskUpdated)
 * QUEUED     generating                   pending                 QUEUED
 * RUNNING    generating                   running                 PROCESSING
 * COMPLETED  done                         completed               COMPLETED
 * FAILED     failed                       failed                  FAILED
 * CANCELLED  failed                       cancelled               FAILED
 * </pre>
 *
 * <p>Seeds 002 and 004 have no word for a cancelled task; both call it failed, and the task's
 * {@link Task#error()} says why.
 */
public enum TaskPhase {
  /** Accepted, not started. */
  QUEUED,
  /** Being worked on. */
  RUNNING,
  /** Finished with a result. Terminal. */
  COMPLETED,
  /** Finished without a result. Terminal. */
  FAILED,
  /** Stopped on purpose before it finished. Terminal. */
  CANCELLED;

  /** Whether a task in this phase never changes again; its subscriptions end when it gets here. */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }

  /** Seed 002's word: {@code generating | done | failed}. */
  public GenerationStatus generationStatus() {
    return switch (this) {
      case QUEUED, RUNNING -> GenerationStatus.GENERATING;
      case COMPLETED -> GenerationStatus.DONE;
      case FAILED, CANCELLED -> GenerationStatus.FAILED;
    };
  }

  /** Seed 003's word: {@code pending | running | completed | failed | cancelled}. */
  public TaskState taskState() {
    return switch (this) {
      case QUEUED -> TaskState.PENDING;
      case RUNNING -> TaskState.RUNNING;
      case COMPLETED -> TaskState.COMPLETED;
      case FAILED -> TaskState.FAILED;
      case CANCELLED -> TaskState.CANCELLED;
    };
  }

  /** Seed 004's word: {@code QUEUED | PROCESSING | COMPLETED | FAILED}. */
  public VideoTaskStatus videoTaskStatus() {
    return switch (this) {
      case QUEUED -> VideoTaskStatus.QUEUED;
      case RUNNING -> VideoTaskStatus.PROCESSING;
      case COMPLETED -> VideoTaskStatus.COMPLETED;
      case FAILED, CANCELLED -> VideoTaskStatus.FAILED;
    };
  }

  /**
   * The phases whose seed 003 word is {@code state}: what {@code get_tasks} with a {@code status}
   * filter lists. {@code unknown} matches none.
   */
  public static java.util.Set<TaskPhase> withTaskState(TaskState state) {
    java.util.EnumSet<TaskPhase> phases = java.util.EnumSet.noneOf(TaskPhase.class);
    for (TaskPhase phase : values()) {
      if (phase.taskState() == state) {
        phases.add(phase);
      }
    }
    return phases;
  }
}
