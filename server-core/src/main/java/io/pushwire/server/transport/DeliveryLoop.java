package io.pushwire.server.transport;

/**
 * The thread an engine writes a connection's socket on (a Netty event loop), offered to the hub
 * through {@link Transport#deliveryLoop()} so that the hub queues a publication's frames for that
 * connection there instead of on one of its own delivery threads. Each publication then takes
 * one thread hop less, and the engine can write all of a loop's recipients of it in one pass and
 * flush each channel once, as a plain Netty broadcast does.
 *
 * <p>The hub hands a loop at most a bounded number of batches that have not run yet, and never
 * waits for room on a loop's thread (see {@link #inLoop}).
 */
public interface DeliveryLoop {

  /**
   * Runs {@code batch} on the loop, after every batch handed to it before; never blocks and never
   * runs it on the calling thread.
   *
   * @return false when the loop has stopped: {@code batch} has not run and never will
   */
  boolean execute(Runnable batch);

  /** Whether the calling thread is this loop's thread. */
  boolean inLoop();
}
