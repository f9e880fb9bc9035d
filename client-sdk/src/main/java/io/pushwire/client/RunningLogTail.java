package io.pushwire.client;

import io.pushwire.client.logs.LogCursor;
import io.pushwire.client.logs.RunningLogListener;

/**
 * The client's side of one {@link io.pushwire.client.logs.LogTail}: its position, its listener,
 * and which request on which connection its batches answer. The connection loop sends the
 * request on every new connection, applies each batch to the cursor, has the listener called on
 * the callback executor, and only then acknowledges the batch, on the connection it came from.
 * So at most one batch per tail waits for the listener: the server sends the next one only after
 * the acknowledgement, and a slow listener slows the stream instead of filling memory.
 */
final class RunningLogTail {

  private static final System.Logger LOG = System.getLogger(PushClient.class.getName());

  private final LogCursor cursor = new LogCursor();
  private final RunningLogListener listener;
  /** Set by {@code LogTail.close()} from any thread; read before every listener call and by the loop. */
  private volatile boolean closed;
  /** The connection ({@code ConnectionLoop.Link}) the current request went out on, or null; loop thread only. */
  Object link;
  /** The id of that request; its batches carry it. Loop thread only. */
  String requestId;

  RunningLogTail(RunningLogListener listener) {
    this.listener = listener;
  }

  LogCursor cursor() {
    return cursor;
  }

  boolean closed() {
    return closed;
  }

  void close() {
    closed = true;
  }

  /** Runs on the callback executor: the gap first, then the new lines; nothing once closed. */
  void deliver(LogCursor.Step step) {
    if (step.gap() != null && !closed) {
      try {
        listener.onGap(step.gap());
      } catch (Exception | AssertionError e) {
        LOG.log(System.Logger.Level.WARNING, "running log listener threw on a gap", e);
      }
    }
    if (!step.lines().isEmpty() && !closed) {
      try {
        listener.onLines(step.lines());
      } catch (Exception | AssertionError e) {
        LOG.log(System.Logger.Level.WARNING, "running log listener threw", e);
      }
    }
  }
}
