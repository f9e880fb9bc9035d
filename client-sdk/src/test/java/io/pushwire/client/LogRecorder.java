package io.pushwire.client;

import io.pushwire.client.logs.LogGap;
import io.pushwire.client.logs.RunningLogListener;
import io.pushwire.protocol.LogLine;
import java.util.ArrayList;
import java.util.List;

/**
 * Records what a running-log listener saw, in order: each line's content, and each gap as
 * {@code gap:<lost>:<newRun>}. Thread-safe.
 */
class LogRecorder implements RunningLogListener {

  /** Lines and gaps in delivery order; guarded by this. */
  private final List<String> events = new ArrayList<>();
  /** Guarded by this. */
  private int lines;

  @Override
  public synchronized void onLines(List<LogLine> batch) {
    batch.forEach(line -> events.add(line.content()));
    lines += batch.size();
  }

  @Override
  public synchronized void onGap(LogGap gap) {
    events.add(gap(gap));
  }

  static String gap(LogGap gap) {
    return "gap:" + gap.lost() + ":" + gap.newRun();
  }

  synchronized List<String> events() {
    return List.copyOf(events);
  }

  synchronized List<String> gaps() {
    return events.stream().filter(e -> e.startsWith("gap:")).toList();
  }

  synchronized int lineCount() {
    return lines;
  }
}
