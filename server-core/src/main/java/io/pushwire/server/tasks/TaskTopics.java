package io.pushwire.server.tasks;

/**
 * The hub topics {@link TaskFeature} publishes on: one family per vocabulary, so each change is
 * encoded once per document and reaches only the clients that speak it. The names are stable;
 * applications may publish their own messages to these topics or read their history from the
 * broker.
 *
 * <table>
 *   <caption>Topics</caption>
 *   <tr><th>topic</th><th>carries</th><th>who is subscribed</th><th>ended when the task ends</th></tr>
 *   <tr><td>{@code task:progress}</td><td>seed 003 {@code task_progress}</td><td>clients that
 *       subscribe to it (or a pattern such as {@code task:*})</td><td>no: it spans all tasks</td></tr>
 *   <tr><td>{@code task:status}</td><td>seed 003 {@code task_status}</td><td>likewise</td><td>no</td></tr>
 *   <tr><td>{@code generation:<taskId>}</td><td>seed 002 {@code taskStatusUpdate}</td><td>
 *       {@code subscribeTasks}</td><td>yes</td></tr>
 *   <tr><td>{@code video:<taskId>}</td><td>seed 004 {@code taskUpdated}</td><td>
 *       {@code subscribe_task} (the task's room)</td><td>yes</td></tr>
 *   <tr><td>{@code video-user:<userId>}</td><td>seed 004 {@code taskUpdated} of the user's
 *       tasks</td><td>every connection of the user on a seed 004 endpoint, at auth</td><td>no</td></tr>
 * </table>
 *
 * <p>On a seed 003 endpoint, declare {@code task:progress} and {@code task:status}
 * ({@code EndpointSpec.Builder#declaredTopics}) so that a client's {@code *} cannot reach the
 * other families, which it would not understand.
 */
public final class TaskTopics {

  /** Seed 003's progress topic. */
  public static final String PROGRESS = "task:progress";
  /** Seed 003's status topic. */
  public static final String STATUS = "task:status";

  private static final String GENERATION = "generation:";
  private static final String VIDEO = "video:";
  private static final String VIDEO_USER = "video-user:";

  private TaskTopics() {
  }

  /** Seed 002's topic for one task. */
  public static String generation(String taskId) {
    return GENERATION + taskId;
  }

  /** Seed 004's room of one task. */
  public static String video(String taskId) {
    return VIDEO + taskId;
  }

  /** Seed 004's room of one user. */
  public static String videoUser(String userId) {
    return VIDEO_USER + userId;
  }
}
