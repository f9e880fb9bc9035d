package io.pushwire.server.tasks;

import io.pushwire.protocol.Ack;
import io.pushwire.protocol.SubscribeTasks;
import io.pushwire.protocol.UnsubscribeTasks;
import io.pushwire.server.requests.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Seed 002's requests: {@code subscribeTasks} and {@code unsubscribeTasks}, each answered by an
 * {@code ack} ({@code {success, error?}}).
 *
 * <ul>
 *   <li>{@code subscribeTasks} is all or nothing: if any id is unknown, or the connection would
 *       watch more than its cap, nothing is subscribed and the ack fails naming why (the unknown
 *       ids, or the cap). Otherwise the ack succeeds and a {@code taskStatusUpdate} with each
 *       task's current state follows at once, in the order asked. A task that is already over is
 *       sent but not watched: its subscriptions would end at once.
 *   <li>{@code unsubscribeTasks} stops every id the connection watches or the registry knows; the
 *       ack fails naming any id that is neither.
 * </ul>
 */
final class TaskStatusUpdateRequests {

  private final TaskRegistry registry;
  private final TaskPublisher publisher;
  private final TaskWatches watches;

  TaskStatusUpdateRequests(TaskRegistry registry, TaskPublisher publisher, TaskWatches watches) {
    this.registry = registry;
    this.publisher = publisher;
    this.watches = watches;
  }

  void install(Handlers handlers) {
    handlers.on(SubscribeTasks.class, this::subscribe);
    handlers.on(UnsubscribeTasks.class, this::unsubscribe);
  }

  private void subscribe(SubscribeTasks request, RequestContext ctx) {
    List<String> ids = request.taskIds().stream().distinct().toList();
    if (ids.isEmpty()) {
      ctx.reply(Ack.failed("taskIds names no tasks"));
      return;
    }
    publisher.atomically(() -> {
      List<Task> tasks = new ArrayList<>();
      List<String> unknown = new ArrayList<>();
      for (String id : ids) {
        Optional<Task> task = registry.get(id);
        task.ifPresentOrElse(tasks::add, () -> unknown.add(id));
      }
      if (!unknown.isEmpty()) {
        ctx.reply(Ack.failed("unknown task ids: " + String.join(", ", unknown)));
        return;
      }
      List<String> topics = tasks.stream().filter(t -> !t.isTerminal())
          .map(t -> TaskTopics.generation(t.id())).toList();
      String connection = ctx.connectionId();
      if (!watches.fits(connection, topics)) {
        ctx.reply(Ack.failed("at most " + watches.maxPerConnection() + " tasks per connection"));
        return;
      }
      List<String> added = new ArrayList<>();
      for (String topic : topics) {
        if (watches.watches(connection, topic)) {
          continue;
        }
        watches.add(connection, topic);
        if (!ctx.subscribe(topic)) { // the hub's own subscription limit, or the connection went
          watches.remove(connection, topic);
          for (String undo : added) {
            watches.remove(connection, undo);
            ctx.unsubscribe(undo);
          }
          ctx.reply(Ack.failed("subscription limit reached"));
          return;
        }
        added.add(topic);
      }
      ctx.reply(Ack.ok());
      tasks.forEach(task -> ctx.reply(TaskMessages.statusUpdate(task)));
    });
  }

  private void unsubscribe(UnsubscribeTasks request, RequestContext ctx) {
    List<String> unknown = new ArrayList<>();
    for (String id : request.taskIds().stream().distinct().toList()) {
      String topic = TaskTopics.generation(id);
      if (watches.watches(ctx.connectionId(), topic)) {
        watches.remove(ctx.connectionId(), topic);
        ctx.unsubscribe(topic);
      } else if (registry.get(id).isEmpty()) {
        unknown.add(id);
      }
    }
    ctx.reply(unknown.isEmpty() ? Ack.ok() : Ack.failed("unknown task ids: " + String.join(", ", unknown)));
  }
}
