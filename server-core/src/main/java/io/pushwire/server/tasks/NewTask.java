package io.pushwire.server.tasks;

import java.util.Objects;

/**
 * What {@link TaskRegistry#create(NewTask)} needs to know about a task. Build with
 * {@link #of(String)} and the {@code with...} methods.
 *
 * @param id the task id, unique in the registry: 1 to {@value Task#MAX_ID_LENGTH} characters
 *     without control characters, {@code *} or {@code ?} (it becomes part of topic names)
 * @param owner the user the task belongs to (seed 004's user room), or {@code null}; the same
 *     rules as the id
 * @param externalId the task's id in an external system, for a {@link TaskStatusSource} (seed 004's
 *     {@code externalTaskId}), or {@code null}
 * @param result what is known about the result at creation (seed 002's card title, for example),
 *     or {@code null}
 */
public record NewTask(String id, String owner, String externalId, TaskResult result) {

  public NewTask {
    Task.checkId(id);
    if (owner != null) {
      Task.checkName("task owner", owner);
    }
  }

  /** A task with only an id. */
  public static NewTask of(String id) {
    return new NewTask(id, null, null, null);
  }

  /** This task owned by {@code userId}. */
  public NewTask ownedBy(String userId) {
    return new NewTask(id, Objects.requireNonNull(userId, "userId"), externalId, result);
  }

  /** This task with its id in an external system. */
  public NewTask withExternalId(String newExternalId) {
    return new NewTask(id, owner, newExternalId, result);
  }

  /** This task with an initial result. */
  public NewTask withResult(TaskResult newResult) {
    return new NewTask(id, owner, externalId, newResult);
  }
}
