package io.pushwire.server.tasks;

import io.pushwire.protocol.Ack;
import io.pushwire.protocol.ErrorCode;
import io.pushwire.protocol.ErrorMessage;
import io.pushwire.protocol.RequestMultipleTaskStatus;
import io.pushwire.protocol.RequestTaskStatus;
import io.pushwire.protocol.ServerMessage;
import io.pushwire.protocol.SubscribeTask;
import io.pushwire.protocol.UnsubscribeTask;
import io.pushwire.server.requests.RequestContext;
import io.pushwire.server.topics.TopicPattern;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed 004's rooms and requests; every answer and push is a {@code taskUpdated}, every error an
 * {@code error} whose body (under {@code payload} on a seed 004 endpoint) names the id in
 * {@code details.videoId}.
 *
 * <ul>
 *   <li><b>User room.</b> A connection that authenticates on a seed 004 endpoint joins its user's
 *       room and gets a {@code taskUpdated} for each of the user's most recent live tasks.
 *   <li>{@code subscribe_task}: joins the task's room and answers with its current state; an
 *       owner already in their user room is not subscribed twice, and a finished task is answered
 *       but not joined. {@code TASK_NOT_FOUND} for an unknown id; {@code SUBSCRIPTION_LIMIT_EXCEEDED}
 *       (with {@code details.limit}) past the per-connection cap.
 *   <li>{@code unsubscribe_task}: leaves the room, answered by {@code ack}; {@code TASK_NOT_FOUND}
 *       for an id neither watched nor known.
 *   <li>{@code requestTaskStatus}: the task's state, refreshed from the status source first where
 *       one is configured and the task is live.
 *   <li>{@code requestMultipleTaskStatus}: the same for each distinct id, looked up in parallel,
 *       each answer sent as soon as it is ready; at most {@code maxIdsPerRequest} ids, else one
 *       {@code INVALID_MESSAGE}.
 * </ul>
 */
final class TaskUpdatedRequests {

  private static final Logger log = LoggerFactory.getLogger(TaskUpdatedRequests.class);

  private final TaskRegistry registry;
  private final TaskPublisher publisher;
  private final TaskWatches watches;
  private final Lookups lookups;
  private final Predicate<String> isTaskUpdatedPath;
  private final int maxIdsPerRequest;
  private final int maxTasksPerSnapshot;
  /** Connections in their user's room; one entry per open seed 004 connection, removed on close. */
  private final Set<String> inUserRoom = ConcurrentHashMap.newKeySet();

  TaskUpdatedRequests(TaskRegistry registry, TaskPublisher publisher, TaskWatches watches, Lookups lookups,
      Predicate<String> isTaskUpdatedPath, int maxIdsPerRequest, int maxTasksPerSnapshot) {
    this.registry = registry;
    this.publisher = publisher;
    this.watches = watches;
    this.lookups = lookups;
    this.isTaskUpdatedPath = isTaskUpdatedPath;
    this.maxIdsPerRequest = maxIdsPerRequest;
    this.maxTasksPerSnapshot = maxTasksPerSnapshot;
  }

  void install(Handlers handlers) {
    handlers.on(SubscribeTask.class, this::subscribe);
    handlers.on(UnsubscribeTask.class, this::unsubscribe);
    handlers.on(RequestTaskStatus.class, (request, ctx) -> answer(request.videoId(), ctx));
    handlers.on(RequestMultipleTaskStatus.class, this::requestMultiple);
  }

  // ------------------------------------------------------------------ user room

  /** A connection authenticated: on a seed 004 endpoint it joins its user's room. */
  void onAuthenticated(RequestContext ctx) {
    if (!isTaskUpdatedPath.test(ctx.path())) {
      return;
    }
    String user = ctx.principal().userId();
    String room = TaskTopics.videoUser(user);
    if (room.length() > TopicPattern.MAX_LENGTH) {
      log.warn("user id of {} characters is too long for a room; connection {} joins none", user.length(),
          ctx.connectionId());
      return;
    }
    publisher.atomically(() -> {
      inUserRoom.add(ctx.connectionId());
      if (!ctx.subscribe(room)) {
        inUserRoom.remove(ctx.connectionId());
        return;
      }
      List<Task> live = registry.list().stream()
          .filter(t -> !t.isTerminal() && user.equals(t.owner())).toList();
      live.subList(Math.max(0, live.size() - maxTasksPerSnapshot), live.size())
          .forEach(task -> ctx.reply(TaskMessages.taskUpdated(task)));
    });
  }

  void onClosed(String connectionId) {
    inUserRoom.remove(connectionId);
  }

  // ------------------------------------------------------------------ task rooms

  private void subscribe(SubscribeTask request, RequestContext ctx) {
    String id = request.videoId();
    publisher.atomically(() -> {
      Task task = registry.get(id).orElse(null);
      if (task == null) {
        ctx.reply(TaskMessages.notFound("videoId", id));
        return;
      }
      String topic = TaskTopics.video(id);
      String connection = ctx.connectionId();
      if (!task.isTerminal() && !inOwnersRoom(task, ctx) && !watches.watches(connection, topic)) {
        if (!watches.fits(connection, List.of(topic))) {
          ctx.reply(limitExceeded());
          return;
        }
        watches.add(connection, topic);
        if (!ctx.subscribe(topic)) {
          watches.remove(connection, topic);
          ctx.reply(limitExceeded());
          return;
        }
      }
      ctx.reply(TaskMessages.taskUpdated(task));
    });
  }

  /** Whether the connection already hears about this task through its user's room. */
  private boolean inOwnersRoom(Task task, RequestContext ctx) {
    return Objects.equals(task.owner(), ctx.principal().userId()) && inUserRoom.contains(ctx.connectionId());
  }

  private ErrorMessage limitExceeded() {
    return new ErrorMessage(ErrorCode.SUBSCRIPTION_LIMIT_EXCEEDED,
        "at most " + watches.maxPerConnection() + " tasks per connection",
        Map.of("limit", watches.maxPerConnection()), null);
  }

  private void unsubscribe(UnsubscribeTask request, RequestContext ctx) {
    String id = request.videoId();
    String topic = TaskTopics.video(id);
    if (watches.watches(ctx.connectionId(), topic)) {
      watches.remove(ctx.connectionId(), topic);
      ctx.unsubscribe(topic);
      ctx.reply(Ack.ok());
    } else if (registry.get(id).isPresent()) {
      ctx.reply(Ack.ok());
    } else {
      ctx.reply(TaskMessages.notFound("videoId", id));
    }
  }

  // ------------------------------------------------------------------ status requests

  private void requestMultiple(RequestMultipleTaskStatus request, RequestContext ctx) {
    List<String> ids = request.videoIds().stream().distinct().toList();
    if (ids.isEmpty()) {
      ctx.fail(ErrorCode.INVALID_MESSAGE, "videoIds names no tasks");
      return;
    }
    if (ids.size() > maxIdsPerRequest) {
      ctx.reply(new ErrorMessage(ErrorCode.INVALID_MESSAGE, "at most " + maxIdsPerRequest + " videoIds per request",
          Map.of("limit", maxIdsPerRequest), null));
      return;
    }
    ids.forEach(id -> answer(id, ctx));
  }

  private void answer(String id, RequestContext ctx) {
    lookups.lookup(id, task -> ctx.reply(task.<ServerMessage>map(TaskMessages::taskUpdated)
        .orElseGet(() -> TaskMessages.notFound("videoId", id))));
  }
}
