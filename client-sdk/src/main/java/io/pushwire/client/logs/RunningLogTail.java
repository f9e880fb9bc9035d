package io.pushwire.client.logs;

import io.pushwire.client.Connection;
import io.pushwire.client.PushClient;
import io.pushwire.client.Received;
import io.pushwire.protocol.RunningLog;

/**
 * One {@link LogTail}: its position, its listener, and the request its batches answer: which
 * {@code get_running_log} id, sent on which connection. {@link LogTailer} decides when to ask and
 * when to acknowledge; this class keeps the state of one tail and delivers its lines.
 */
final class RunningLogTail {

  /** The client's logger, as documented in {@code docs/client.md}. */
  private static final System.Logger LOG = System.getLogger(PushClient.class.getName());

  private final LogCursor cursor = new LogCursor();
  private final RunningLogListener listener;
  /** Set by {@code LogTail.close()} from any thread; read before every listener call and by the tailer. */
  private volatile boolean closed;
  /** The connection the current request went out on, or null before the first; guarded by the tailer's lock. */
  private Connection requestedOn;
  /** The id of that request, which its batches carry; guarded by the tailer's lock. */
  private String requestId;

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

  /** Caller holds the tailer's lock. */
  Connection requestedOn() {
    return requestedOn;
  }

  /** Records the request {@code id} just sent on {@code on}. Caller holds the tailer's lock. */
  void requested(Connection on, String id) {
    requestedOn = on;
    requestId = id;
  }

  /**
   * Whether {@code batch} belongs to this tail's current stream. It must come on the connection
   * of the current request and carry that request's id. A batch without an id is taken as this
   * tail's: a server may leave the id out. Batches of an earlier request are leftovers of a stream
   * that the request replaced. Caller holds the tailer's lock.
   */
  boolean answers(Received<RunningLog> batch) {
    return batch.connection() == requestedOn && (batch.id() == null || batch.id().equals(requestId));
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
