package io.pushwire.client.logs;

/**
 * Lines the client asked for and will never get, reported by {@link RunningLogListener#onGap}
 * before the lines that follow the gap.
 *
 * @param lost how many lines are missing, as far as anyone can count them: lines that left the
 *     server's retention before the client read them (it acknowledged too slowly, or was away too
 *     long). With {@code newRun} it may be 0 although lines are missing: a restarted server cannot
 *     count the lines of its previous process that the client never saw
 * @param newRun whether the log started a new run (a new epoch: the application called
 *     {@code newRun()}, or the server restarted); the lines that follow belong to that run
 */
public record LogGap(long lost, boolean newRun) {

  public LogGap {
    if (lost < 0) {
      throw new IllegalArgumentException("lost must be >= 0, got " + lost);
    }
  }
}
