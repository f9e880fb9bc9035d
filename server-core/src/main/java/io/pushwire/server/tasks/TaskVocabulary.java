package io.pushwire.server.tasks;

/**
 * The three task documents, each of which an endpoint can speak. Requests say which one they
 * belong to by their type, and are answered in it wherever they arrive; an endpoint registered
 * with {@link TaskFeature.Builder#endpoint(String, TaskVocabulary)} also gets what its document
 * does without a request (seed 003's state on {@code subscribe}, seed 004's user room).
 */
public enum TaskVocabulary {
  /**
   * Seed 002, video generation status (Socket.IO events as flat frames): {@code subscribeTasks} /
   * {@code unsubscribeTasks} answered by {@code ack}, pushes {@code taskStatusUpdate} with
   * {@code generating | done | failed} and {@code videoCardData}. Mount it with
   * {@code Dialect.SEED_000} (flat frames, flat errors).
   */
  SEED_002,
  /**
   * Seed 003, task API ({@code data} envelope): topics {@code task:progress} and
   * {@code task:status} (also by {@code ?topics=}), {@code get_task}, {@code get_tasks} answered by
   * {@code task_list}. Mount it with {@code Dialect.SEED_003}.
   */
  SEED_003,
  /**
   * Seed 004, video tasks ({@code payload} envelope): the user room joined at {@code auth},
   * {@code subscribe_task}, {@code unsubscribe_task}, {@code requestTaskStatus},
   * {@code requestMultipleTaskStatus}, all answered and pushed as {@code taskUpdated} with
   * {@code QUEUED | PROCESSING | COMPLETED | FAILED}. Mount it with {@code Dialect.SEED_004}.
   */
  SEED_004
}
