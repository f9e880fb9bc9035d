package io.pushwire.server.tasks;

import io.pushwire.protocol.ServerMessage;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.protocol.TaskUpdated;
import io.pushwire.server.Delivery;
import io.pushwire.server.Hub;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns registry changes into publications: each change once per document, on that document's
 * topics ({@link TaskTopics}), only where the document sees a difference. Progress-only changes
 * are coalesced per task (the latest wins, at most one publication per interval); any other
 * change first publishes the task's pending progress, so order holds, and is never coalesced.
 * A terminal change is published and then the task's per-task topics are ended.
 *
 * <p><b>Delivery.</b> Coalesced progress is published {@link Delivery#DROPPABLE}: the next report
 * supersedes it, so a client whose queue is full loses it rather than its connection. Every other
 * change, the final one included, is {@link Delivery#RELIABLE}.
 *
 * <p><b>Order.</b> Every publication, and every state a request handler sends on subscribe, happens
 * under {@link #lock}, so a client never sees a task go back to an older state. Lock order:
 * the registry's write lock, then this lock, then the broker's.
 */
final class TaskPublisher implements TaskListener {

  private static final Logger log = LoggerFactory.getLogger(TaskPublisher.class);

  private final Hub hub;
  private final TaskWatches watches;
  private final long progressIntervalNanos;
  /** Runs the delayed progress flushes (at most one queued per task); owned by the feature, which shuts it down. */
  private final ScheduledExecutorService flusher;

  /** Serialises publications and subscribe-time states; guards the fields below. */
  private final Object lock = new Object();
  /** The latest progress-only snapshot not yet published, per task: at most one per live task. */
  private final Map<String, Task> pending = new HashMap<>();
  /** {@code System.nanoTime()} of each live task's last progress publication; removed when it ends. */
  private final Map<String, Long> lastProgress = new HashMap<>();
  /**
   * Tasks with a delayed flush queued on {@link #flusher}: at most one each, so the flusher's queue
   * never holds more entries than there are tasks. An entry goes when its flush runs.
   */
  private final Set<String> flushQueued = new HashSet<>();
  /**
   * The last {@code taskUpdated} published per live task; removed when it ends. Seed 004 sees
   * progress as a whole percentage, so most of a fine-grained task's reports change nothing there.
   */
  private final Map<String, TaskUpdated> lastTaskUpdated = new HashMap<>();
  /** Set once by {@link #close()}; later changes are not published (a listener call may still be under way). */
  private boolean closed;

  TaskPublisher(Hub hub, TaskWatches watches, int progressPerSecond, ScheduledExecutorService flusher) {
    this.hub = hub;
    this.watches = watches;
    this.progressIntervalNanos = TimeUnit.SECONDS.toNanos(1) / progressPerSecond;
    this.flusher = flusher;
  }

  /** Runs {@code action} with no publication in between: for sending state on subscribe. */
  <T> T atomically(Supplier<T> action) {
    synchronized (lock) {
      return action.get();
    }
  }

  void atomically(Runnable action) {
    synchronized (lock) {
      action.run();
    }
  }

  @Override
  public void onChanged(Task previous, Task current) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      if (previous != null && previous.onlyProgressDiffers(current)) {
        offerProgress(current);
        return;
      }
      flushPending(current.id());
      publishChange(previous, current);
      if (current.isTerminal()) {
        end(current.id());
      }
    }
  }

  @Override
  public void onRemoved(Task task) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      pending.remove(task.id());
      end(task.id());
    }
  }

  // ------------------------------------------------------------------ progress

  /**
   * A progress-only change: published now if the task's last progress publication is at least an
   * interval ago and none is held, else held (replacing any held one) for a delayed flush.
   */
  private void offerProgress(Task task) {
    String id = task.id();
    long now = System.nanoTime();
    Long last = lastProgress.get(id);
    if (!pending.containsKey(id) && (last == null || now - last >= progressIntervalNanos)) {
      publishProgress(task);
      lastProgress.put(id, now);
      return;
    }
    pending.put(id, task);
    if (flushQueued.add(id)) {
      scheduleFlush(id, last == null ? 0 : last + progressIntervalNanos - now);
    }
  }

  private void scheduleFlush(String id, long delayNanos) {
    try {
      flusher.schedule(() -> flushScheduled(id), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) { // the feature is closing: publish now rather than never
      flushQueued.remove(id);
      flushPending(id);
    }
  }

  /** The delayed flush: publishes the held progress, or waits again if a publication came meanwhile. */
  private void flushScheduled(String id) {
    try {
      synchronized (lock) {
        flushQueued.remove(id);
        if (!pending.containsKey(id)) {
          return;
        }
        long now = System.nanoTime();
        Long last = lastProgress.get(id);
        if (last != null && now - last < progressIntervalNanos) {
          flushQueued.add(id);
          scheduleFlush(id, last + progressIntervalNanos - now);
        } else {
          flushPending(id);
        }
      }
    } catch (RuntimeException e) {
      log.warn("publishing the progress of task {} failed", id, e);
    }
  }

  /** Publishes the held progress, if any; it counts towards the rate like any progress publication. */
  private void flushPending(String id) {
    Task task = pending.remove(id);
    if (task != null) {
      publishProgress(task);
      lastProgress.put(id, System.nanoTime());
    }
  }

  /** Publishes every pending progress now and nothing after; the feature calls it when it closes. */
  void close() {
    synchronized (lock) {
      closed = true;
      for (String id : new ArrayList<>(pending.keySet())) {
        flushPending(id);
      }
    }
  }

  private void publishProgress(Task task) {
    TaskProgress progress = TaskMessages.taskProgress(task);
    if (progress != null) {
      publish(TaskTopics.PROGRESS, progress, Delivery.DROPPABLE);
    }
    publishTaskUpdated(task, Delivery.DROPPABLE);
  }

  // ------------------------------------------------------------------ other changes

  private void publishChange(Task previous, Task current) {
    if (TaskMessages.statusUpdateDiffers(previous, current)) {
      publish(TaskTopics.generation(current.id()), TaskMessages.statusUpdate(current), Delivery.RELIABLE);
    }
    if (TaskMessages.taskProgressDiffers(previous, current)) {
      publish(TaskTopics.PROGRESS, TaskMessages.taskProgress(current), Delivery.RELIABLE);
      lastProgress.put(current.id(), System.nanoTime());
    }
    if (TaskMessages.taskStatusDiffers(previous, current)) {
      publish(TaskTopics.STATUS, TaskMessages.taskStatus(current), Delivery.RELIABLE);
    }
    publishTaskUpdated(current, Delivery.RELIABLE);
  }

  /**
   * The task's room, and its owner's room (a connection never sits in both for one task), unless
   * seed 004 would see the same {@code taskUpdated} again.
   */
  private void publishTaskUpdated(Task task, Delivery delivery) {
    TaskUpdated message = TaskMessages.taskUpdated(task);
    if (message.equals(lastTaskUpdated.put(task.id(), message))) {
      return;
    }
    publish(TaskTopics.video(task.id()), message, delivery);
    if (task.owner() != null) {
      publish(TaskTopics.videoUser(task.owner()), message, delivery);
    }
  }

  private void publish(String topic, ServerMessage message, Delivery delivery) {
    hub.publish(topic, message, delivery);
  }

  /** The task is over or gone: its per-task topics end, and nothing about it is kept here. */
  private void end(String id) {
    lastProgress.remove(id);
    lastTaskUpdated.remove(id);
    for (String topic : new String[] {TaskTopics.generation(id), TaskTopics.video(id)}) {
      hub.endTopic(topic);
      watches.endTopic(topic);
    }
  }
}
