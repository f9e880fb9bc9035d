package io.pushwire.server.tasks;

/**
 * The three task styles an endpoint can speak, each named after what it pushes. Requests say
 * which style they belong to by their type, and are answered in it wherever they arrive; an
 * endpoint registered with {@link TaskFeature.Builder#endpoint(String, TaskVocabulary)} also gets
 * what its style does without a request (the state on {@code subscribe} for
 * {@link #TASK_TOPICS}, the user room for {@link #TASK_UPDATED}). {@code docs/tasks.md} says which
 * style a client written to which kind of protocol expects.
 */
public enum TaskVocabulary {
  /**
   * Video generation events ({@code taskStatusUpdate}, flat frames, typically over Socket.IO):
   * {@code subscribeTasks} / {@code unsubscribeTasks} answered by {@code ack}, pushes
   * {@code taskStatusUpdate} with {@code generating | done | failed} and {@code videoCardData}.
   * Mount it with {@code Dialect.FLAT} (flat frames, flat errors).
   */
  TASK_STATUS_UPDATE,
  /**
   * Task topics ({@code data} envelope): topics {@code task:progress} and {@code task:status}
   * (also by {@code ?topics=}), {@code get_task}, {@code get_tasks} answered by
   * {@code task_list}. Mount it with {@code Dialect.ENVELOPE_MILLIS}.
   */
  TASK_TOPICS,
  /**
   * Video task rooms ({@code payload} envelope): the user room joined at {@code auth},
   * {@code subscribe_task}, {@code unsubscribe_task}, {@code requestTaskStatus},
   * {@code requestMultipleTaskStatus}, all answered and pushed as {@code taskUpdated} with
   * {@code QUEUED | PROCESSING | COMPLETED | FAILED}. Mount it with {@code Dialect.PAYLOAD_MILLIS}.
   */
  TASK_UPDATED
}
