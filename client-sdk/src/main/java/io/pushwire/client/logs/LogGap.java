package io.pushwire.client.logs;

/**
 * Where a followed running log has a hole: lines the client will never get, or the start of a
 * new run (the producer called {@code newRun()}, or the server restarted).
 *
 * @param lost how many lines are missing, as far as the server can count them (0 when it cannot)
 * @param newRun whether the next lines belong to a new run, with its own epoch
 */
public record LogGap(long lost, boolean newRun) {
}
