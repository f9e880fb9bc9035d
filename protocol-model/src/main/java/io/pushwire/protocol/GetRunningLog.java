package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code get_running_log} (seed 000): asks for the current running log and starts the pushes.
 *
 * <p>Both fields are Pushwire extensions that a client written to the seed never sends: a client
 * that reconnects sends the offset it wants next and the epoch it read, to resume without losing
 * or repeating a line.
 *
 * @param fromIndex the offset of the first line wanted, or {@code null} for "the current lines"
 * @param epoch the log epoch {@code fromIndex} belongs to, or {@code null}
 */
public record GetRunningLog(
    @JsonProperty("from_index") Long fromIndex,
    @JsonProperty("epoch") Long epoch) implements ClientMessage {

  /** The seed's plain form: {@code {"type":"get_running_log"}}. */
  public static GetRunningLog current() {
    return new GetRunningLog(null, null);
  }

  /** Resume from {@code fromIndex} within {@code epoch}. */
  public static GetRunningLog resumeFrom(long fromIndex, long epoch) {
    return new GetRunningLog(fromIndex, epoch);
  }
}
