package io.pushwire.server;

import java.util.concurrent.atomic.LongAdder;

/**
 * One endpoint's counters, which {@link Hub#stats(String)} reports; {@link Hub#stats()} sums every
 * endpoint's. Each connection holds its endpoint's set, so counting a frame is one add, with no
 * look-up. Each is a {@link LongAdder}, so the hot paths that count (every frame in and out) do
 * not contend; any thread may add, any may read.
 */
final class Counters {
  /** Connections registered (see {@link ServerStats#connectionsOpened()}). */
  final LongAdder opened = new LongAdder();
  /** Inbound text frames. */
  final LongAdder framesIn = new LongAdder();
  /** Frames queued for sending. */
  final LongAdder framesOut = new LongAdder();
  /** UTF-8 bytes of the inbound text frames (see {@link ServerStats#bytesIn()}). */
  final LongAdder bytesIn = new LongAdder();
  /** UTF-8 bytes of the frames queued for sending (see {@link ServerStats#bytesOut()}). */
  final LongAdder bytesOut = new LongAdder();
  /** Droppable frames dropped at a full queue. */
  final LongAdder dropped = new LongAdder();
  /** Connections closed with 4000 (slow consumer). */
  final LongAdder closedSlow = new LongAdder();
  /** Inbound frames refused: bad, unsupported, over the rate or oversized. */
  final LongAdder rejectedFrames = new LongAdder();
  /** Refused credentials and refused first frames. */
  final LongAdder authFailures = new LongAdder();
  /** Handshakes refused with 403 because their {@code Origin} is not allowed. */
  final LongAdder refusedOrigins = new LongAdder();
  /** Handshakes answered with an HTTP error (401, 403, 429) instead of 101. */
  final LongAdder handshakesRefused = new LongAdder();
  /** Sockets closed because they were not upgraded within the handshake deadline. */
  final LongAdder handshakeTimeouts = new LongAdder();
  /** Sockets closed at once because the cap on sockets not yet upgraded was reached. */
  final LongAdder socketsRefused = new LongAdder();
  /** Authentication attempts refused because their address was throttled. */
  final LongAdder authThrottled = new LongAdder();
  /** Connections closed by a limit: 1008 (rate), 1009 (size), 1013 (a connection cap), 4000 (slow consumer). */
  final LongAdder limitCloses = new LongAdder();
  /** Inbound frames that broke the protocol (not JSON, unknown or malformed message). */
  final LongAdder protocolErrors = new LongAdder();
  /** Frames the container could not encode or send for a reason other than the peer going away. */
  final LongAdder encodingFailures = new LongAdder();

  /** A snapshot, with the two "current" figures counted by the caller. */
  ServerStats snapshot(int connections, int subscriptions) {
    return new ServerStats(connections, subscriptions, opened.sum(), framesIn.sum(), framesOut.sum(), dropped.sum(),
        closedSlow.sum(), rejectedFrames.sum(), authFailures.sum(), bytesIn.sum(), bytesOut.sum(),
        new SecurityStats(handshakesRefused.sum(), handshakeTimeouts.sum(), socketsRefused.sum(), authThrottled.sum(),
            limitCloses.sum(), protocolErrors.sum(), encodingFailures.sum(), refusedOrigins.sum()));
  }

  /** The sums of {@code sets}' figures, with the two "current" figures counted by the caller. */
  static ServerStats sum(Iterable<Counters> sets, int connections, int subscriptions) {
    Counters total = new Counters();
    for (Counters set : sets) {
      total.opened.add(set.opened.sum());
      total.framesIn.add(set.framesIn.sum());
      total.framesOut.add(set.framesOut.sum());
      total.bytesIn.add(set.bytesIn.sum());
      total.bytesOut.add(set.bytesOut.sum());
      total.dropped.add(set.dropped.sum());
      total.closedSlow.add(set.closedSlow.sum());
      total.rejectedFrames.add(set.rejectedFrames.sum());
      total.authFailures.add(set.authFailures.sum());
      total.refusedOrigins.add(set.refusedOrigins.sum());
      total.handshakesRefused.add(set.handshakesRefused.sum());
      total.handshakeTimeouts.add(set.handshakeTimeouts.sum());
      total.socketsRefused.add(set.socketsRefused.sum());
      total.authThrottled.add(set.authThrottled.sum());
      total.limitCloses.add(set.limitCloses.sum());
      total.protocolErrors.add(set.protocolErrors.sum());
      total.encodingFailures.add(set.encodingFailures.sum());
    }
    return total.snapshot(connections, subscriptions);
  }
}
