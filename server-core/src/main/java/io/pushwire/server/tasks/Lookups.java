package io.pushwire.server.tasks;

import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers "what is this task's status?" for request handlers: from the registry at once, or,
 * when the registry has a status source and the task is live, after asking the source on one of a
 * bounded number of threads.
 *
 * <p><b>Bounds.</b> {@code threads} lookups run at once, each waiting at most the registry's
 * refresh timeout; up to {@code queue} more wait their turn. When the queue is full the lookup is
 * not refreshed: the caller is answered at once with the registry's current state (and the
 * rejection logged at DEBUG), so every request still gets its answer.
 *
 * <p><b>Answers.</b> {@code answer} is called exactly once per lookup, with the task's state
 * re-read under the publisher's lock, so it is never older than a push the client already has;
 * {@link Optional#empty()} means there is no such task.
 */
final class Lookups implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Lookups.class);

  private final TaskRegistry registry;
  private final TaskPublisher publisher;
  private final ThreadPoolExecutor executor;

  Lookups(TaskRegistry registry, TaskPublisher publisher, int threads, int queue) {
    this.registry = registry;
    this.publisher = publisher;
    AtomicInteger n = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
        r -> {
          Thread t = new Thread(r, "pushwire-tasks-lookup-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    executor.allowCoreThreadTimeOut(true);
  }

  /** Looks the task up (refreshing it first where that applies) and answers once. */
  void lookup(String id, Consumer<Optional<Task>> answer) {
    Optional<Task> task = registry.get(id);
    if (!registry.hasStatusSource() || task.isEmpty() || task.get().isTerminal()) {
      answerNow(id, answer);
      return;
    }
    try {
      executor.execute(() -> {
        try {
          registry.refresh(id).join();
        } finally {
          answerNow(id, answer);
        }
      });
    } catch (RejectedExecutionException e) {
      log.debug("lookup of task {} not refreshed: {} lookups running and {} waiting", id,
          executor.getActiveCount(), executor.getQueue().size());
      answerNow(id, answer);
    }
  }

  private void answerNow(String id, Consumer<Optional<Task>> answer) {
    try {
      publisher.atomically(() -> answer.accept(registry.get(id)));
    } catch (RuntimeException e) {
      log.warn("answering a lookup of task {} failed", id, e);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
