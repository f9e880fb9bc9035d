package io.pushwire.benchmarks.soak;

import java.io.IOException;

/**
 * The soak test's clients as the run drives them: open connections, cycle some, and count what
 * arrived. {@link SoakFleet} runs them in this JVM; {@link ChildFleet} runs a {@code SoakFleet} in
 * a child JVM, so that the server's process holds only its own descriptors (10,000 connections
 * fit under a hard limit of 20,000) and its heap figures hold only the server.
 */
interface Fleet extends AutoCloseable {

  /** Opens {@code n} more connections. */
  void connect(int n);

  /** Closes {@code n} random upgraded connections with a close frame and opens as many new ones. */
  void cycle(int n);

  /** Upgraded, subscribed connections now open. */
  int open();

  /** Text frames received since the fleet started. */
  long frames();

  /** Connections closed and replaced since the fleet started. */
  long cycles();

  /** Connections that failed (dropped by the server, refused, or broken) since the fleet started. */
  long failures();

  /** The last failure's reason, or {@code "none"}. */
  String lastFailure();

  @Override
  void close() throws IOException;
}
