package io.pushwire.server.netty;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.AttributeKey;
import io.pushwire.server.transport.DeliveryLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The writes that any thread hands to the connections of one event loop, written by one task on
 * that loop and flushed once per connection per task, as a plain Netty broadcast does. Without
 * it every delivery to every connection would be a task of its own on the loop and a flush (a
 * system call) of its own: at a fan-out to 1,000 connections that cost several times the write.
 *
 * <p>It is also the loop's {@link DeliveryLoop}: the hub runs its batches of a publication's
 * frames for this loop's connections here, and a frame such a batch sends to a connection is
 * written at once, without an entry, when nothing handed over before it waits in the queue; the
 * channels batches wrote to are flushed by one task behind them. A burst of publications then
 * costs one task per loop per publication and one flush per channel, with no thread between the
 * publisher and the loop.
 *
 * <p>Order: one FIFO per loop, so each connection's writes (frames, pings and its close frame,
 * whatever thread sent them) go out in the order they were handed over; a batch's write skips the
 * queue only while the queue is empty.
 *
 * <p>Bound: this queue holds only what the hub's bounded per-connection queues let through, and
 * {@link NettyTransport} counts it against the connection's write-buffer high mark; one task
 * writes at most {@value #BATCH} entries before it yields the loop to I/O and runs again.
 *
 * <p>Thread-safe: {@link #add} and {@link #execute} from any thread; drains, batches and flushes
 * run on the loop only.
 */
final class LoopOutbox implements DeliveryLoop {

  /** Entries one task writes before it lets the loop do I/O and other tasks. */
  static final int BATCH = 4_096;

  /** Each server channel's outboxes, one per loop of its group; on the server channel, so they go with it. */
  private static final AttributeKey<ConcurrentHashMap<EventLoop, LoopOutbox>> OUTBOXES =
      AttributeKey.valueOf(LoopOutbox.class, "outboxes");

  /** A write for one connection: a message, or a close frame to send before closing. */
  record Entry(NettyTransport transport, Object message, long bytes) {
  }

  private final EventLoop loop;
  /** Entries waiting for the loop; any thread adds, the loop polls. */
  private final Queue<Entry> queue = new ConcurrentLinkedQueue<>();
  /** Whether a drain task is queued on the loop and has not started polling yet. */
  private final AtomicBoolean scheduled = new AtomicBoolean();
  /** Whether a drain or a hub batch is running; loop only. */
  private boolean draining;
  /** Whether a hub batch is running, whose sends may write at once; loop only. */
  private boolean inBatch;
  /** Whether a task that flushes what batches wrote is queued; loop only. */
  private boolean flushQueued;
  private final Runnable flushBatches = this::flushBatches;
  /** Connections written to since the last flush, by a drain or by batches, to flush once each; loop only. */
  private final List<NettyTransport> written = new ArrayList<>();
  private final Runnable drain = this::drain;

  private LoopOutbox(EventLoop loop) {
    this.loop = loop;
  }

  /** The outbox of {@code channel}'s loop, shared by every connection its server accepted on that loop. */
  static LoopOutbox of(Channel channel) {
    Channel owner = channel.parent() != null ? channel.parent() : channel;
    ConcurrentHashMap<EventLoop, LoopOutbox> outboxes = owner.attr(OUTBOXES).get();
    if (outboxes == null) {
      owner.attr(OUTBOXES).setIfAbsent(new ConcurrentHashMap<>());
      outboxes = owner.attr(OUTBOXES).get();
    }
    return outboxes.computeIfAbsent(channel.eventLoop(), LoopOutbox::new);
  }

  /** Queues {@code entry} behind everything handed to this loop before it. */
  void add(Entry entry) {
    queue.add(entry);
    // Read first: while a drain is pending, a publisher handing one publication to a thousand
    // connections would otherwise fail a compare-and-set (an exclusive claim on the cache line)
    // for each of them.
    if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
      try {
        loop.execute(drain);
      } catch (RejectedExecutionException e) {
        // The loop has stopped, and closed its channels on the way: nothing queued can be written.
        queue.clear();
        scheduled.set(false);
      }
    }
  }

  /**
   * On the loop and outside a drain: writes out everything queued, then {@code entry}, and
   * flushes; answers false elsewhere (the caller then {@link #add}s it).
   */
  boolean writeNowIfOnLoop(Entry entry) {
    if (!loop.inEventLoop() || draining) {
      return false;
    }
    queue.add(entry);
    drain();
    return true;
  }

  @Override
  public boolean execute(Runnable batch) {
    try {
      loop.execute(() -> runBatch(batch));
      return true;
    } catch (RejectedExecutionException e) { // the loop has shut down
      return false;
    }
  }

  @Override
  public boolean inLoop() {
    return loop.inEventLoop();
  }

  /**
   * Runs one of the hub's batches. The channels it wrote to are flushed by a task queued behind
   * it, once each for every batch queued before that task: a burst of publications leaves in one
   * write system call per channel, as a plain Netty broadcast's does.
   */
  private void runBatch(Runnable batch) {
    draining = true;
    inBatch = true;
    try {
      batch.run();
    } finally {
      inBatch = false;
      draining = false;
      if (!written.isEmpty() && !flushQueued) {
        flushQueued = true;
        try {
          loop.execute(flushBatches);
        } catch (RejectedExecutionException e) { // the loop is stopping: flush now
          flushBatches();
        }
      }
    }
  }

  private void flushBatches() {
    flushQueued = false;
    draining = true;
    flushWritten();
  }

  /**
   * Writes {@code message} to {@code transport}'s channel now, to be flushed by the task behind
   * the batches, when this is the loop, a batch is running and nothing handed over before it still
   * waits; answers false otherwise (the caller then {@link #add}s it).
   */
  boolean writeInBatch(NettyTransport transport, Object message) {
    if (!loop.inEventLoop() || !inBatch || !queue.isEmpty()) {
      return false;
    }
    if (transport.write(message)) {
      written.add(transport);
    }
    return true;
  }

  private void drain() {
    // Cleared before polling: an entry added from now on either is polled here or queues a new task.
    scheduled.set(false);
    draining = true;
    try {
      Entry entry;
      int n = 0;
      while (n++ < BATCH && (entry = queue.poll()) != null) {
        if (entry.transport().writeOnLoop(entry)) {
          written.add(entry.transport());
        }
      }
      if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
        loop.execute(drain);
      }
    } finally {
      flushWritten();
    }
  }

  private void flushWritten() {
    try {
      for (NettyTransport transport : written) {
        transport.flushOnLoop();
      }
    } finally {
      written.clear();
      draining = false; // only now: a flush's callback may close a channel, which must not drain in here
    }
  }
}
