package io.pushwire.server.tasks;

import io.pushwire.protocol.ErrorCode;
import io.pushwire.protocol.ErrorMessage;
import io.pushwire.protocol.GenerationStatus;
import io.pushwire.protocol.Progress;
import io.pushwire.protocol.TaskInfo;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.protocol.TaskStatus;
import io.pushwire.protocol.TaskStatusUpdate;
import io.pushwire.protocol.TaskUpdated;
import io.pushwire.protocol.VideoCard;
import java.util.Map;
import java.util.Objects;

/**
 * A task in each document's words: the one place that turns a {@link Task} into wire messages,
 * and that decides whether a change is visible in a document at all. Stateless.
 */
final class TaskMessages {

  private TaskMessages() {
  }

  // ------------------------------------------------------------------ taskStatusUpdate style

  /** {@code taskStatusUpdate}; the card is always there, in every state, with every field known. */
  static TaskStatusUpdate statusUpdate(Task task) {
    GenerationStatus status = task.phase().generationStatus();
    TaskResult r = task.result() == null ? TaskResult.EMPTY : task.result();
    VideoCard card = new VideoCard(task.id(), status.wire(), r.title(), r.description(), r.thumbnailUrl(),
        r.videoUrl(), task.createdAt().toString(), task.updatedAt().toString(), r.extra());
    return new TaskStatusUpdate(task.id(), status, card);
  }

  /** Whether a {@code taskStatusUpdate} client sees a difference: its status word or the card's content (not its times). */
  static boolean statusUpdateDiffers(Task previous, Task current) {
    return previous == null
        || previous.phase().generationStatus() != current.phase().generationStatus()
        || !Objects.equals(previous.result(), current.result());
  }

  // ------------------------------------------------------------------ task topics style

  /** {@code task_status}, also the answer to {@code get_task}. */
  static TaskStatus taskStatus(Task task) {
    return new TaskStatus(task.id(), task.phase().taskState(), task.startedAt(), task.endedAt(), task.error());
  }

  /** {@code task_progress}, or {@code null} before the first progress report. */
  static TaskProgress taskProgress(Task task) {
    return task.progress() == null ? null : new TaskProgress(task.id(), task.progress());
  }

  /** One entry of {@code task_list}. */
  static TaskInfo taskInfo(Task task) {
    return new TaskInfo(task.id(), task.phase().taskState(), task.progress(), task.startedAt(), task.endedAt());
  }

  /** Whether {@code task_status} differs. */
  static boolean taskStatusDiffers(Task previous, Task current) {
    return previous == null || !taskStatus(previous).equals(taskStatus(current));
  }

  /** Whether {@code task_progress} differs (and there is one). */
  static boolean taskProgressDiffers(Task previous, Task current) {
    return current.progress() != null && (previous == null || !current.progress().equals(previous.progress()));
  }

  // ------------------------------------------------------------------ taskUpdated style

  /** {@code taskUpdated}; {@code progress} is always a number. */
  static TaskUpdated taskUpdated(Task task) {
    return new TaskUpdated(task.id(), task.phase().videoTaskStatus(), percent(task.progress()),
        task.result() == null ? null : task.result().videoUrl(), task.error());
  }

  /**
   * 0-100; 0 until the first report, because clients of this style read {@code progress} from a
   * database row where it is always a number.
   */
  private static int percent(Progress progress) {
    if (progress == null) {
      return 0;
    }
    return (int) Math.max(0, Math.min(100, Math.round(progress.percentage())));
  }

  // ------------------------------------------------------------------ errors

  /** {@code TASK_NOT_FOUND}; {@code details} names the id under the document's own field name. */
  static ErrorMessage notFound(String idField, String id) {
    return new ErrorMessage(ErrorCode.TASK_NOT_FOUND, "task " + id + " does not exist", Map.of(idField, id), null);
  }
}
