package io.pushwire.client.tasks;

/**
 * Which style of task frames the server endpoint speaks ({@code docs/tasks.md} §3-5), and so
 * how a {@link TaskWatcher} watches tasks there. Set it with
 * {@code PushClient.Builder.taskStyle(...)}; it must match the endpoint's {@code TaskVocabulary}.
 */
public enum TaskStyle {

  /**
   * Video generation events (flat frames): one {@code subscribeTasks} per id, answered
   * by an {@code ack} and the task's {@code taskStatusUpdate}; pushes are {@code taskStatusUpdate}.
   * The style has no way to watch every task.
   */
  TASK_STATUS_UPDATE,

  /**
   * Task topics: the topics {@code task:status} and {@code task:progress}, with a
   * {@code task_id} filter naming the watched ids (none when everything is watched), plus a
   * {@code get_task} per id for its current state; pushes are {@code task_status} and
   * {@code task_progress}.
   */
  TASK_TOPICS,

  /**
   * Video task rooms: one {@code subscribe_task} per id, answered by the task's
   * {@code taskUpdated}; pushes are {@code taskUpdated}. Watching everything means the user room
   * the server joins every connection to at auth: the user's own tasks.
   */
  TASK_UPDATED
}
