package io.pushwire.client.logs;

import io.pushwire.client.ConnectionState;
import io.pushwire.client.PushClient;
import io.pushwire.client.Registration;
import io.pushwire.protocol.CommonReply;
import io.pushwire.protocol.GetRunningLog;
import io.pushwire.protocol.LogBatch;
import io.pushwire.protocol.LogLine;
import io.pushwire.protocol.RunningLog;
import java.util.List;

/**
 * Follows a seed-000 running log across reconnects: on every open connection it sends
 * {@code get_running_log}, with {@code from_index} and {@code epoch} once it has read a batch, and
 * acknowledges every {@code running_log} after handing its lines to the listener. Each line is
 * delivered once; missing lines and new runs are reported as {@link LogGap}s (see
 * {@code docs/logs.md} §3).
 *
 * <p>Stand-in, replaced by {@code feature/client-features}: only {@link #nextOffset()},
 * {@link #epoch()}, {@link #close()} and {@code PushClient.tailRunningLog} are the API. Create
 * one with {@code PushClient.tailRunningLog}, not with the constructor.
 */
public final class LogTail implements AutoCloseable {

  private final PushClient client;
  private final RunningLogListener listener;
  private final Registration batches;
  private final Registration states;
  /** Written only on the callback executor (one batch at a time); read by any thread. */
  private volatile Long epoch;
  /** The offset of the next line wanted; written only on the callback executor. */
  private volatile long nextOffset;
  /** Set once by {@link #close()}; later batches are neither delivered nor acknowledged. */
  private volatile boolean closed;

  /** Use {@code PushClient.tailRunningLog}. */
  public LogTail(PushClient client, RunningLogListener listener) {
    this.client = client;
    this.listener = listener;
    this.batches = client.on(RunningLog.class, this::onBatch);
    this.states = client.onStateChange(change -> {
      if (change.state() == ConnectionState.OPEN) {
        ask();
      }
    });
    if (client.state() == ConnectionState.OPEN) {
      ask();
    }
  }

  /** The offset of the next line this tail wants. */
  public long nextOffset() {
    return nextOffset;
  }

  /** The epoch of the last batch read, or {@code null} before the first. */
  public Long epoch() {
    return epoch;
  }

  /** Stops following: no more deliveries or acknowledgements. The client stays connected. */
  @Override
  public void close() {
    closed = true;
    batches.cancel();
    states.cancel();
  }

  private void ask() {
    if (closed) {
      return;
    }
    Long known = epoch;
    // A send that fails means the connection is gone; the next OPEN asks again.
    client.send(known == null ? GetRunningLog.current() : GetRunningLog.resumeFrom(nextOffset, known));
  }

  private void onBatch(RunningLog message) {
    if (closed) {
      return;
    }
    LogBatch batch = message.log();
    boolean newRun = epoch != null && batch.epoch() != null && !batch.epoch().equals(epoch);
    List<LogLine> lines = batch.logLines();
    long first = batch.index();
    if (!newRun && epoch != null && first < nextOffset) { // already delivered: never twice
      lines = lines.subList((int) Math.min(lines.size(), nextOffset - first), lines.size());
      first = nextOffset;
    }
    long lost = batch.lost() == null ? 0 : batch.lost();
    try {
      if (newRun || lost > 0) {
        listener.onGap(new LogGap(lost, newRun));
      }
      if (!lines.isEmpty()) {
        listener.onLines(lines);
      }
    } finally {
      if (batch.epoch() != null) {
        epoch = batch.epoch();
      }
      nextOffset = Math.max(newRun ? 0 : nextOffset, first + lines.size());
      client.send(CommonReply.OK);
    }
  }
}
