package io.pushwire.protocol.codec;

/**
 * How the codec writes envelope timestamps and other instants that are not fixed to ISO-8601 by
 * the seeds ({@code timestamp}, {@code server_time}). It reads both forms whatever is configured.
 */
public enum TimestampFormat {
  /** ISO-8601 strings, {@code "2024-01-01T12:00:00Z"} (seed 001). */
  ISO_8601,
  /** Epoch milliseconds, {@code 1677824400000} (seed 003). */
  EPOCH_MILLIS
}
