package io.pushwire.server.tasks;

import io.pushwire.protocol.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks a server knows, each with its phase, progress, times, result and error, and the
 * listeners told about every change. {@link TaskFeature} puts a registry on the wire.
 *
 * <pre>{@code
 * TaskRegistry tasks = TaskRegistry.builder().maxTasks(5_000).build();
 * tasks.create(NewTask.of("video_42").ownedBy("alice"));
 * tasks.start("video_42");
 * tasks.progress("video_42", TaskChange.percent(45));
 * tasks.complete("video_42", TaskResult.ofVideoUrl("https://cdn.example.com/42.mp4"));
 * }</pre>
 *
 * <p><b>Bound.</b> At most {@link #maxTasks()} tasks. Creating one more evicts the terminal task
 * that ended first; when every task is live the new one is refused with
 * {@link TaskRegistryFullException}. Live tasks are never evicted.
 *
 * <p><b>Life.</b> A task is created {@link TaskPhase#QUEUED} and may move between the live phases
 * freely. Once terminal it never changes: a write that would change it throws
 * {@link IllegalStateException}, and a write that changes nothing (a repeated {@code complete}) is
 * a no-op. Writes that change nothing tell no listener.
 *
 * <p><b>Threads.</b> Thread-safe. Writes are serialised by one lock, under which listeners are
 * called, so every listener sees each task's changes in order; reads take no lock.
 */
public final class TaskRegistry {

  private static final Logger log = LoggerFactory.getLogger(TaskRegistry.class);

  /** Default bound on tasks. */
  public static final int DEFAULT_MAX_TASKS = 10_000;
  /** Default wait for a status source; seed 004 gives its third-party API 10 s. */
  public static final Duration DEFAULT_REFRESH_TIMEOUT = Duration.ofSeconds(10);

  private final int maxTasks;
  /** Null when the registry has no external source. */
  private final TaskStatusSource source;
  private final Duration refreshTimeout;

  /** Serialises every write and the listener calls it makes; guards {@link #terminalOrder}. */
  private final Object writeLock = new Object();
  /** Every task by id, at most {@link #maxTasks}. Written under writeLock; read without it. */
  private final Map<String, Task> tasks = new ConcurrentHashMap<>();
  /** Ids of the terminal tasks, the one that ended first first: the eviction order. Guarded by writeLock. */
  private final LinkedHashSet<String> terminalOrder = new LinkedHashSet<>();
  /** The refresh under way per task, at most one each (so bounded by the tasks). Concurrent. */
  private final Map<String, CompletableFuture<Optional<Task>>> refreshing = new ConcurrentHashMap<>();
  private final List<TaskListener> listeners = new CopyOnWriteArrayList<>();

  private TaskRegistry(Builder b) {
    this.maxTasks = b.maxTasks;
    this.source = b.source;
    this.refreshTimeout = b.refreshTimeout;
  }

  /** Starts a registry configuration. */
  public static Builder builder() {
    return new Builder();
  }

  // ------------------------------------------------------------------ writes

  /**
   * Creates a task in {@link TaskPhase#QUEUED}, evicting the terminal task that ended first if the
   * registry is full.
   *
   * @throws IllegalArgumentException if a task with this id exists
   * @throws TaskRegistryFullException if the registry is full of live tasks
   */
  public Task create(NewTask newTask) {
    Objects.requireNonNull(newTask, "newTask");
    synchronized (writeLock) {
      if (tasks.containsKey(newTask.id())) {
        throw new IllegalArgumentException("task " + newTask.id() + " already exists");
      }
      if (tasks.size() >= maxTasks) {
        evictOldestTerminal();
      }
      Task task = Task.created(newTask, Instant.now());
      tasks.put(task.id(), task);
      notifyChanged(null, task);
      return task;
    }
  }

  private void evictOldestTerminal() {
    Iterator<String> oldest = terminalOrder.iterator();
    if (!oldest.hasNext()) {
      throw new TaskRegistryFullException(maxTasks);
    }
    String id = oldest.next();
    oldest.remove();
    Task evicted = tasks.remove(id);
    if (evicted != null) {
      notifyRemoved(evicted);
    }
  }

  /** Moves the task to {@link TaskPhase#RUNNING}. */
  public Task start(String id) {
    return update(id, TaskChange.toPhase(TaskPhase.RUNNING));
  }

  /** Reports progress; see {@link TaskChange#percent(int)} for seed 004's 0-100. */
  public Task progress(String id, Progress progress) {
    return update(id, TaskChange.toProgress(Objects.requireNonNull(progress, "progress")));
  }

  /**
   * Ends the task {@link TaskPhase#COMPLETED}; {@code result}'s non-null fields fill in the task's
   * result ({@link TaskResult#updatedWith}), so a card's title survives a result that is only a URL.
   */
  public Task complete(String id, TaskResult result) {
    return update(id, TaskChange.toPhase(TaskPhase.COMPLETED).withResult(result));
  }

  /** Ends the task {@link TaskPhase#FAILED} with the reason. */
  public Task fail(String id, String error) {
    return update(id, TaskChange.toPhase(TaskPhase.FAILED).withError(error));
  }

  /** Ends the task {@link TaskPhase#CANCELLED}. */
  public Task cancel(String id) {
    return update(id, TaskChange.toPhase(TaskPhase.CANCELLED));
  }

  /**
   * Applies {@code change} and tells the listeners, unless it changes nothing.
   *
   * @return the task after the change
   * @throws NoSuchElementException if there is no such task
   * @throws IllegalStateException if the task is terminal and the change would change it
   */
  public Task update(String id, TaskChange change) {
    Objects.requireNonNull(change, "change");
    synchronized (writeLock) {
      Task current = tasks.get(id);
      if (current == null) {
        throw new NoSuchElementException("no task " + id);
      }
      Task next = current.apply(change, Instant.now());
      if (next != current && current.isTerminal()) {
        throw new IllegalStateException("task " + id + " is already " + current.phase() + " and cannot change");
      }
      return store(current, next);
    }
  }

  /** A status source's answer: dropped if the task is gone or terminal by now. Never throws. */
  private void applyFromSource(String id, TaskChange change) {
    synchronized (writeLock) {
      Task current = tasks.get(id);
      if (current == null || current.isTerminal()) {
        return;
      }
      store(current, current.apply(change, Instant.now()));
    }
  }

  /** Stores {@code next} unless it is {@code current}; caller holds writeLock. */
  private Task store(Task current, Task next) {
    if (next == current) {
      return current;
    }
    tasks.put(next.id(), next);
    if (next.isTerminal()) {
      terminalOrder.add(next.id());
    }
    notifyChanged(current, next);
    return next;
  }

  /**
   * Removes a task at once, live or not; listeners are told (the feature ends its subscriptions
   * without a last message, so cancel a live task first if its watchers should know).
   *
   * @return whether there was such a task
   */
  public boolean remove(String id) {
    synchronized (writeLock) {
      Task removed = tasks.remove(id);
      if (removed == null) {
        return false;
      }
      terminalOrder.remove(id);
      notifyRemoved(removed);
      return true;
    }
  }

  // ------------------------------------------------------------------ reads

  /** The task's current snapshot. */
  public Optional<Task> get(String id) {
    return Optional.ofNullable(tasks.get(id));
  }

  /** Every task, oldest first (by creation time, then id). */
  public List<Task> list() {
    return tasks.values().stream()
        .sorted(Comparator.comparing(Task::createdAt).thenComparing(Task::id))
        .toList();
  }

  /** How many tasks the registry holds. */
  public int size() {
    return tasks.size();
  }

  /** The bound on tasks. */
  public int maxTasks() {
    return maxTasks;
  }

  /** Whether a status source is configured. */
  public boolean hasStatusSource() {
    return source != null;
  }

  // ------------------------------------------------------------------ refresh

  /**
   * Asks the status source about a live task and applies its answer; see
   * {@link TaskStatusSource} for the contract. Completes with the task's state afterwards (the
   * current state when there is no source, the task is terminal, or the source failed or timed
   * out), or empty if there is no such task. Never completes exceptionally.
   */
  public CompletableFuture<Optional<Task>> refresh(String id) {
    Task task = tasks.get(id);
    if (task == null) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    if (source == null || task.isTerminal()) {
      return CompletableFuture.completedFuture(Optional.of(task));
    }
    CompletableFuture<Optional<Task>> mine = new CompletableFuture<>();
    CompletableFuture<Optional<Task>> running = refreshing.putIfAbsent(id, mine);
    if (running != null) {
      return running.copy();
    }
    CompletableFuture<Optional<TaskChange>> answer;
    try {
      answer = Objects.requireNonNull(source.fetch(task), "status source returned null").toCompletableFuture().copy();
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    answer.orTimeout(refreshTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((change, error) -> {
      try {
        if (error != null) {
          log.warn("status source failed for task {}: {}", id, describe(error));
        } else if (change != null && change.isPresent()) {
          applyFromSource(id, change.get());
        }
      } catch (RuntimeException e) {
        log.warn("applying the status source's answer for task {} failed", id, e);
      } finally {
        refreshing.remove(id, mine);
        mine.complete(get(id));
      }
    });
    return mine.copy();
  }

  private String describe(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof TimeoutException) {
      return "no answer within " + refreshTimeout.toMillis() + " ms";
    }
    return cause.toString();
  }

  // ------------------------------------------------------------------ listeners

  /** Adds a listener told about every later change. */
  public void addListener(TaskListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Removes a listener. */
  public void removeListener(TaskListener listener) {
    listeners.remove(listener);
  }

  private void notifyChanged(Task previous, Task current) {
    for (TaskListener listener : listeners) {
      try {
        listener.onChanged(previous, current);
      } catch (RuntimeException e) {
        log.warn("task listener failed for {}", current.id(), e);
      }
    }
  }

  private void notifyRemoved(Task task) {
    for (TaskListener listener : listeners) {
      try {
        listener.onRemoved(task);
      } catch (RuntimeException e) {
        log.warn("task listener failed for {}", task.id(), e);
      }
    }
  }

  /** Configures a {@link TaskRegistry}. */
  public static final class Builder {
    private int maxTasks = DEFAULT_MAX_TASKS;
    private TaskStatusSource source;
    private Duration refreshTimeout = DEFAULT_REFRESH_TIMEOUT;

    private Builder() {
    }

    /** The bound on tasks (default {@value TaskRegistry#DEFAULT_MAX_TASKS}); see the class comment for the eviction policy. */
    public Builder maxTasks(int max) {
      if (max <= 0) {
        throw new IllegalArgumentException("maxTasks must be > 0, got " + max);
      }
      this.maxTasks = max;
      return this;
    }

    /** The external system asked on status requests (default none). */
    public Builder statusSource(TaskStatusSource source) {
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /** The longest wait for the status source (default 10 s); then the task stays as it is. */
    public Builder refreshTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("refreshTimeout must be > 0, got " + timeout);
      }
      this.refreshTimeout = timeout;
      return this;
    }

    /** Builds the registry. */
    public TaskRegistry build() {
      return new TaskRegistry(this);
    }
  }
}
