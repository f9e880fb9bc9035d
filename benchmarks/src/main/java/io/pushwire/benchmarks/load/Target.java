package io.pushwire.benchmarks.load;

import java.io.IOException;

/**
 * A server under test that runs in a JVM server process ({@link ServerProcess}): start on a port,
 * push ticks to every subscriber, count connections, restart. {@link Targets} lists them all
 * (Pushwire, the plain-Netty anchor, raw Tyrus, Jetty, the peers), including those that run
 * outside a JVM. Called by one thread, the server process's command loop.
 */
interface Target {

  /** Its name in the report and on the command line, as in {@link Targets}. */
  String name();

  /** What the harness client speaks to it: plain WebSocket frames unless it is a Socket.IO server. */
  default ClientFleet.Dialect dialect() {
    return ClientFleet.Dialect.PLAIN;
  }

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
