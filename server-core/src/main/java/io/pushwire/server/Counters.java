package io.pushwire.server;

import java.util.concurrent.atomic.LongAdder;

/**
 * The hub's counters, which {@link Hub#stats()} reports. Each is a {@link LongAdder}, so the hot
 * paths that count (every frame in and out) do not contend; any thread may add, any may read.
 */
final class Counters {
  /** Connections registered (see {@link ServerStats#connectionsOpened()}). */
  final LongAdder opened = new LongAdder();
  /** Inbound text frames. */
  final LongAdder framesIn = new LongAdder();
  /** Frames queued for sending. */
  final LongAdder framesOut = new LongAdder();
  /** Droppable frames dropped at a full queue. */
  final LongAdder dropped = new LongAdder();
  /** Connections closed with 4000 (slow consumer). */
  final LongAdder closedSlow = new LongAdder();
  /** Inbound frames refused: bad, unsupported, over the rate or oversized. */
  final LongAdder rejectedFrames = new LongAdder();
  /** Refused credentials and refused first frames. */
  final LongAdder authFailures = new LongAdder();
}
