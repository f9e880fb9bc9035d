package io.pushwire.server;

import io.pushwire.server.transport.OutboundFrame;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where publications are handed to their recipients' queues: a fixed set of lanes, each one
 * thread with a bounded queue of batches, and every connection always in the same lane (by its
 * id). The thread that publishes only finds the recipients and frames the publication; the lanes
 * queue the frames and start the writes, on every core at once.
 *
 * <p>Order: a connection's frames from publications are queued in the order their batches were
 * submitted, because one thread serves its lane in submission order; the broker submits each
 * channel's publications in offset order, so every subscriber receives a topic's publications in
 * publication order, and different topics and different recipients of one large fan-out go in
 * parallel.
 *
 * <p>Bound: each lane holds at most {@link #BATCHES_PER_LANE} batches; a publisher that finds its
 * lane full waits for room (back-pressure on publishers, never an unbounded heap). With no lanes
 * ({@code threads == 0}), a batch is queued on the publisher's thread, as a single-core or embedded
 * deployment may prefer. Thread-safe.
 */
final class DeliveryLanes implements AutoCloseable {

  /** Batches waiting per lane, at most. */
  static final int BATCHES_PER_LANE = 8_192;

  private static final Logger log = LoggerFactory.getLogger(DeliveryLanes.class);

  private final Lane[] lanes;

  DeliveryLanes(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("delivery threads must be >= 0, got " + threads);
    }
    lanes = new Lane[threads];
    for (int i = 0; i < threads; i++) {
      lanes[i] = new Lane(i);
    }
  }

  /** A new batch collector for one publication; used by the one thread that delivers it. */
  Dispatch dispatch(boolean droppable) {
    return new Dispatch(droppable);
  }

  /** How many lanes; 0 when batches are queued on the publisher's thread. */
  int size() {
    return lanes.length;
  }

  @Override
  public void close() {
    for (Lane lane : lanes) {
      lane.thread.interrupt();
    }
  }

  /** One publication's frames per lane. Not thread-safe: filled and submitted by one thread. */
  final class Dispatch {
    private final boolean droppable;
    /** One batch per lane, made on first need; a single batch when there are no lanes. */
    private final Batch[] batches = new Batch[Math.max(1, lanes.length)];

    private Dispatch(boolean droppable) {
      this.droppable = droppable;
    }

    /** Adds {@code frame} for {@code c}; a null frame (one its framing cannot carry) sends nothing. */
    void add(PushConnection c, OutboundFrame frame) {
      if (frame == null) {
        return;
      }
      int lane = lanes.length == 0 ? 0 : Math.floorMod(c.id().hashCode(), lanes.length);
      Batch batch = batches[lane];
      if (batch == null) {
        batch = new Batch(droppable);
        batches[lane] = batch;
      }
      batch.add(c, frame);
    }

    /** Hands every batch to its lane (or queues it here, with no lanes). */
    void submit() {
      if (lanes.length == 0) {
        if (batches[0] != null) {
          batches[0].run();
        }
        return;
      }
      for (int i = 0; i < batches.length; i++) {
        if (batches[i] != null) {
          lanes[i].submit(batches[i]);
        }
      }
    }
  }

  /** Frames for some connections of one lane, from one publication. Written by one thread, then read by the lane's. */
  private static final class Batch implements Runnable {
    private final boolean droppable;
    private PushConnection[] connections = new PushConnection[4];
    private OutboundFrame[] frames = new OutboundFrame[4];
    private int size;

    Batch(boolean droppable) {
      this.droppable = droppable;
    }

    void add(PushConnection c, OutboundFrame frame) {
      if (size == connections.length) {
        connections = java.util.Arrays.copyOf(connections, size * 2);
        frames = java.util.Arrays.copyOf(frames, size * 2);
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

  /** One thread and its bounded queue. */
  private static final class Lane implements Runnable {
    private final BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(BATCHES_PER_LANE);
    private final Thread thread;

    Lane(int index) {
      thread = new Thread(this, "pushwire-delivery-" + index);
      thread.setDaemon(true);
      thread.start();
    }

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
          Runnable batch = queue.take();
          try {
            batch.run();
          } catch (RuntimeException e) { // sendFramed never throws; a bug must not stop the lane
            log.error("delivery batch failed", e);
          }
        }
      } catch (InterruptedException e) {
        Runnable rest;
        while ((rest = queue.poll()) != null) { // closing: what was submitted still goes out
          rest.run();
        }
      }
    }
  }
}
