package io.pushwire.client.logs;

import io.pushwire.protocol.GetRunningLog;
import io.pushwire.protocol.LogBatch;
import io.pushwire.protocol.LogLine;
import java.util.List;
import java.util.Objects;

/**
 * A reader's position in a running log, and the client half of its resume protocol
 * ({@code docs/logs.md} §3): which {@code get_running_log} to send on a new connection, and what
 * each {@code running_log} batch means for the reader: which of its lines are new, and whether a
 * gap comes first. {@link LogTailer} keeps one per tail; it is public for clients that speak the
 * protocol over a transport of their own.
 *
 * <p>The position is (epoch, next offset): the run the last applied batch belonged to, and the
 * offset just after its last line. Rules applied to each batch, in this order:
 * <ol>
 *   <li>the first batch sets the position; it answers a plain request, which asks for no line in
 *       particular, so it has no gap;</li>
 *   <li>a batch of another epoch is a new run: a gap with {@code newRun}, counting the batch's
 *       {@code lost} (the server's count: the reader cannot know what a run it never saw held),
 *       then all its lines;</li>
 *   <li>in the same run, a batch starting beyond the position is a gap of exactly the lines in
 *       between. Its {@code lost} says the same thing when the server is right; a {@code lost}
 *       that counts only lines before the position (already applied) is no gap for this reader;</li>
 *   <li>lines before the position were already applied and are dropped, so none is ever applied
 *       twice, whatever the server sends.</li>
 * </ol>
 *
 * <p>Threads: {@link #request()} and {@link #apply(LogBatch)} must be called by one thread at a
 * time ({@link LogTailer} calls them under its lock); {@link #nextOffset()} and {@link #epoch()}
 * may be read from any thread.
 */
public final class LogCursor {

  /** Written by the applying thread only; read by any. Offset after the last applied line. */
  private volatile long next;
  /** Written by the applying thread only; read by any. The run of the last applied batch, or null. */
  private volatile Long epoch;
  /** Written by the applying thread only; read by any. Whether any batch was applied. */
  private volatile boolean positioned;

  /**
   * What one batch means for the reader.
   *
   * @param gap the gap before {@code lines}, or {@code null} when there is none
   * @param lines the batch's lines not applied before, oldest first; may be empty
   */
  public record Step(LogGap gap, List<LogLine> lines) {

    public Step {
      lines = List.copyOf(Objects.requireNonNull(lines, "lines"));
    }
  }

  /** The offset of the next line wanted: after the last applied line, 0 before the first batch. */
  public long nextOffset() {
    return next;
  }

  /** The epoch of the last applied batch, or {@code null} before one arrived (or if the server sends none). */
  public Long epoch() {
    return epoch;
  }

  /**
   * The request to send on a new connection: a resume from (next offset, epoch) once both are
   * known, otherwise the plain {@code get_running_log}, which starts at the current run.
   */
  public GetRunningLog request() {
    Long known = epoch;
    return positioned && known != null ? GetRunningLog.resumeFrom(next, known) : GetRunningLog.current();
  }

  /** Applies {@code batch}: moves the position past it and says what the reader should see. */
  public Step apply(LogBatch batch) {
    Objects.requireNonNull(batch, "batch");
    List<LogLine> lines = batch.logLines();
    long index = batch.index();
    long end = index + lines.size();
    Long known = epoch;
    LogGap gap = null;
    if (!positioned) {
      next = end;
    } else if (batch.epoch() != null && known != null && !batch.epoch().equals(known)) {
      gap = new LogGap(batch.lost() == null ? 0 : Math.max(0, batch.lost()), true);
      next = end;
    } else {
      gap = index > next ? new LogGap(index - next, false) : null;
      if (index < next) {
        lines = lines.subList((int) Math.min(lines.size(), next - index), lines.size());
      }
      next = Math.max(next, end);
    }
    if (batch.epoch() != null) {
      epoch = batch.epoch();
    }
    positioned = true;
    return new Step(gap, lines);
  }
}
