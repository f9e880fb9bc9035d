package io.pushwire.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.server.transport.DeliveryLoop;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/** A loop made of a single-thread executor, as an engine's event loop would be. */
final class ExecutorLoop implements DeliveryLoop, AutoCloseable {
  /** Runs what the loop is given, on its one thread. */
  final ExecutorService executor;
  /** The executor's thread, once it started; set by that thread's factory. */
  private volatile Thread thread;

  ExecutorLoop(String name) {
    executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name);
      thread = t;
      return t;
    });
  }

  @Override
  public boolean execute(Runnable batch) {
    try {
      executor.execute(batch);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  @Override
  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  @Override
  public void close() throws InterruptedException {
    executor.shutdown();
    assertTrue(executor.awaitTermination(30, TimeUnit.SECONDS));
  }
}
