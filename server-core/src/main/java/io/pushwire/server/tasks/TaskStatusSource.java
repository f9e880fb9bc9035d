package io.pushwire.server.tasks;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * An external system that knows more about a task than the registry does: seed 004 asks a
 * third-party video API whether a task it still holds as queued or processing has finished.
 * {@link HttpStatusSource} asks an HTTP JSON API; applications implement this for anything else
 * (a database, a job scheduler).
 *
 * <p>The contract, as {@link TaskRegistry#refresh(String)} uses it:
 * <ul>
 *   <li><b>When.</b> Asked only about tasks that are not terminal, and only when a client asks for
 *       a task's status ({@code requestTaskStatus}, {@code requestMultipleTaskStatus},
 *       {@code get_task}) or the application calls {@code refresh}. At most one question per task
 *       is outstanding; concurrent askers share its answer.
 *   <li><b>Answer.</b> A {@link TaskChange} to apply (the task's subscribers are then told), or
 *       {@link Optional#empty()} when the external system has nothing new.
 *   <li><b>Time.</b> The registry waits at most its refresh timeout. A stage that fails or does
 *       not complete in time leaves the task unchanged; the failure is logged at WARN with the task
 *       id, and the asking client still gets the task's current state.
 *   <li><b>Threads.</b> Called on whichever thread asks; must not block it. Do blocking work on an
 *       executor of your own and return its stage. Must be thread-safe.
 *   <li><b>Races.</b> If the task reached a terminal state while the question was out, the answer
 *       is dropped: a terminal task never changes.
 * </ul>
 */
@FunctionalInterface
public interface TaskStatusSource {

  /**
   * Asks the external system about {@code task}.
   *
   * @return the change to apply, or empty when there is nothing new
   */
  CompletionStage<Optional<TaskChange>> fetch(Task task);
}
