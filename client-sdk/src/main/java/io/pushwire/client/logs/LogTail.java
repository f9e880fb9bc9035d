package io.pushwire.client.logs;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running tail of the server's running log, from
 * {@link io.pushwire.client.PushClient#tailRunningLog}: it follows the log across reconnects
 * and server restarts, delivering every line once, in order, or an explicit {@link LogGap}.
 * {@link #close()} stops it: its listener hears nothing more, and the tail is not resumed after a
 * reconnect any more. Thread-safe.
 */
public final class LogTail implements AutoCloseable {

  private final LogCursor cursor;
  private final Runnable stop;
  /** Set once by the first {@link #close()}; any thread. */
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * A tail reading its position from {@code cursor}, which runs {@code stop} once when closed.
   * {@link LogTailer} makes the tails it hands out; applications have no need to call this,
   * except to fake a tail in tests of their own code.
   */
  public LogTail(LogCursor cursor, Runnable stop) {
    this.cursor = Objects.requireNonNull(cursor, "cursor");
    this.stop = Objects.requireNonNull(stop, "stop");
  }

  /**
   * The offset of the next line the tail will ask for: after the last line of the last batch
   * handed to the listener (or being handed to it). 0 before the first batch.
   */
  public long nextOffset() {
    return cursor.nextOffset();
  }

  /** The epoch (run) of the last batch received, or {@code null} before the first one. */
  public Long epoch() {
    return cursor.epoch();
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed.get();
  }

  /** Stops the tail: nothing is delivered after this returns, and it is not resumed. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      stop.run();
    }
  }
}
