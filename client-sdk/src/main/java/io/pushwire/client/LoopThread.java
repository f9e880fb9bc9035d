package io.pushwire.client;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that owns a client's state ({@link ConnectionLoop}). Tasks posted from any thread
 * run on it one at a time, in order, and so do its timers. A task that throws is logged at ERROR,
 * and the thread carries on. A cancelled timer leaves the queue at once: every request has a
 * timeout timer, and cancelled ones would otherwise pile up. Nothing scheduled runs after
 * {@link #shutdown()}.
 *
 * <p>The queue has no bound of its own. Inbound frames wait for a place in the inbound window
 * ({@link Callbacks}) before they are posted, and each call of the application posts one task.
 * Thread-safe.
 */
final class LoopThread {

  private static final System.Logger LOG = System.getLogger(PushClient.class.getName());

  private final String name;
  private final ScheduledThreadPoolExecutor executor;
  /** The thread, set when the executor creates it; read by any thread ({@link #isCurrent()}). */
  private volatile Thread thread;

  LoopThread(String name) {
    this.name = name;
    this.executor = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread created = ClientThreads.named(name).newThread(runnable);
      thread = created;
      return created;
    });
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
  }

  /** Queues {@code task}; false once the loop has shut down. */
  boolean post(Runnable task) {
    try {
      executor.execute(guarded(task));
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /** Runs {@code task} once after {@code delay}. */
  ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    return executor.schedule(guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Runs {@code task} every {@code period}, the first time after one period, until cancelled. */
  ScheduledFuture<?> scheduleEvery(Runnable task, Duration period) {
    long every = period.toNanos();
    return executor.scheduleWithFixedDelay(guarded(task), every, every, TimeUnit.NANOSECONDS);
  }

  /** Whether the caller runs on the loop's thread. */
  boolean isCurrent() {
    return Thread.currentThread() == thread;
  }

  /** Takes no more tasks; those queued and not yet started are dropped. */
  void shutdown() {
    executor.shutdown();
  }

  /** Cancels {@code timer} if there is one, without interrupting it. */
  static void cancel(ScheduledFuture<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
  }

  /** A loop task that logs instead of dying silently in the executor. */
  private Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        LOG.log(System.Logger.Level.ERROR, name + ": internal error", e);
      }
    };
  }
}
