package io.pushwire.server;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One connection's outbound frames and their single writer. At most one asynchronous send is in
 * flight; its completion starts the next, so frames leave in order and a client that stops
 * reading makes the queue, not the container, grow, up to the bound. Pongs and pings do not pass
 * through here (the container sends them directly), so liveness checks are never stuck behind
 * data.
 */
final class OutboundQueue {

  /** What {@link #offer} did with a frame. */
  enum Offer { QUEUED, DROPPED, OVERFLOW, CLOSED }

  private final RemoteEndpoint.Async remote;
  private final int maxFrames;
  private final long maxChars;
  private final Consumer<Throwable> onSendFailure;

  /** Guards every field below. */
  private final Object lock = new Object();
  /** Guarded by lock. Frames not yet handed to the container. */
  private final ArrayDeque<String> frames = new ArrayDeque<>();
  /** Guarded by lock. Sum of the lengths of {@link #frames}. */
  private long queuedChars;
  /** Guarded by lock. True while a send is in flight or the writer loop runs. */
  private boolean writing;
  /** Guarded by lock. Once true, nothing more is queued or sent. */
  private boolean closed;
  /** Guarded by lock. Once true, new frames are refused, but the queued ones still go out. */
  private boolean sealed;
  /** Guarded by lock. Run once the queue is empty and no send is in flight; then cleared. */
  private Runnable whenDrained;

  OutboundQueue(RemoteEndpoint.Async remote, int maxFrames, long maxChars, Consumer<Throwable> onSendFailure) {
    this.remote = remote;
    this.maxFrames = maxFrames;
    this.maxChars = maxChars;
    this.onSendFailure = onSendFailure;
  }

  /** Queues a frame; when full, drops it if {@code droppable}, else reports overflow and closes. */
  Offer offer(String frame, boolean droppable) {
    synchronized (lock) {
      if (closed || sealed) {
        return Offer.CLOSED;
      }
      if (frames.size() >= maxFrames || queuedChars + frame.length() > maxChars) {
        if (droppable) {
          return Offer.DROPPED;
        }
        closeLocked();
        return Offer.OVERFLOW;
      }
      frames.addLast(frame);
      queuedChars += frame.length();
      if (writing) {
        return Offer.QUEUED;
      }
      writing = true;
    }
    drain();
    return Offer.QUEUED;
  }

  /**
   * Queues {@code frame} like {@link #offer} (not droppable) and, if it was queued, runs {@code
   * andThen} in the same step: under the queue's lock, so the writer cannot send the frame before
   * {@code andThen} has run, and nothing queued after {@code andThen} can go out before the frame.
   * {@code andThen} must be short and must not call back into this queue.
   */
  Offer offerThen(String frame, Runnable andThen) {
    synchronized (lock) {
      if (closed || sealed) {
        return Offer.CLOSED;
      }
      if (frames.size() >= maxFrames || queuedChars + frame.length() > maxChars) {
        closeLocked();
        return Offer.OVERFLOW;
      }
      frames.addLast(frame);
      queuedChars += frame.length();
      andThen.run();
      if (writing) {
        return Offer.QUEUED;
      }
      writing = true;
    }
    drain();
    return Offer.QUEUED;
  }

  /** Frames waiting now. For stats and tests. */
  int size() {
    synchronized (lock) {
      return frames.size();
    }
  }

  /**
   * Refuses new frames and runs {@code action} once every frame already queued has been sent (or
   * the queue was dropped and the send in flight finished); at once if nothing is in flight. Some
   * containers (Tomcat) refuse a close while a send is in flight, so a close goes through here.
   */
  void sealAndThen(Runnable action) {
    boolean runNow;
    synchronized (lock) {
      sealed = true;
      runNow = !writing;
      if (!runNow) {
        whenDrained = action;
      }
    }
    if (runNow) {
      action.run();
    }
  }

  /** Stops sending and releases queued frames. */
  void close() {
    synchronized (lock) {
      closeLocked();
    }
  }

  private void closeLocked() {
    closed = true;
    frames.clear();
    queuedChars = 0;
  }

  /**
   * The writer loop. Runs while this thread owns {@code writing}. A send's completion may run on
   * this thread before {@code sendText} returns, or later on another: whichever of the two
   * arrives second continues the loop, so the stack never grows with the queue.
   */
  private void drain() {
    while (true) {
      String next;
      Runnable after = null;
      synchronized (lock) {
        next = closed ? null : frames.pollFirst();
        if (next == null) {
          writing = false;
          after = whenDrained;
          whenDrained = null;
        } else {
          queuedChars -= next.length();
        }
      }
      if (next == null) {
        if (after != null) {
          after.run();
        }
        return;
      }
      AtomicInteger arrivals = new AtomicInteger();
      try {
        remote.sendText(next, result -> onSent(result, arrivals));
      } catch (RuntimeException | Error e) {
        // Whatever the container throws (Tyrus throws an Error for text it cannot encode), the
        // writer flag must not stay set: that would wedge the connection with no close and no log.
        fail(e);
        if (e instanceof VirtualMachineError fatal) {
          throw fatal;
        }
        return;
      }
      if (arrivals.incrementAndGet() == 1) {
        return; // the completion has not arrived; it will continue the loop
      }
    }
  }

  private void onSent(SendResult result, AtomicInteger arrivals) {
    if (!result.isOK()) {
      fail(result.getException());
      return;
    }
    if (arrivals.incrementAndGet() == 2) {
      drain(); // the sender already returned: this completion continues the loop
    }
  }

  private void fail(Throwable error) {
    Runnable after;
    synchronized (lock) {
      closeLocked();
      writing = false;
      after = whenDrained;
      whenDrained = null;
    }
    onSendFailure.accept(error);
    if (after != null) {
      after.run();
    }
  }
}
