package io.pushwire.client.tasks;

import io.pushwire.client.ConnectionState;
import io.pushwire.client.DisconnectedException;
import io.pushwire.client.PushClient;
import io.pushwire.client.RequestFailedException;
import io.pushwire.protocol.Ack;
import io.pushwire.protocol.GetTask;
import io.pushwire.protocol.ServerMessage;
import io.pushwire.protocol.Subscribe;
import io.pushwire.protocol.SubscribeTask;
import io.pushwire.protocol.SubscribeTasks;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.protocol.TaskStatus;
import io.pushwire.protocol.TaskStatusUpdate;
import io.pushwire.protocol.TaskUpdated;
import io.pushwire.protocol.Unsubscribe;
import io.pushwire.protocol.UnsubscribeTask;
import io.pushwire.protocol.UnsubscribeTasks;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;

/**
 * Watches tasks on one {@link PushClient} in the frames of one {@link TaskStyle}
 * ({@code docs/tasks.md} §8), built on the client's public API only: typed listeners, requests,
 * remembered subscriptions and state changes. {@link PushClient#watchTasks} uses one per client;
 * make another only for a client that does not.
 *
 * <p>On every connection (the first one and each after a reconnect) it asks for each watched id
 * again ({@code subscribeTasks}, {@code subscribe_task} or {@code get_task}), so the current state
 * of every task still watched arrives again, including a terminal state reached while the client
 * was away. Seed 003's topic subscription is remembered and replayed by the client itself.
 *
 * <p>Bounds: the ids watched are the application's; the last state of at most
 * {@link #MAX_REMEMBERED} tasks is remembered to complete partial frames ({@link TaskUpdate#of}),
 * the least recently updated forgotten first, a task forgotten at once when it ends.
 *
 * <p>Threads: every method is thread-safe; one lock guards the state below, and listeners are
 * called on the client's callback executor, never under that lock.
 */
public final class TaskWatcher {

  /** Tasks whose last state is remembered: enough for a busy dashboard, bounded against a flood of task ids. */
  public static final int MAX_REMEMBERED = 4_096;

  private static final System.Logger LOG = System.getLogger(TaskWatcher.class.getName());
  private static final List<String> TASK_TOPICS = List.of("task:status", "task:progress");

  private final PushClient client;
  private final TaskStyle style;

  /** Guards every mutable field here and in the watches. */
  final Object lock = new Object();
  /** Open watches, in creation order; guarded by lock. */
  private final List<TaskWatch> watches = new ArrayList<>();
  /** Last state per task, least recently updated first, at most MAX_REMEMBERED; guarded by lock. */
  private final LinkedHashMap<String, TaskUpdate> remembered = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, TaskUpdate> eldest) {
      return size() > MAX_REMEMBERED;
    }
  };
  /** Whether the message and state listeners are registered on the client; guarded by lock. */
  private boolean listening;
  /** Seed 003: the subscription last sent (null: none); guarded by lock. */
  private Subscribe topicSubscription;

  /** A watcher of {@code client}'s tasks in {@code style}'s frames. Registers nothing until the first watch. */
  public TaskWatcher(PushClient client, TaskStyle style) {
    this.client = Objects.requireNonNull(client, "client");
    this.style = Objects.requireNonNull(style, "style");
  }

  /** The style this watcher speaks. */
  public TaskStyle style() {
    return style;
  }

  /**
   * Watches {@code taskIds} until each is terminal or refused, or the watch is closed. The
   * current state of each arrives at once (once connected), and again after every reconnect.
   *
   * @throws IllegalArgumentException if {@code taskIds} is empty or holds a null or empty id
   */
  public TaskWatch watch(Collection<String> taskIds, TaskWatchListener listener) {
    Objects.requireNonNull(taskIds, "taskIds");
    Set<String> ids = new LinkedHashSet<>();
    for (String id : taskIds) {
      if (id == null || id.isEmpty()) {
        throw new IllegalArgumentException("task ids must not be null or empty: " + taskIds);
      }
      ids.add(id);
    }
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("watch names no task ids");
    }
    TaskWatch watch = new TaskWatch(this, listener, false, ids);
    open(watch);
    if (client.state() == ConnectionState.OPEN) {
      ask(ids);
    }
    return watch;
  }

  /**
   * Watches every task the endpoint lets this client see: seed 003's topics without a filter, or
   * seed 004's user room (the user's own tasks). After a reconnect the server sends the current
   * state of the live tasks (seed 003: the most recent ones, up to its snapshot limit).
   *
   * @throws UnsupportedOperationException for {@link TaskStyle#TASK_STATUS_UPDATE}, which has no such watch
   */
  public TaskWatch watchAll(TaskWatchListener listener) {
    if (style == TaskStyle.TASK_STATUS_UPDATE) {
      throw new UnsupportedOperationException("seed 002 can only watch task ids");
    }
    TaskWatch watch = new TaskWatch(this, listener, true, Set.of());
    open(watch);
    return watch;
  }

  // ------------------------------------------------------------------ watches

  private void open(TaskWatch watch) {
    synchronized (lock) {
      watches.add(watch);
      if (!listening) {
        listening = true;
        listen();
      }
      syncTopicSubscription();
    }
  }

  void close(TaskWatch watch) {
    List<String> dropped = new ArrayList<>();
    synchronized (lock) {
      if (watch.closed()) {
        return;
      }
      watch.markClosed();
      watches.remove(watch);
      for (String id : watch.live()) {
        if (!watched(id)) {
          dropped.add(id);
        }
      }
      watch.live().clear();
      syncTopicSubscription();
    }
    if (!dropped.isEmpty() && client.state() == ConnectionState.OPEN) {
      unsubscribe(dropped);
    }
  }

  /** Caller holds lock. */
  private boolean watched(String id) {
    return watches.stream().anyMatch(w -> !w.everything() && w.live().contains(id));
  }

  /** Registers the listeners this style needs; caller holds lock (registration takes no client lock). */
  private void listen() {
    switch (style) {
      case TASK_STATUS_UPDATE -> client.on(TaskStatusUpdate.class, this::received);
      case TASK_TOPICS -> {
        client.on(TaskStatus.class, this::received);
        client.on(TaskProgress.class, this::received);
      }
      case TASK_UPDATED -> client.on(TaskUpdated.class, this::received);
    }
    client.onStateChange(change -> {
      if (change.state() == ConnectionState.OPEN) {
        Set<String> ids = new LinkedHashSet<>();
        synchronized (lock) {
          watches.forEach(w -> ids.addAll(w.live()));
        }
        ask(ids);
      }
    });
  }

  // ------------------------------------------------------------------ asking the server

  /** Asks for the current state of {@code ids} (and, for seeds 002 and 004, joins their watch). */
  private void ask(Collection<String> ids) {
    for (String id : ids) {
      switch (style) {
        case TASK_STATUS_UPDATE -> client.request(new SubscribeTasks(List.of(id)), Ack.class).whenComplete((ack, error) -> {
          if (error != null) {
            failed(id, error);
          } else if (!ack.success()) {
            refused(id, ack.error() == null ? "refused" : ack.error());
          } // the state follows as a taskStatusUpdate, delivered by the listener
        });
        case TASK_TOPICS -> client.request(new GetTask(id), TaskStatus.class).whenComplete((status, error) -> {
          if (error == null) {
            received(status);
          } else {
            failed(id, error);
          }
        });
        case TASK_UPDATED -> client.request(new SubscribeTask(id), TaskUpdated.class).whenComplete((update, error) -> {
          if (error == null) {
            received(update);
          } else {
            failed(id, error);
          }
        });
      }
    }
  }

  private void unsubscribe(List<String> ids) {
    switch (style) {
      case TASK_STATUS_UPDATE -> client.request(new UnsubscribeTasks(ids), Ack.class);
      case TASK_TOPICS -> { } // the topic filter was narrowed already
      case TASK_UPDATED -> ids.forEach(id -> client.request(new UnsubscribeTask(id), Ack.class));
    }
  }

  /**
   * Seed 003: keeps the client's remembered subscription to the task topics in line with the
   * watches: no filter while anything watches everything, else a {@code task_id} filter naming the
   * watched ids, else none. Caller holds lock, so subscriptions reach the client in lock order.
   */
  private void syncTopicSubscription() {
    if (style != TaskStyle.TASK_TOPICS) {
      return;
    }
    Subscribe wanted;
    if (watches.stream().anyMatch(TaskWatch::everything)) {
      wanted = Subscribe.topics(TASK_TOPICS);
    } else {
      Set<String> ids = new TreeSet<>();
      watches.forEach(w -> ids.addAll(w.live()));
      wanted = ids.isEmpty() ? null : new Subscribe(null, TASK_TOPICS, Map.of("task_id", List.copyOf(ids)));
    }
    if (Objects.equals(wanted, topicSubscription)) {
      return;
    }
    topicSubscription = wanted;
    if (wanted == null) {
      client.unsubscribe(TASK_TOPICS.toArray(String[]::new));
    } else {
      client.subscribe(wanted).exceptionally(error -> {
        LOG.log(System.Logger.Level.WARNING, "task topics refused: " + unwrap(error).getMessage());
        return null;
      });
    }
  }

  // ------------------------------------------------------------------ what arrives (callback executor)

  private void received(ServerMessage message) {
    String id = TaskUpdate.taskIdOf(message).orElseThrow();
    TaskUpdate update;
    List<TaskWatchListener> targets = new ArrayList<>();
    synchronized (lock) {
      update = TaskUpdate.of(remembered.get(id), message);
      if (update.terminal()) {
        remembered.remove(id);
      } else {
        remembered.put(id, update);
      }
      for (TaskWatch watch : watches) {
        if (watch.wants(id)) {
          targets.add(watch.listener());
          if (update.terminal()) {
            watch.live().remove(id); // the server dropped its watch already
          }
        }
      }
      if (update.terminal()) {
        syncTopicSubscription();
      }
    }
    for (TaskWatchListener listener : targets) {
      try {
        listener.onUpdate(update);
      } catch (Exception | AssertionError e) {
        LOG.log(System.Logger.Level.WARNING, "task watch listener threw", e);
      }
    }
  }

  private void refused(String id, String reason) {
    List<TaskWatchListener> targets = new ArrayList<>();
    synchronized (lock) {
      for (TaskWatch watch : watches) {
        if (!watch.everything() && watch.live().remove(id)) {
          targets.add(watch.listener());
        }
      }
      syncTopicSubscription();
    }
    for (TaskWatchListener listener : targets) {
      try {
        listener.onRefused(id, reason);
      } catch (Exception | AssertionError e) {
        LOG.log(System.Logger.Level.WARNING, "task watch listener threw", e);
      }
    }
  }

  /** A request for {@code id} failed: refused by the server, or lost with its connection (asked again on the next). */
  private void failed(String id, Throwable error) {
    if (error == null) {
      return;
    }
    Throwable cause = unwrap(error);
    if (cause instanceof RequestFailedException refusal) {
      refused(id, refusal.error().message() != null ? refusal.error().message() : refusal.code().wire());
    } else if (!(cause instanceof DisconnectedException)) {
      LOG.log(System.Logger.Level.WARNING, "watching task {0}: {1}", id, cause.getMessage());
    }
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }
}
