package io.pushwire.server.tasks;

import io.pushwire.protocol.GetTask;
import io.pushwire.protocol.GetTasks;
import io.pushwire.protocol.ServerMessage;
import io.pushwire.protocol.TaskInfo;
import io.pushwire.protocol.TaskList;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.protocol.codec.PushwireCodec;
import io.pushwire.server.requests.RequestContext;
import io.pushwire.server.topics.MessageFilter;
import io.pushwire.server.topics.TopicPattern;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Seed 003's requests and topics.
 *
 * <ul>
 *   <li>{@code get_task}: a {@code task_status} (refreshed from the status source first, where
 *       one is configured and the task is live), or {@code TASK_NOT_FOUND} with
 *       {@code details.task_id}.
 *   <li>{@code get_tasks}: a {@code task_list} of the most recent tasks, at most the snapshot
 *       limit, oldest first; {@code status} keeps only the tasks in that state.
 *   <li>A subscription to {@code task:status} or {@code task:progress} (by {@code subscribe}, by
 *       {@code ?topics=}, or a pattern matching them) on a seed 003 endpoint gets, right after its
 *       {@code ack}, the current state of the most recent live tasks: a {@code task_status} each,
 *       and a {@code task_progress} each that has progress. A subscription filter narrows later
 *       pushes, not this snapshot (the hub does not tell listeners the filter).
 * </ul>
 */
final class TaskTopicsRequests {

  /** Turns snapshot messages into the body trees that subscription filters test (thread-safe). */
  private static final PushwireCodec BODIES = PushwireCodec.builder().build();

  private final TaskRegistry registry;
  private final TaskPublisher publisher;
  private final Lookups lookups;
  private final Predicate<String> isTaskTopicsPath;
  private final int maxTasksPerSnapshot;

  TaskTopicsRequests(TaskRegistry registry, TaskPublisher publisher, Lookups lookups, Predicate<String> isTaskTopicsPath,
      int maxTasksPerSnapshot) {
    this.registry = registry;
    this.publisher = publisher;
    this.lookups = lookups;
    this.isTaskTopicsPath = isTaskTopicsPath;
    this.maxTasksPerSnapshot = maxTasksPerSnapshot;
  }

  void install(Handlers handlers) {
    handlers.on(GetTask.class, this::getTask);
    handlers.on(GetTasks.class, this::getTasks);
  }

  private void getTask(GetTask request, RequestContext ctx) {
    String id = request.taskId();
    lookups.lookup(id, task -> ctx.reply(task.<ServerMessage>map(TaskMessages::taskStatus)
        .orElseGet(() -> TaskMessages.notFound("task_id", id))));
  }

  private void getTasks(GetTasks request, RequestContext ctx) {
    Set<TaskPhase> phases = request.status() == null
        ? EnumSet.allOf(TaskPhase.class)
        : TaskPhase.withTaskState(request.status());
    List<TaskInfo> tasks = mostRecent(registry.list().stream().filter(t -> phases.contains(t.phase())).toList())
        .stream().map(TaskMessages::taskInfo).toList();
    ctx.reply(new TaskList(tasks));
  }

  /**
   * The subscription listener: the current state for a new seed 003 subscriber, through the
   * subscription's filter (a {@code task_id} filter gets only those tasks), as the pushes after it.
   */
  void onSubscribed(String topic, MessageFilter filter, RequestContext ctx) {
    if (!isTaskTopicsPath.test(ctx.path())) {
      return;
    }
    TopicPattern pattern = TopicPattern.of(topic);
    boolean status = pattern.matches(TaskTopics.STATUS);
    boolean progress = pattern.matches(TaskTopics.PROGRESS);
    if (!status && !progress) {
      return;
    }
    publisher.atomically(() -> {
      for (Task task : mostRecent(registry.list().stream().filter(t -> !t.isTerminal()).toList())) {
        if (status) {
          replyIfPasses(TaskMessages.taskStatus(task), filter, ctx);
        }
        TaskProgress current = TaskMessages.taskProgress(task);
        if (progress && current != null) {
          replyIfPasses(current, filter, ctx);
        }
      }
    });
  }

  private static void replyIfPasses(ServerMessage message, MessageFilter filter, RequestContext ctx) {
    if (filter.isEmpty() || filter.test(BODIES.bodyTree(message))) {
      ctx.reply(message);
    }
  }

  private List<Task> mostRecent(List<Task> oldestFirst) {
    int size = oldestFirst.size();
    return size <= maxTasksPerSnapshot ? oldestFirst : oldestFirst.subList(size - maxTasksPerSnapshot, size);
  }
}
