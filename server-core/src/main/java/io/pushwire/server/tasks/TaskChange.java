package io.pushwire.server.tasks;

import io.pushwire.protocol.Progress;

/**
 * A change to a task: every field that is not {@code null} replaces the task's value; a
 * {@code null} field leaves it as it is. Applications pass one to {@link TaskRegistry#update},
 * and a {@link TaskStatusSource} answers with one.
 *
 * @param phase the new phase, or {@code null}
 * @param progress the new progress, or {@code null}
 * @param result the result's new fields ({@link TaskResult#updatedWith}: its non-null fields
 *     replace the task's, the others stay), or {@code null}
 * @param error why the task failed, or {@code null}
 */
public record TaskChange(TaskPhase phase, Progress progress, TaskResult result, String error) {

  /** A change that changes nothing. */
  public static final TaskChange NONE = new TaskChange(null, null, null, null);

  /** Moves the task to {@code phase}. */
  public static TaskChange toPhase(TaskPhase phase) {
    return NONE.withPhase(phase);
  }

  /** Sets the progress. */
  public static TaskChange toProgress(Progress progress) {
    return NONE.withProgress(progress);
  }

  /** This change with a phase. */
  public TaskChange withPhase(TaskPhase newPhase) {
    return new TaskChange(newPhase, progress, result, error);
  }

  /** This change with a progress. */
  public TaskChange withProgress(Progress newProgress) {
    return new TaskChange(phase, newProgress, result, error);
  }

  /** This change with a result. */
  public TaskChange withResult(TaskResult newResult) {
    return new TaskChange(phase, progress, newResult, error);
  }

  /** This change with an error text. */
  public TaskChange withError(String newError) {
    return new TaskChange(phase, progress, result, newError);
  }

  /**
   * A progress of {@code percent} out of 100 (seed 004's {@code progress}): {@code total} 100,
   * {@code completed} and {@code percentage} both {@code percent}, clamped to 0-100.
   */
  public static Progress percent(int percent) {
    int p = Math.max(0, Math.min(100, percent));
    return new Progress(100, p, 0, null, p, null);
  }
}
