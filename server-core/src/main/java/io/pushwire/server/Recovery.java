package io.pushwire.server;

import io.pushwire.protocol.Position;
import io.pushwire.protocol.RecoveryReason;
import io.pushwire.protocol.ServerMessage;
import io.pushwire.protocol.StreamState;
import io.pushwire.server.SubscriptionIndex.Subscription;
import io.pushwire.server.transport.OutboundFrame;
import io.pushwire.server.broker.Broker;
import io.pushwire.server.broker.HistoryResult;
import io.pushwire.server.broker.Publication;
import io.pushwire.server.broker.StreamPosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a positioned subscription to one topic live, and, when the client gave the last position
 * it saw ({@code since}), replays what the broker's history still holds after it first.
 *
 * <p>The seam: the history read, the replayed frames and the subscription's entry in the index
 * all happen inside {@link Broker#goLive}, which orders them with the topic's publications. So
 * the client gets the publications after {@code since} up to the live start from the history,
 * then every later one live: no gap, no duplicate.
 *
 * <p>Bounded, not paged: one {@code subscribe} replays at most {@link Budget} publications (half
 * the connection's outbound queue bound, {@link Limits#outboundQueueFrames()}), queued at once
 * behind what is already queued. A topic whose gap is larger is answered
 * {@code recovered: false} ({@code too_many}) and replays nothing, rather than overflow the queue
 * (which would close the connection) or drop silently. Stateless; thread-safe.
 */
final class Recovery {

  private static final Logger log = LoggerFactory.getLogger(Recovery.class);

  /** How many publications one {@code subscribe} may still replay. Used by one reader thread only. */
  static final class Budget {
    /** Publications left; only the subscribing connection's reader thread changes it. */
    private int left;

    Budget(Limits limits) {
      this.left = Math.max(1, limits.outboundQueueFrames() / 2);
    }
  }

  private final Broker broker;
  private final SubscriptionIndex index;
  private final DialectCodecs codecs;

  Recovery(Broker broker, SubscriptionIndex index, DialectCodecs codecs) {
    this.broker = broker;
    this.index = index;
    this.codecs = codecs;
  }

  /**
   * Adds {@code subscription} (a positioned one to an exact topic) to the index at a known place
   * in its topic's stream, replaying after {@code since} first when it is given.
   *
   * @return where the stream stood at the live start, and whether the recovery was complete;
   *     {@code null} when the broker cannot tell and no {@code since} was given
   */
  StreamState subscribe(Subscription subscription, Position since, Budget budget) {
    String topic = subscription.pattern().text();
    StreamPosition from = since == null ? null : new StreamPosition(since.offset(), since.epoch());
    StreamState[] state = new StreamState[1];
    boolean ran = broker.goLive(topic, from, since == null ? 0 : budget.left, history -> {
      // Runs under the broker's ordering of this topic: only queue frames and index here.
      StreamPosition latest = history.latest();
      if (since == null) {
        state[0] = StreamState.live(latest.offset(), latest.epoch());
      } else {
        RecoveryReason reason = shortfall(since, history);
        if (reason == null) {
          history.publications().forEach(p -> replay(subscription, p));
          budget.left -= history.publications().size();
          state[0] = StreamState.recovered(latest.offset(), latest.epoch());
        } else {
          state[0] = StreamState.incomplete(latest.offset(), latest.epoch(), reason);
        }
      }
      index.add(subscription);
    });
    if (!ran) {
      index.add(subscription);
      return since == null ? null : StreamState.incomplete(0, since.epoch(), RecoveryReason.NOT_RECOVERABLE);
    }
    return state[0];
  }

  /** Why the history cannot take the client from {@code since} to the live start; null if it can. */
  private static RecoveryReason shortfall(Position since, HistoryResult history) {
    StreamPosition latest = history.latest();
    if (!since.epoch().equals(latest.epoch())) {
      return RecoveryReason.EPOCH_CHANGED;
    }
    if (since.offset() > latest.offset()) {
      return RecoveryReason.POSITION_AHEAD;
    }
    if (!history.complete()) {
      return RecoveryReason.HISTORY_TOO_SHORT;
    }
    if (latest.offset() - since.offset() > history.publications().size()) {
      return RecoveryReason.TOO_MANY; // the history holds them, but the budget cut the read short
    }
    return null;
  }

  private void replay(Subscription subscription, Publication publication) {
    ServerMessage message = publication.message();
    if (!subscription.filter().isEmpty() && !subscription.filter().test(codecs.bodyTree(message))) {
      return;
    }
    PushConnection c = subscription.connection();
    Position position = new Position(publication.channel(), publication.position().offset(),
        publication.position().epoch());
    String text = codecs.encodePublication(c.dialect(), message, new DialectCodecs.PublicationStamp(codecs, message),
        position);
    String frame;
    try {
      frame = c.framing().publication(text);
    } catch (IllegalArgumentException e) { // as FanOut: a framing that cannot carry it never gets it
      log.warn("replayed publication not sent to {} client: {}", c.framing().format(), e.getMessage());
      return;
    }
    c.sendFramed(OutboundFrame.of(frame), false); // replayed to this one client
  }
}
