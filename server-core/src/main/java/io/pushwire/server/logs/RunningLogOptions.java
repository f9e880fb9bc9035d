package io.pushwire.server.logs;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link RunningLogFeature} paces and bounds what it sends. Immutable; start from
 * {@link #defaults()} and change what you need with the {@code with...} methods.
 *
 * @param batchInterval how often new lines are pushed to a client that has acknowledged its last
 *     batch (seed 000 says every 5 s). A client that is catching up (its last batch was cut short
 *     by a limit below) gets its next batch as soon as it acknowledges
 * @param maxBatchLines most lines in one {@code running_log}, the first reply included
 * @param maxBatchBytes most bytes in one {@code running_log}, measured as {@link Retention} does;
 *     a batch always holds at least one line. Keep it well below {@code Limits.outboundQueueChars}
 * @param ackTimeout how long a batch may stay unacknowledged; then the connection is closed with
 *     {@code 4003} ({@code CloseCode.ACK_TIMEOUT}) and the client should reconnect and resume
 */
public record RunningLogOptions(Duration batchInterval, int maxBatchLines, long maxBatchBytes, Duration ackTimeout) {

  /** Seed 000's push period. */
  public static final Duration DEFAULT_BATCH_INTERVAL = Duration.ofSeconds(5);
  /** Default lines per batch: small enough for a slow browser, large enough to catch up quickly. */
  public static final int DEFAULT_MAX_BATCH_LINES = 500;
  /** Default bytes per batch (512 KiB), an eighth of the default outbound queue. */
  public static final long DEFAULT_MAX_BATCH_BYTES = 512L * 1024;
  /** Default ack timeout: generous, since a seed client acknowledges as soon as it has read. */
  public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(60);

  public RunningLogOptions {
    positive("batchInterval", batchInterval);
    positive("ackTimeout", ackTimeout);
    if (maxBatchLines < 1) {
      throw new IllegalArgumentException("maxBatchLines must be >= 1, got " + maxBatchLines);
    }
    if (maxBatchBytes < 1) {
      throw new IllegalArgumentException("maxBatchBytes must be >= 1, got " + maxBatchBytes);
    }
  }

  /** 5 s batches of at most 500 lines and 512 KiB; 60 s ack timeout. */
  public static RunningLogOptions defaults() {
    return new RunningLogOptions(DEFAULT_BATCH_INTERVAL, DEFAULT_MAX_BATCH_LINES, DEFAULT_MAX_BATCH_BYTES,
        DEFAULT_ACK_TIMEOUT);
  }

  /** These options with another batch interval. */
  public RunningLogOptions withBatchInterval(Duration interval) {
    return new RunningLogOptions(interval, maxBatchLines, maxBatchBytes, ackTimeout);
  }

  /** These options with other batch bounds. */
  public RunningLogOptions withMaxBatch(int lines, long bytes) {
    return new RunningLogOptions(batchInterval, lines, bytes, ackTimeout);
  }

  /** These options with another ack timeout. */
  public RunningLogOptions withAckTimeout(Duration timeout) {
    return new RunningLogOptions(batchInterval, maxBatchLines, maxBatchBytes, timeout);
  }

  private static void positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
  }
}
