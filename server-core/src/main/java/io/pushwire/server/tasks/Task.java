package io.pushwire.server.tasks;

import io.pushwire.protocol.Progress;
import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of one task in a {@link TaskRegistry}. Immutable: every change makes a new snapshot
 * with a higher {@link #version()}.
 *
 * @param id the task id
 * @param owner the user it belongs to, or {@code null}
 * @param externalId its id in an external system (for a {@link TaskStatusSource}), or {@code null}
 * @param phase where it is in its life
 * @param progress how far it got (seed 003's progress object; seed 004 writes its
 *     {@code percentage} rounded to an integer), or {@code null} before the first report
 * @param result what it produced so far, or {@code null}
 * @param error why it failed, or {@code null}
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param startedAt when it first went {@link TaskPhase#RUNNING}, or {@code null}
 * @param endedAt when it reached a terminal phase, or {@code null}
 * @param version 1 at creation, one more for each change
 */
public record Task(
    String id,
    String owner,
    String externalId,
    TaskPhase phase,
    Progress progress,
    TaskResult result,
    String error,
    Instant createdAt,
    Instant updatedAt,
    Instant startedAt,
    Instant endedAt,
    long version) {

  /** Longest task id accepted; ids become parts of topic names, which are bounded too. */
  public static final int MAX_ID_LENGTH = 128;

  public Task {
    checkId(id);
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** Whether the task is over ({@link TaskPhase#isTerminal()}). */
  public boolean isTerminal() {
    return phase.isTerminal();
  }

  /** The id an external system knows the task by: {@link #externalId()}, or else {@link #id()}. */
  public String externalIdOrId() {
    return externalId == null ? id : externalId;
  }

  static void checkId(String id) {
    checkName("task id", id);
  }

  /**
   * Task ids and owners become parts of topic names: 1-{@value #MAX_ID_LENGTH} characters, no
   * control characters, and no {@code *} or {@code ?}, which topic patterns reserve.
   */
  static void checkName(String what, String value) {
    Objects.requireNonNull(value, what);
    if (value.isEmpty() || value.length() > MAX_ID_LENGTH
        || value.chars().anyMatch(c -> Character.isISOControl(c) || c == '*' || c == '?')) {
      throw new IllegalArgumentException("a " + what + " must be 1-" + MAX_ID_LENGTH
          + " characters without control characters, '*' or '?'");
    }
  }

  static Task created(NewTask task, Instant now) {
    return new Task(task.id(), task.owner(), task.externalId(), TaskPhase.QUEUED, null, task.result(), null,
        now, now, null, null, 1);
  }

  /**
   * This task with {@code change} applied at {@code now}, or this very instance when the change
   * changes nothing. Entering {@link TaskPhase#RUNNING} the first time sets {@code startedAt};
   * entering a terminal phase sets {@code endedAt}.
   */
  Task apply(TaskChange change, Instant now) {
    TaskPhase newPhase = change.phase() == null ? phase : change.phase();
    Progress newProgress = change.progress() == null ? progress : change.progress();
    TaskResult newResult = result == null ? change.result() : result.updatedWith(change.result());
    String newError = change.error() == null ? error : change.error();
    Instant newStarted = startedAt == null && newPhase == TaskPhase.RUNNING ? now : startedAt;
    Instant newEnded = endedAt == null && newPhase.isTerminal() ? now : endedAt;
    if (newPhase == phase && Objects.equals(newProgress, progress) && Objects.equals(newResult, result)
        && Objects.equals(newError, error) && Objects.equals(newStarted, startedAt)
        && Objects.equals(newEnded, endedAt)) {
      return this;
    }
    return new Task(id, owner, externalId, newPhase, newProgress, newResult, newError, createdAt, now,
        newStarted, newEnded, version + 1);
  }

  /** Whether {@code next}, a later snapshot of this task, differs from this one in its progress only. */
  boolean onlyProgressDiffers(Task next) {
    return phase == next.phase && Objects.equals(result, next.result) && Objects.equals(error, next.error)
        && Objects.equals(startedAt, next.startedAt) && Objects.equals(endedAt, next.endedAt)
        && !Objects.equals(progress, next.progress);
  }
}
