package io.pushwire.client;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs everything the application sees (listener calls, future completions) on the callback
 * executor, and bounds how many inbound frames may wait for their listeners.
 *
 * <p>Inbound window: at most {@link #INBOUND_WINDOW} frames may be received and not yet handled
 * by their listeners. When listeners fall that far behind, the transport's reader thread waits
 * in {@link #admitFrame}; TCP then pushes back on the server, which closes a consumer that stays
 * that slow with 4000 (the client reconnects). So a slow listener costs a bounded amount of
 * memory. Thread-safe.
 */
final class Callbacks {

  /** Frames received and not yet handled by listeners before the reader waits. */
  static final int INBOUND_WINDOW = 1_024;

  private static final System.Logger LOG = System.getLogger(PushClient.class.getName());

  private final Executor executor;
  /** The executor when the client created it (and so shuts it down), else {@code null}. */
  private final ExecutorService owned;
  /** Permits for inbound frames; taken by reader threads, returned by callback threads. */
  private final Semaphore window = new Semaphore(INBOUND_WINDOW);

  Callbacks(Executor configured, String threadName) {
    if (configured != null) {
      executor = configured;
      owned = null;
    } else {
      // One thread, so callbacks run one at a time in the order the client produced them. The
      // queue is bounded in practice by the inbound window plus the pending requests and outbox.
      ThreadPoolExecutor own = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
          ClientThreads.named(threadName));
      executor = own;
      owned = own;
    }
  }

  /** Runs a listener call on the executor; dropped if the executor refuses (the client is closing). */
  void notify(Runnable listenerCall) {
    try {
      executor.execute(listenerCall);
    } catch (RejectedExecutionException e) {
      LOG.log(System.Logger.Level.DEBUG, "callback dropped: the callback executor refused it");
    }
  }

  /** Completes a future on the executor; inline if the executor refuses, so none is left hanging. */
  void complete(Runnable completion) {
    try {
      executor.execute(completion);
    } catch (RejectedExecutionException e) {
      completion.run();
    }
  }

  /**
   * Takes a place in the inbound window for one frame, waiting while the window is full.
   *
   * @param wanted polled while waiting; when it turns false (the connection was dropped or the
   *     client closed) the frame is given up
   * @return whether a place was taken; if so, exactly one of {@link #frameHandled} or
   *     {@link #deliverFrame} must follow
   */
  boolean admitFrame(BooleanSupplier wanted) {
    try {
      while (wanted.getAsBoolean()) {
        if (window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Gives back the place of a frame that needs no listener call. */
  void frameHandled() {
    window.release();
  }

  /** Runs the listener calls of an admitted frame, then gives back its place. */
  void deliverFrame(Runnable listenerCalls) {
    try {
      executor.execute(() -> {
        try {
          listenerCalls.run();
        } finally {
          window.release();
        }
      });
    } catch (RejectedExecutionException e) {
      window.release();
    }
  }

  /** Lets the client's own callback thread finish what is queued, then end. */
  void shutdown() {
    if (owned != null) {
      owned.shutdown();
    }
  }
}
