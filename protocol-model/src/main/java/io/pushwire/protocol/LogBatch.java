package io.pushwire.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * The {@code log} object of a {@code running_log} message (seed 000).
 *
 * @param index the offset of the first line in {@code logLines}; the seed tells clients to ignore
 *     it, and they still may
 * @param logLines the lines, oldest first
 * @param epoch Pushwire extension: the log epoch (a new run of the producer starts a new one);
 *     {@code null} when not written
 * @param lost Pushwire extension: how many lines the client asked for had already left retention
 *     before this batch, an explicit gap marker; {@code null} or 0 when none
 */
public record LogBatch(
    @JsonProperty(value = "index", required = true) long index,
    @JsonProperty(value = "log_lines", required = true) List<LogLine> logLines,
    @JsonProperty("epoch") Long epoch,
    @JsonProperty("lost") Long lost) {

  public LogBatch {
    logLines = List.copyOf(Objects.requireNonNull(logLines, "logLines"));
  }

  /** A batch in the seed's plain shape, without extension fields. */
  public LogBatch(long index, List<LogLine> logLines) {
    this(index, logLines, null, null);
  }
}
