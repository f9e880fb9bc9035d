package io.pushwire.server.logs;

import io.pushwire.protocol.LogLevel;
import io.pushwire.protocol.LogLine;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An application's running log: lines appended from any thread, each given an offset, kept within
 * a {@link Retention}. {@link RunningLogFeature} streams it to seed-000 clients.
 *
 * <pre>{@code
 * LogStream log = LogStream.create();
 * log.append(LogLevel.INFO, "ChineseSubFinder Version: unknow");
 * log.newRun();                                  // a new scan starts: a new epoch
 * }</pre>
 *
 * <p><b>Offsets.</b> The first line of a stream has offset 0 and every later line the next one;
 * offsets only grow, also across runs, and are never reused by this stream. <b>Epochs.</b> Each
 * run has an epoch, a number that only grows: {@link #newRun()} starts the next. The first epoch
 * is the creation time in epoch milliseconds and each new one is at least the current time, so a
 * restarted server does not reuse an epoch its clients saw from the previous process (whose
 * offsets started at 0 too). A position is meaningful only as (epoch, offset).
 *
 * <p><b>Runs and retention.</b> {@link #newRun()} keeps the earlier run's lines (they age out by
 * retention like any others), so a connected client still receives the end of the run that just
 * finished. "The current lines", what a plain {@code get_running_log} gets, are the retained lines
 * of the current run.
 *
 * <p>Thread-safe: one lock guards all state; {@link #append} is O(1) and never blocks on readers
 * for longer than they copy one batch.
 */
public final class LogStream {

  /**
   * Bytes added to each line's UTF-8 content length when retention and batches are measured: the
   * level, the time and the JSON punctuation of one entry of {@code log_lines}.
   */
  public static final int LINE_OVERHEAD_BYTES = 64;
  /**
   * Longest content kept for one line, in chars. A longer content is cut here and ends with
   * {@code "…"}, so one line can never hold a large share of the retention or a whole batch.
   */
  public static final int MAX_LINE_CHARS = 8 * 1024;
  /** The ring starts this small and doubles, up to {@code maxLines}, as lines arrive. */
  private static final int INITIAL_CAPACITY = 256;

  /** One retained line with the epoch of the run it belongs to and its measured size. Immutable. */
  private record Entry(LogLine line, long epoch, int bytes) {
  }

  private final Retention retention;
  /** The first epoch of this stream; epochs in [firstEpoch, epoch] are this stream's. */
  private final long firstEpoch;

  /** Guards every field below. */
  private final Object lock = new Object();
  /** Guarded by lock. Circular buffer of the retained lines; {@code ring[head]} has offset {@link #firstOffset}. */
  private Entry[] ring;
  /** Guarded by lock. Index in {@link #ring} of the oldest retained line. */
  private int head;
  /** Guarded by lock. Retained lines; at most {@code retention.maxLines()}. */
  private int count;
  /** Guarded by lock. Sum of the retained lines' sizes; within {@code retention.maxBytes()} unless one line is larger. */
  private long bytes;
  /** Guarded by lock. Offset of the oldest retained line, or {@link #nextOffset} when none is. */
  private long firstOffset;
  /** Guarded by lock. Offset the next appended line gets. */
  private long nextOffset;
  /** Guarded by lock. The current run's epoch. */
  private long epoch;
  /** Guarded by lock. Offset of the current run's first line (its lines are [runStart, nextOffset)). */
  private long runStart;

  private LogStream(Retention retention) {
    this.retention = Objects.requireNonNull(retention, "retention");
    this.ring = new Entry[Math.min(INITIAL_CAPACITY, retention.maxLines())];
    this.firstEpoch = System.currentTimeMillis();
    this.epoch = firstEpoch;
  }

  /** A stream with {@link Retention#defaults()}. */
  public static LogStream create() {
    return new LogStream(Retention.defaults());
  }

  /** A stream kept within {@code retention}. */
  public static LogStream create(Retention retention) {
    return new LogStream(retention);
  }

  /** The retention bounds. */
  public Retention retention() {
    return retention;
  }

  /**
   * Appends a line stamped with the current local time (the seed's {@code date_time} has no zone:
   * the JVM's default zone is used).
   *
   * @return the line's offset
   */
  public long append(LogLevel level, String content) {
    return append(new LogLine(level, LocalDateTime.now(), content));
  }

  /**
   * Appends a line to the current run, cutting content longer than {@value #MAX_LINE_CHARS}
   * chars, and drops the oldest lines that no longer fit the retention.
   *
   * @return the line's offset
   */
  public long append(LogLine line) {
    Objects.requireNonNull(line, "line");
    LogLine kept = line.content().length() > MAX_LINE_CHARS
        ? new LogLine(line.level(), line.dateTime(), cut(line.content()))
        : line;
    int size = sizeOf(kept.content());
    synchronized (lock) {
      if (count == ring.length) {
        if (ring.length < retention.maxLines()) {
          grow();
        } else {
          evictOldest();
        }
      }
      ring[(head + count) % ring.length] = new Entry(kept, epoch, size);
      count++;
      bytes += size;
      while (bytes > retention.maxBytes() && count > 1) {
        evictOldest();
      }
      return nextOffset++;
    }
  }

  /**
   * Starts a new run (a new scan): later lines belong to a new, larger epoch. Lines already
   * appended stay until retention drops them.
   *
   * @return the new epoch
   */
  public long newRun() {
    synchronized (lock) {
      epoch = Math.max(epoch + 1, System.currentTimeMillis());
      runStart = nextOffset;
      return epoch;
    }
  }

  /** The current run's epoch. */
  public long epoch() {
    synchronized (lock) {
      return epoch;
    }
  }

  /** The offset the next appended line will get (so also: how many lines were ever appended). */
  public long nextOffset() {
    synchronized (lock) {
      return nextOffset;
    }
  }

  /** The offset of the oldest retained line, or {@link #nextOffset()} when none is retained. */
  public long firstRetainedOffset() {
    synchronized (lock) {
      return firstOffset;
    }
  }

  // ------------------------------------------------------------------ reading, for the feature

  /**
   * Where a reader's stream starts, and how many lines it asked for are already known to be gone.
   *
   * @param offset the first offset to send
   * @param lost lines the reader asked for that it will never get
   */
  record ResumePoint(long offset, long lost) {
  }

  /**
   * Consecutive retained lines of one run.
   *
   * @param index offset of the first line (where the reader stands when there are none)
   * @param epoch the run the lines belong to; the current epoch when there are none
   * @param lines at most the limits asked for, oldest first
   * @param lost lines from the requested offset that had left retention before {@code index}
   * @param more whether lines after these were already there (the reader is catching up)
   */
  record Chunk(long index, long epoch, List<LogLine> lines, long lost, boolean more) {
  }

  /**
   * Resolves a {@code get_running_log}. Without both {@code fromIndex} and {@code epoch}: the
   * current run's retained lines, nothing reported lost. With this run's epoch: from
   * {@code fromIndex} (clamped into the run), what left retention counted as lost. With another
   * epoch: the current run from its first retained line; lost counts every line after
   * {@code fromIndex} the reader did not get when the epoch is an earlier run of this stream
   * (offsets are shared by all runs), otherwise (an epoch from another process, such as the server
   * before a restart) only the current run's lines that already left retention.
   */
  ResumePoint resumePoint(Long fromIndex, Long fromEpoch) {
    synchronized (lock) {
      long currentFirst = Math.max(runStart, firstOffset);
      if (fromIndex == null || fromEpoch == null) {
        return new ResumePoint(currentFirst, 0);
      }
      if (fromEpoch == epoch) {
        long from = Math.min(Math.max(fromIndex, runStart), nextOffset);
        long start = Math.max(from, firstOffset);
        return new ResumePoint(start, start - from);
      }
      if (fromEpoch >= firstEpoch && fromEpoch < epoch && fromIndex >= 0 && fromIndex <= runStart) {
        return new ResumePoint(currentFirst, currentFirst - fromIndex);
      }
      return new ResumePoint(currentFirst, currentFirst - runStart);
    }
  }

  /**
   * Reads from offset {@code from} (at most {@link #nextOffset()}): at most {@code maxLines} lines
   * and, beyond the first line, at most {@code maxBytes}, all of one run.
   */
  Chunk read(long from, int maxLines, long maxBytes) {
    synchronized (lock) {
      long start = Math.min(Math.max(from, firstOffset), nextOffset);
      long lost = Math.max(0, start - from);
      if (start == nextOffset) {
        return new Chunk(start, epoch, List.of(), lost, false);
      }
      long runEpoch = entryAt(start).epoch();
      List<LogLine> lines = new ArrayList<>(Math.min(maxLines, (int) Math.min(Integer.MAX_VALUE, nextOffset - start)));
      long size = 0;
      for (long offset = start; offset < nextOffset && lines.size() < maxLines; offset++) {
        Entry entry = entryAt(offset);
        if (entry.epoch() != runEpoch || (!lines.isEmpty() && size + entry.bytes() > maxBytes)) {
          break;
        }
        lines.add(entry.line());
        size += entry.bytes();
      }
      return new Chunk(start, runEpoch, lines, lost, start + lines.size() < nextOffset);
    }
  }

  // ------------------------------------------------------------------ ring

  /** Caller holds lock; {@code offset} is retained. */
  private Entry entryAt(long offset) {
    return ring[(int) ((head + (offset - firstOffset)) % ring.length)];
  }

  /** Caller holds lock. */
  private void evictOldest() {
    Entry oldest = ring[head];
    ring[head] = null;
    head = (head + 1) % ring.length;
    count--;
    bytes -= oldest.bytes();
    firstOffset++;
  }

  /** Caller holds lock; the ring is full and smaller than the retention allows. */
  private void grow() {
    Entry[] larger = new Entry[(int) Math.min(retention.maxLines(), 2L * ring.length)];
    for (int i = 0; i < count; i++) {
      larger[i] = ring[(head + i) % ring.length];
    }
    ring = larger;
    head = 0;
  }

  private static String cut(String content) {
    int end = MAX_LINE_CHARS - 1;
    if (Character.isHighSurrogate(content.charAt(end - 1))) {
      end--;
    }
    return content.substring(0, end) + "…";
  }

  /** UTF-8 length of {@code content} plus the per-line overhead, without encoding it. */
  static int sizeOf(String content) {
    int size = LINE_OVERHEAD_BYTES;
    for (int i = 0; i < content.length(); i++) {
      char c = content.charAt(i);
      if (c < 0x80) {
        size += 1;
      } else if (c < 0x800) {
        size += 2;
      } else if (Character.isHighSurrogate(c)) {
        size += 4; // with its low surrogate, one 4-byte code point
        i++;
      } else {
        size += 3;
      }
    }
    return size;
  }
}
