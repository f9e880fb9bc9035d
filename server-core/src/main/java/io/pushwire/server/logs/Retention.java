package io.pushwire.server.logs;

/**
 * How much of a {@link LogStream} is kept: at most {@code maxLines} lines and at most
 * {@code maxBytes} bytes, whichever is reached first. When an append passes either bound the
 * oldest lines are dropped until both hold again (the newest line is always kept). A reader that
 * asked for a dropped line gets what remains and an explicit count of what it missed
 * ({@code log.lost}), never a silent gap.
 *
 * <p>A line's size is the UTF-8 length of its content plus {@value LogStream#LINE_OVERHEAD_BYTES}
 * bytes for its level, time and JSON punctuation: roughly its size on the wire.
 *
 * @param maxLines lines kept, at least 1
 * @param maxBytes bytes kept, at least {@value LogStream#LINE_OVERHEAD_BYTES}
 */
public record Retention(int maxLines, long maxBytes) {

  /** Default lines kept: a scan's worth of log for a UI that opens late. */
  public static final int DEFAULT_MAX_LINES = 10_000;
  /** Default bytes kept (4 MiB), so a burst of very long lines cannot hold more heap than this. */
  public static final long DEFAULT_MAX_BYTES = 4L * 1024 * 1024;

  public Retention {
    if (maxLines < 1) {
      throw new IllegalArgumentException("maxLines must be >= 1, got " + maxLines);
    }
    if (maxBytes < LogStream.LINE_OVERHEAD_BYTES) {
      throw new IllegalArgumentException("maxBytes must be >= " + LogStream.LINE_OVERHEAD_BYTES + ", got " + maxBytes);
    }
  }

  /** {@value #DEFAULT_MAX_LINES} lines, 4 MiB. */
  public static Retention defaults() {
    return new Retention(DEFAULT_MAX_LINES, DEFAULT_MAX_BYTES);
  }
}
