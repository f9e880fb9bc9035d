package io.pushwire.client.tasks;

import io.pushwire.protocol.GenerationStatus;
import io.pushwire.protocol.Progress;
import io.pushwire.protocol.ServerMessage;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.protocol.TaskState;
import io.pushwire.protocol.TaskStatus;
import io.pushwire.protocol.TaskStatusUpdate;
import io.pushwire.protocol.TaskUpdated;
import io.pushwire.protocol.VideoTaskStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * A task's latest known state, the same whichever document's frame brought it: seed 002's
 * {@code taskStatusUpdate}, seed 003's {@code task_status} and {@code task_progress}, seed 004's
 * {@code taskUpdated}. A frame that carries only part of the state (a {@code task_progress} has
 * no status, a queued {@code taskUpdated} no progress) is completed from the task's previous
 * update, when the watcher still remembers it.
 *
 * @param taskId the task ({@code task_id}, {@code videoId} or {@code generateId})
 * @param phase its phase; {@link Phase#UNKNOWN} until a frame with a status arrived
 * @param percentage progress, 0-100, or {@code null} when no frame carried any
 * @param progress seed 003's full progress object, or {@code null}
 * @param resultUrl the result's URL once completed ({@code videoUrl} of seeds 002 and 004), or {@code null}
 * @param error why it failed, or {@code null}
 * @param message the frame this update comes from, for fields the other documents lack
 */
public record TaskUpdate(
    String taskId,
    Phase phase,
    Double percentage,
    Progress progress,
    String resultUrl,
    String error,
    ServerMessage message) {

  /** A task's phase in one vocabulary for all three documents ({@code docs/tasks.md} §2). */
  public enum Phase {
    /** Not started: seed 003 {@code pending}, seed 004 {@code QUEUED}. */
    QUEUED,
    /** Under way: seed 003 {@code running}, seed 004 {@code PROCESSING}, seed 002 {@code generating}. */
    RUNNING,
    /** Finished with a result: {@code completed}, {@code COMPLETED}, {@code done}. Terminal. */
    COMPLETED,
    /** Finished without one: {@code failed}, {@code FAILED}. Terminal. */
    FAILED,
    /** Cancelled (seed 003 only; the others say failed). Terminal. */
    CANCELLED,
    /** No status seen yet, or one this client does not know. */
    UNKNOWN;

    /** Whether the task will never change again (the server has already dropped its watch). */
    public boolean terminal() {
      return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
  }

  public TaskUpdate {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(message, "message");
  }

  /** Whether the task will never change again. */
  public boolean terminal() {
    return phase.terminal();
  }

  /** The task id a task frame is about, or empty if {@code message} is no task frame. */
  public static Optional<String> taskIdOf(ServerMessage message) {
    if (message instanceof TaskStatus m) {
      return Optional.of(m.taskId());
    } else if (message instanceof TaskProgress m) {
      return Optional.of(m.taskId());
    } else if (message instanceof TaskUpdated m) {
      return Optional.of(m.videoId());
    } else if (message instanceof TaskStatusUpdate m) {
      return Optional.of(m.generateId());
    }
    return Optional.empty();
  }

  /**
   * The state after {@code message}, completing what it leaves out from {@code previous}.
   *
   * @param previous the task's previous update, or {@code null}
   * @param message a task frame ({@link #taskIdOf} not empty)
   * @throws IllegalArgumentException if {@code message} is no task frame
   */
  public static TaskUpdate of(TaskUpdate previous, ServerMessage message) {
    String id = taskIdOf(message).orElseThrow(
        () -> new IllegalArgumentException(message.getClass().getSimpleName() + " is no task frame"));
    TaskUpdate base = previous != null && previous.taskId.equals(id) ? previous
        : new TaskUpdate(id, Phase.UNKNOWN, null, null, null, null, message);
    if (message instanceof TaskStatus m) {
      return new TaskUpdate(id, phase(m.status()), base.percentage, base.progress, base.resultUrl,
          m.error() != null ? m.error() : base.error, message);
    } else if (message instanceof TaskProgress m) {
      return new TaskUpdate(id, base.phase, m.progress().percentage(), m.progress(), base.resultUrl, base.error,
          message);
    } else if (message instanceof TaskUpdated m) {
      return new TaskUpdate(id, phase(m.status()), m.progress() != null ? Double.valueOf(m.progress()) : base.percentage,
          base.progress, m.videoUrl() != null ? m.videoUrl() : base.resultUrl,
          m.error() != null ? m.error() : base.error, message);
    }
    TaskStatusUpdate m = (TaskStatusUpdate) message;
    String url = m.videoCardData() != null && m.videoCardData().videoUrl() != null
        ? m.videoCardData().videoUrl() : base.resultUrl;
    return new TaskUpdate(id, phase(m.status()), base.percentage, base.progress, url, base.error, message);
  }

  private static Phase phase(TaskState state) {
    return switch (state) {
      case PENDING -> Phase.QUEUED;
      case RUNNING -> Phase.RUNNING;
      case COMPLETED -> Phase.COMPLETED;
      case FAILED -> Phase.FAILED;
      case CANCELLED -> Phase.CANCELLED;
      case UNKNOWN -> Phase.UNKNOWN;
    };
  }

  private static Phase phase(VideoTaskStatus status) {
    return switch (status) {
      case QUEUED -> Phase.QUEUED;
      case PROCESSING -> Phase.RUNNING;
      case COMPLETED -> Phase.COMPLETED;
      case FAILED -> Phase.FAILED;
      case UNKNOWN -> Phase.UNKNOWN;
    };
  }

  private static Phase phase(GenerationStatus status) {
    return switch (status) {
      case GENERATING -> Phase.RUNNING;
      case DONE -> Phase.COMPLETED;
      case FAILED -> Phase.FAILED;
    };
  }
}
