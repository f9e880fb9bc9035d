package io.pushwire.client.logs;

import io.pushwire.protocol.LogLine;
import java.util.List;

/**
 * Receives a running log (seed 000) followed by {@link LogTail}, on the client's callback
 * executor, in order: every line exactly once, or a {@link LogGap} where lines are missing.
 */
@FunctionalInterface
public interface RunningLogListener {

  /** The next lines, oldest first; never empty. */
  void onLines(List<LogLine> lines);

  /** Lines are missing before the next {@link #onLines} call, or a new run of the log begins. */
  default void onGap(LogGap gap) {
  }
}
