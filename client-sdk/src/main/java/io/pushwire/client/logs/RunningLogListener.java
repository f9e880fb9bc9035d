package io.pushwire.client.logs;

import io.pushwire.protocol.LogLine;
import java.util.List;

/**
 * Receives a running log's lines in order, each exactly once across reconnects, or an explicit
 * gap. Called on the client's callback executor, one call at a time in the order the lines were
 * logged; a gap is reported before the lines that follow it. Nothing is delivered after
 * {@link LogTail#close()} returns.
 */
public interface RunningLogListener {

  /**
   * Lines that follow the previous ones (or a {@linkplain #onGap gap}), oldest first; never empty.
   * An exception thrown here is logged; the batch still counts as delivered and is acknowledged.
   */
  void onLines(List<LogLine> lines);

  /** Lines the client asked for and will never get; called before the lines that follow them. */
  default void onGap(LogGap gap) {
  }
}
