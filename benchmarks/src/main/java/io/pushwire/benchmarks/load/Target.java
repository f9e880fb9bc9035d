package io.pushwire.benchmarks.load;

import java.io.IOException;

/**
 * A server under test, as the forked server process drives it: start on a port, push ticks to
 * every subscriber, count connections, restart. Two implementations: {@link PushwireTarget} (a
 * {@code PushServer} and its {@code Hub}) and {@link BaselineTarget} (a plain JSR-356 endpoint on
 * the same Tyrus + Grizzly stack that broadcasts one string to a set of sessions). Called by one
 * thread, the server process's command loop.
 */
interface Target {

  /** Its name in the report: {@code pushwire} or {@code baseline}. */
  String name();

  /**
   * Starts serving on 127.0.0.1.
   *
   * @param port the port, or 0 for a free one (a restart passes the port it had)
   * @throws IOException if the port cannot be bound
   */
  void start(int port) throws IOException;

  /** The port bound, once started. */
  int port();

  /**
   * The request target a client opens, without its index: the harness appends the client's
   * number, so this ends in {@code client_id=}. A client is subscribed to {@link Ticks#TOPIC}
   * and receives an {@code ack} frame once it is.
   */
  String requestTargetPrefix();

  /** Pushes one tick to every subscriber; the same frame to all of them. */
  void publish(long seq, long sentNanos);

  /** Connections the server holds now. */
  int connections();

  /** Sends that failed so far (a send handler reporting an error, or a connection closed as too slow). */
  long failedSends();

  /**
   * Stops serving: every client gets close code 1001 (going away), then the listener stops.
   * {@link #start} may be called again.
   */
  void stop();
}
