package io.pushwire.server;

import io.pushwire.server.transport.OutboundFrame;
import io.pushwire.server.transport.SendCallback;
import io.pushwire.server.transport.Transport;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Consumer;

/**
 * One connection's outbound frames and their single writer. At most one send to the
 * {@link Transport} is outstanding; its completion starts the next, so frames leave in order and a
 * client that stops reading makes the queue, not the engine, grow, up to the bound. Pongs and pings
 * do not pass through here (the engine sends them directly), so liveness checks are never stuck
 * behind data. The hub's timer asks {@link #stalledNanos} how long the writes have been stuck, and
 * closes a client that stopped reading before its queue fills (see {@link
 * Limits#slowConsumerTimeout()}).
 *
 * <p>A paged recovery waits for room with {@link #whenLow}: the writer runs its task when the queue
 * has drained to a quarter of its bound, so a replay never fills the queue that would close a slow
 * consumer.
 *
 * <p>The queue is its own {@link SendCallback}: with one send outstanding, one counter of arrivals
 * serves every send, and a send allocates nothing here.
 *
 * <p>Layout: a fan-out to thousands of connections touches each one's queue once per delivery, and
 * past the CPU's caches every separate object it reads is a miss. So the queue is one object while
 * it is idle: it locks itself (it is package-private, and the only other code that holds it is a
 * transport, as its callback), its arrival counter is a field, and its deque is made on the first
 * frame that has to wait.
 */
final class OutboundQueue implements SendCallback {

  /** What {@link #offer} did with a frame. */
  enum Offer { QUEUED, DROPPED, OVERFLOW, CLOSED }

  private final Transport transport;
  private final int maxFrames;
  private final long maxChars;
  private final Consumer<Throwable> onSendFailure;

  /**
   * Guarded by this queue's monitor, as every field below is unless it says otherwise. Frames not
   * yet handed to the transport; null until the first frame has to wait, then kept.
   */
  private ArrayDeque<OutboundFrame> frames;
  /** Guarded by this. Sum of the lengths of {@link #frames}. */
  private long queuedChars;
  /** Guarded by this. True while a send is in flight or the writer loop runs. */
  private boolean writing;
  /** Guarded by this. Once true, nothing more is queued or sent. */
  private boolean closed;
  /** Guarded by this. Once true, new frames are refused, but the queued ones still go out. */
  private boolean sealed;
  /** Guarded by this. Run once the queue is empty and no send is in flight; then cleared. */
  private Runnable whenDrained;
  /**
   * Guarded by this. Run once (outside the monitor, on the writer's thread) when the queue has drained
   * to its low-water mark; then cleared. Set by {@link #whenLow}; dropped when the queue closes.
   */
  private Runnable whenLow;
  /** The low-water mark in frames: a quarter of the bound. */
  private final int lowFrames;
  /** The low-water mark in characters: a quarter of the bound. */
  private final long lowChars;
  /** Guarded by this. Sends handed to the transport so far; the hub's timer watches it move. */
  private long sendsStarted;

  /** Timer thread only: {@link #sendsStarted} and the engine's backlog at the last {@link #stalledNanos}. */
  private long watchedSends = -1;
  /** Timer thread only; see {@link #watchedSends}. */
  private long watchedBacklog;
  /** Timer thread only: since when ({@code System.nanoTime()}) nothing has moved while something waited. */
  private long stuckSinceNanos;

  private static final AtomicIntegerFieldUpdater<OutboundQueue> ARRIVALS =
      AtomicIntegerFieldUpdater.newUpdater(OutboundQueue.class, "arrivals");
  /**
   * Who continues the writer loop after a send: the sender (after {@code send} returns) and the
   * completion each add one, and the second to arrive goes on. Reset by the writer before each
   * send; only one send is outstanding, so one counter serves them all. Atomic, by {@link #ARRIVALS}.
   */
  private volatile int arrivals;

  OutboundQueue(Transport transport, int maxFrames, long maxChars, Consumer<Throwable> onSendFailure) {
    this.transport = transport;
    this.maxFrames = maxFrames;
    this.maxChars = maxChars;
    this.onSendFailure = onSendFailure;
    this.lowFrames = maxFrames / 4;
    this.lowChars = maxChars / 4;
  }

  /** Queues a frame; when full, drops it if {@code droppable}, else reports overflow and closes. */
  Offer offer(OutboundFrame frame, boolean droppable) {
    int chars = frame.text().length();
    synchronized (this) {
      if (closed || sealed) {
        return Offer.CLOSED;
      }
      if (queuedFrames() >= maxFrames || queuedChars + chars > maxChars) {
        if (droppable) {
          return Offer.DROPPED;
        }
        closeLocked();
        return Offer.OVERFLOW;
      }
      if (writing) {
        enqueueLocked(frame, chars);
        return Offer.QUEUED;
      }
      // Idle: this thread becomes the writer and sends the frame without queueing it.
      writing = true;
      sendsStarted++;
    }
    drain(frame);
    return Offer.QUEUED;
  }

  /**
   * Queues {@code frame} like {@link #offer} (not droppable) and, if it was queued, runs {@code
   * andThen} in the same step: under the queue's lock, so the writer cannot send the frame before
   * {@code andThen} has run, and nothing queued after {@code andThen} can go out before the frame.
   * {@code andThen} must be short and must not call back into this queue.
   */
  Offer offerThen(OutboundFrame frame, Runnable andThen) {
    int chars = frame.text().length();
    synchronized (this) {
      if (closed || sealed) {
        return Offer.CLOSED;
      }
      if (queuedFrames() >= maxFrames || queuedChars + chars > maxChars) {
        closeLocked();
        return Offer.OVERFLOW;
      }
      enqueueLocked(frame, chars);
      andThen.run();
      if (writing) {
        return Offer.QUEUED;
      }
      writing = true;
    }
    drain(null);
    return Offer.QUEUED;
  }

  /**
   * How long this connection's writes have made no progress, as of {@code now}: 0 while nothing
   * waits (no send in flight, no queued frame, no {@code engineBacklog}) or while something moved
   * since the last call (a send started, the backlog shrank). A client that stops reading makes it
   * grow by the time between calls. The hub's timer calls it, and only the timer.
   *
   * @param engineBacklog what the engine holds for this connection beyond the send in flight
   *     (bytes, or any positive number when the engine can only say "not writable"), 0 for none
   */
  long stalledNanos(long now, long engineBacklog) {
    boolean waiting;
    long sends;
    synchronized (this) {
      waiting = writing && !closed;
      sends = sendsStarted;
    }
    boolean moved = sends != watchedSends || engineBacklog < watchedBacklog;
    watchedSends = sends;
    watchedBacklog = engineBacklog;
    if (!(waiting || engineBacklog > 0) || moved) {
      stuckSinceNanos = now;
      return 0;
    }
    return now - stuckSinceNanos;
  }

  /** Frames waiting now. For stats and tests. */
  int size() {
    synchronized (this) {
      return queuedFrames();
    }
  }

  /** Characters of the frames waiting now. */
  long chars() {
    synchronized (this) {
      return queuedChars;
    }
  }

  /**
   * Runs {@code task} once the queue holds at most a quarter of its bound in frames and in
   * characters: at once on this thread if it does now, else on the writer's thread (outside the
   * lock) when the queue drains to that low-water mark. One task at a time: a second call replaces
   * a task not yet run. {@code task} must be short and must not block (a recovery hands its next
   * page to its own executor).
   *
   * @return false, and {@code task} never runs, when the queue is closed or sealed
   */
  boolean whenLow(Runnable task) {
    synchronized (this) {
      if (closed || sealed) {
        return false;
      }
      if (!isLowLocked()) {
        whenLow = task;
        return true;
      }
      whenLow = null;
    }
    task.run();
    return true;
  }

  private boolean isLowLocked() {
    return queuedFrames() <= lowFrames && queuedChars <= lowChars;
  }

  private int queuedFrames() {
    return frames == null ? 0 : frames.size();
  }

  private void enqueueLocked(OutboundFrame frame, int chars) {
    if (frames == null) {
      frames = new ArrayDeque<>();
    }
    frames.addLast(frame);
    queuedChars += chars;
  }

  /**
   * Refuses new frames and runs {@code action} once every frame already queued has been sent (or
   * the queue was dropped and the send in flight finished); at once if nothing is in flight. Some
   * containers (Tomcat) refuse a close while a send is in flight, so a close goes through here.
   */
  void sealAndThen(Runnable action) {
    boolean runNow;
    synchronized (this) {
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
    synchronized (this) {
      closeLocked();
    }
  }

  private void closeLocked() {
    closed = true;
    frames = null;
    queuedChars = 0;
    whenLow = null;
  }

  /**
   * The writer loop. Runs while this thread owns {@code writing}. A send's completion may arrive
   * on this thread before {@code send} returns, or later on another: whichever of the two arrives
   * second continues the loop, so the stack never grows with the queue.
   *
   * @param first a frame to send before looking at the queue (counted in {@link #sendsStarted}
   *     already, never queued), or null
   */
  private void drain(OutboundFrame first) {
    OutboundFrame next = first;
    while (true) {
      if (next == null && (next = pollOrStop()) == null) {
        return;
      }
      arrivals = 0;
      try {
        transport.send(next, this);
      } catch (RuntimeException | Error e) {
        // A transport must report failures to the callback; one that throws instead must not leave
        // the writer flag set: that would wedge the connection with no close and no log.
        fail(e);
        if (e instanceof VirtualMachineError fatal) {
          throw fatal;
        }
        return;
      }
      if (ARRIVALS.incrementAndGet(this) == 1) {
        return; // the completion has not arrived; it will continue the loop
      }
      next = null;
    }
  }

  /**
   * The next frame to send, taken off the queue; or null when there is none (or the queue is
   * closed), and then this thread is no longer the writer and has run what waited for the drain.
   * Runs the {@link #whenLow} task when the queue has fallen to its low-water mark.
   */
  private OutboundFrame pollOrStop() {
    OutboundFrame next;
    Runnable after = null;
    Runnable low = null;
    synchronized (this) {
      next = closed || frames == null ? null : frames.pollFirst();
      if (next == null) {
        writing = false;
        after = whenDrained;
        whenDrained = null;
      } else {
        queuedChars -= next.text().length();
        sendsStarted++;
      }
      if (whenLow != null && isLowLocked()) { // a field test on the hot path: no allocation
        low = whenLow;
        whenLow = null;
      }
    }
    if (low != null) {
      low.run();
    }
    if (next == null && after != null) {
      after.run();
    }
    return next;
  }

  /** The transport took the frame, or failed; see {@link #drain}. */
  @Override
  public void done(Throwable failure) {
    if (failure != null) {
      fail(failure);
      return;
    }
    if (ARRIVALS.incrementAndGet(this) == 2) {
      drain(null); // the sender already returned: this completion continues the loop
    }
  }

  private void fail(Throwable error) {
    Runnable after;
    synchronized (this) {
      if (closed && !writing) {
        return; // reported already (a transport that both threw and called back)
      }
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
