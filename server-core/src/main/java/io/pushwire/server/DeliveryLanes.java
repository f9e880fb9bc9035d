package io.pushwire.server;

import io.pushwire.server.transport.DeliveryLoop;
import io.pushwire.server.transport.OutboundFrame;
import io.pushwire.server.transport.Transport;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where publications are handed to their recipients' queues: lanes, each served by one thread in
 * submission order, and every connection always in the same lane. A connection whose engine
 * offers a {@link DeliveryLoop} (Netty's event loops) is in that loop's lane, so its frames are
 * queued by the thread that writes its socket; any other connection is in one of the hub's own
 * threads' lanes (by its id). The thread that publishes only finds the recipients and frames the
 * publication; the lanes queue the frames and start the writes, on every core at once.
 *
 * <p>Order: a connection's frames from publications are queued in the order their batches were
 * submitted, because one thread serves its lane in submission order; the broker submits each
 * channel's publications in offset order, so every subscriber receives a topic's publications in
 * publication order, and different topics and different recipients of one large fan-out go in
 * parallel.
 *
 * <p>Bound: each lane holds at most {@link #BATCHES_PER_LANE} batches that have not run; a
 * publisher that finds its lane full waits for room (back-pressure on publishers, never an
 * unbounded heap). The one exception is a publisher running on an engine's loop, which never
 * waits for a loop's room (two loops publishing to each other's full lanes would wait for each
 * other for ever): it goes over the bound, by what the connections it reads let it publish, which
 * their inbound rate limit bounds. With no threads ({@code threads == 0}), a batch for a
 * connection without a loop is queued on the publisher's thread, as a single-core or embedded
 * deployment may prefer. Thread-safe.
 */
final class DeliveryLanes implements AutoCloseable {

  /** Batches waiting per lane, at most. */
  static final int BATCHES_PER_LANE = 8_192;

  private static final Logger log = LoggerFactory.getLogger(DeliveryLanes.class);

  /** The hub's own threads' lanes; empty with no threads. */
  private final ThreadLane[] threadLanes;
  /** With no threads: the lane that runs batches on the publisher's thread. */
  private final Lane inline;
  /**
   * One lane per engine loop seen, made when its first connection opens. Bounded by the loops of
   * the engines that served this hub: a Netty server has two per core, and each server started on
   * the same hub adds its own (kept for the hub's life, as the connections that used them may be).
   */
  private final ConcurrentHashMap<DeliveryLoop, LoopLane> loopLanes = new ConcurrentHashMap<>();
  /** The next loop lane's index; indexes are dense, after the threads' lanes. */
  private final AtomicInteger nextIndex;

  DeliveryLanes(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("delivery threads must be >= 0, got " + threads);
    }
    threadLanes = new ThreadLane[threads];
    for (int i = 0; i < threads; i++) {
      threadLanes[i] = new ThreadLane(i);
    }
    inline = threads == 0 ? new InlineLane() : null;
    nextIndex = new AtomicInteger(Math.max(1, threads));
  }

  /** The lane of a connection opening with {@code id} on {@code transport}; the same for its whole life. */
  Lane laneFor(String id, Transport transport) {
    DeliveryLoop loop = transport.deliveryLoop();
    if (loop != null) {
      return loopLanes.computeIfAbsent(loop, l -> new LoopLane(l, nextIndex.getAndIncrement()));
    }
    return threadLanes.length == 0 ? inline : threadLanes[Math.floorMod(id.hashCode(), threadLanes.length)];
  }

  /** A new batch collector for one publication; used by the one thread that delivers it. */
  Dispatch dispatch(boolean droppable) {
    return new Dispatch(droppable);
  }

  @Override
  public void close() {
    for (ThreadLane lane : threadLanes) {
      lane.thread.interrupt();
    }
  }

  /** Whether the calling thread is one of the engines' loops this hub delivers on. */
  private boolean onALoop() {
    for (LoopLane lane : loopLanes.values()) {
      if (lane.loop.inLoop()) {
        return true;
      }
    }
    return false;
  }

  /** One publication's frames per lane. Not thread-safe: filled and submitted by one thread. */
  final class Dispatch {
    private final boolean droppable;
    /** The batch per lane index, made on first need; grows with the loop lanes. */
    private Batch[] batches = new Batch[nextIndex.get()];

    private Dispatch(boolean droppable) {
      this.droppable = droppable;
    }

    /** Adds {@code frame} for {@code c}; a null frame (one its framing cannot carry) sends nothing. */
    void add(PushConnection c, OutboundFrame frame) {
      if (frame == null) {
        return;
      }
      Lane lane = c.lane();
      int index = lane.index;
      if (index >= batches.length) {
        batches = Arrays.copyOf(batches, Math.max(index + 1, nextIndex.get()));
      }
      Batch batch = batches[index];
      if (batch == null) {
        batch = new Batch(lane, droppable);
        batches[index] = batch;
      }
      batch.add(c, frame);
    }

    /**
     * Queues {@code group}'s connections, each the frame of its slot in {@code bySlot} (a null
     * frame sends nothing): handed to the group's lane now, as one batch, ahead of the batches
     * {@link #submit} hands over (the connections differ, so their order does not matter).
     */
    void addGroup(SubscriptionIndex.Group group, OutboundFrame[] bySlot) {
      group.lane().submit(new GroupBatch(group, bySlot, droppable));
    }

    /** Hands every batch to its lane. */
    void submit() {
      for (Batch batch : batches) {
        if (batch != null) {
          batch.lane.submit(batch);
        }
      }
    }
  }

  /** Frames for some connections of one lane, from one publication. Written by one thread, then read by the lane's. */
  private static final class Batch implements Runnable {
    private final Lane lane;
    private final boolean droppable;
    private PushConnection[] connections = new PushConnection[4];
    private OutboundFrame[] frames = new OutboundFrame[4];
    private int size;

    Batch(Lane lane, boolean droppable) {
      this.lane = lane;
      this.droppable = droppable;
    }

    void add(PushConnection c, OutboundFrame frame) {
      if (size == connections.length) {
        connections = Arrays.copyOf(connections, size * 2);
        frames = Arrays.copyOf(frames, size * 2);
      }
      connections[size] = c;
      frames[size] = frame;
      size++;
    }

    @Override
    public void run() {
      for (int i = 0; i < size; i++) {
        connections[i].sendFramed(frames[i], droppable);
      }
    }
  }

  /** A lane's group of a topic's subscribers, from one publication. Immutable. */
  private record GroupBatch(SubscriptionIndex.Group group, OutboundFrame[] bySlot, boolean droppable) implements Runnable {
    @Override
    public void run() {
      PushConnection[] connections = group.connections();
      int[] slots = group.slots();
      for (int i = 0; i < connections.length; i++) {
        connections[i].sendFramed(bySlot[slots[i]], droppable);
      }
    }
  }

  /** Where some connections' batches run, one after another in submission order. */
  abstract static sealed class Lane permits ThreadLane, LoopLane, InlineLane {
    /** This lane's slot in a {@link Dispatch}. */
    final int index;

    Lane(int index) {
      this.index = index;
    }

    /** Runs {@code batch} after every batch submitted before it; waits while the lane is full. */
    abstract void submit(Runnable batch);

    /** Runs a batch; a bug in it must not stop the lane. */
    static void runSafely(Runnable batch) {
      try {
        batch.run();
      } catch (RuntimeException e) { // sendFramed never throws
        log.error("delivery batch failed", e);
      }
    }
  }

  /** No lanes: a batch runs on the publisher's thread. */
  private static final class InlineLane extends Lane {
    InlineLane() {
      super(0);
    }

    @Override
    void submit(Runnable batch) {
      batch.run();
    }
  }

  /** One of the hub's threads and its bounded queue. */
  private static final class ThreadLane extends Lane implements Runnable {
    private final BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(BATCHES_PER_LANE);
    private final Thread thread;

    ThreadLane(int index) {
      super(index);
      thread = new Thread(this, "pushwire-delivery-" + index);
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    void submit(Runnable batch) {
      if (!thread.isAlive()) { // the hub is closed: deliver here rather than lose it
        batch.run();
        return;
      }
      boolean interrupted = false;
      try {
        while (true) {
          try {
            if (queue.offer(batch, 1, TimeUnit.SECONDS)) {
              return;
            }
            if (!thread.isAlive()) {
              batch.run(); // the hub is closing: deliver here rather than lose it
              return;
            }
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }

    @Override
    public void run() {
      try {
        while (true) {
          runSafely(queue.take());
        }
      } catch (InterruptedException e) {
        Runnable rest;
        while ((rest = queue.poll()) != null) { // closing: what was submitted still goes out
          rest.run();
        }
      }
    }
  }

  /** An engine's loop: batches run there, at most {@link #BATCHES_PER_LANE} waiting. */
  private final class LoopLane extends Lane {
    private final DeliveryLoop loop;
    /** Room for batches not yet run: taken by submit, given back when a batch has run. */
    private final Semaphore room = new Semaphore(BATCHES_PER_LANE);

    LoopLane(DeliveryLoop loop, int index) {
      super(index);
      this.loop = loop;
    }

    @Override
    void submit(Runnable batch) {
      boolean counted = room.tryAcquire();
      if (!counted && !onALoop()) { // a loop never waits for room: over the bound, uncounted (see the class comment)
        room.acquireUninterruptibly();
        counted = true;
      }
      Runnable task = counted ? () -> {
        try {
          runSafely(batch);
        } finally {
          room.release();
        }
      } : () -> runSafely(batch);
      if (!loop.execute(task)) { // the engine stopped: its connections are closing; their failures go through their queues
        if (counted) {
          room.release();
        }
        batch.run();
      }
    }
  }
}
