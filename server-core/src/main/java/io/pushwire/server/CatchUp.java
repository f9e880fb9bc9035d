package io.pushwire.server;

import io.pushwire.protocol.RecoveryReason;
import io.pushwire.protocol.StreamState;
import io.pushwire.server.SubscriptionIndex.Subscription;
import io.pushwire.server.broker.HistoryResult;
import io.pushwire.server.broker.Publication;
import io.pushwire.server.broker.StreamPosition;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription's paged recovery: replays the topic's history after the client's position a
 * page at a time, each page only once the connection's outbound queue has drained to its low-water
 * mark, and makes the subscription live inside {@link io.pushwire.server.broker.Broker#goLive}
 * with the last page, so the seam has no gap and no duplicate.
 *
 * <p>Pages far from the head are read with {@code Broker.history} and queued outside the broker's
 * lock; once the rest fits in a page, the read, the last frames and the subscription's entry in the
 * index happen in one {@code goLive}. Until then the subscription is not in the index: the topic's
 * new publications wait in the history, so they never reach the queue twice or out of order.
 *
 * <p>A step queues at most a page ({@link Recovery#pageFrames}), and stops early where the queue
 * would pass half its bound in frames or characters. Ends live with {@code recovered: true}, or
 * with {@code recovered: false} and a reason (the history lost the next publication meanwhile, the
 * epoch changed, the topic ran more than {@link Limits#maxRecoveryReplay()} ahead of the client's
 * position), or cancelled (unsubscribe, re-subscribe, close), never with a silent gap.
 *
 * <p>Threads: the first step runs on the subscribing reader thread or a recovery thread, every
 * later one on a recovery thread; one step at a time (a step is scheduled only by the previous
 * step's low-water wait). {@link #cancel} may come from any thread.
 */
final class CatchUp {

  private static final Logger log = LoggerFactory.getLogger(CatchUp.class);

  private final Recovery recovery;
  private final Subscription subscription;
  private final String topic;
  /** The position the client gave; the replay bound counts from it. */
  private final StreamPosition since;
  /** Told when the subscription goes live (or the recovery is cancelled). */
  private final SubscribeAck ack;
  /** Schedules the next step on a recovery thread; made once, so a low-water wait allocates nothing. */
  private final Runnable scheduleStep = this::scheduleStep;

  /** The last publication replayed or passed over (filtered out); steps only (one at a time). */
  private StreamPosition cursor;
  /** The topic's head as last read, or null before the first read; steps only. */
  private StreamPosition head;
  /** Guarded by this. Set by {@link #cancel}; no step goes on, and the subscription does not go live. */
  private boolean cancelled;
  /** Guarded by this. Set when the subscription went live (or cannot any more); ends every step. */
  private boolean ended;

  CatchUp(Recovery recovery, Subscription subscription, StreamPosition since, SubscribeAck ack) {
    this.recovery = recovery;
    this.subscription = subscription;
    this.topic = subscription.pattern().text();
    this.since = since;
    this.cursor = since;
    this.ack = ack;
  }

  String topic() {
    return topic;
  }

  PushConnection connection() {
    return subscription.connection();
  }

  SubscribeAck ack() {
    return ack;
  }

  /**
   * Does one step. When the rest fits in a page (or nothing is known yet), the step is a
   * {@code goLive}: it replays what fits and goes live if that was all.
   *
   * @return the state the subscription went live at, or null if it did not (yet): paging goes on,
   *     or it was cancelled
   */
  StreamState step() {
    synchronized (this) {
      if (cancelled || ended) {
        return null;
      }
    }
    try {
      if (head != null && head.offset() - cursor.offset() > recovery.pageFrames()) {
        HistoryResult page = recovery.broker().history(topic, cursor, recovery.pageFrames()).join();
        head = page.latest();
        RecoveryReason reason = shortfall(page);
        if (reason == null) {
          replay(page.publications());
          return null;
        }
        // The history lost the way on: go live at the head, saying so.
      }
      StreamState[] live = new StreamState[1];
      boolean ran = recovery.broker().goLive(topic, cursor, recovery.pageFrames(), history -> {
        // Under the broker's ordering of the topic: only queue frames and index here.
        head = history.latest();
        RecoveryReason reason = shortfall(history);
        if (reason != null) {
          live[0] = goLive(StreamState.incomplete(head.offset(), head.epoch(), reason));
        } else {
          replay(history.publications());
          if (cursor.offset() == head.offset()) {
            live[0] = goLive(StreamState.recovered(head.offset(), head.epoch()));
          }
        }
      });
      if (!ran) {
        return goLive(StreamState.incomplete(0, since.epoch(), RecoveryReason.NOT_RECOVERABLE));
      }
      return live[0];
    } catch (RuntimeException e) { // a networked broker's history read failed: never a silent gap
      log.warn("recovery of {} for {} failed; live without it", topic, subscription.connection().id(), e);
      return goLive(StreamState.incomplete(head == null ? 0 : head.offset(),
          head == null ? since.epoch() : head.epoch(), RecoveryReason.NOT_RECOVERABLE));
    }
  }

  /**
   * Waits for the connection's queue to drain to its low-water mark, then runs the next step on a
   * recovery thread.
   *
   * @return false if the connection is closing or the recovery was cancelled: no step follows
   */
  boolean awaitRoom() {
    synchronized (this) { // so that a cancelled recovery never replaces the wait of the next one
      return !cancelled && !ended && subscription.connection().whenOutboundLow(scheduleStep);
    }
  }

  private void scheduleStep() {
    recovery.schedule(this);
  }

  /** Whether the recovery has ended: live, or cancelled. */
  synchronized boolean isOver() {
    return cancelled || ended;
  }

  /** Stops the recovery; the subscription does not go live. Idempotent. */
  void cancel() {
    synchronized (this) {
      cancelled = true;
    }
  }

  /** Whether the history can take the client from {@link #cursor} on; null if it can. */
  private RecoveryReason shortfall(HistoryResult history) {
    StreamPosition latest = history.latest();
    if (!cursor.epoch().equals(latest.epoch())) {
      return RecoveryReason.EPOCH_CHANGED;
    }
    if (cursor.offset() > latest.offset()) {
      return RecoveryReason.POSITION_AHEAD;
    }
    if (!history.complete()) {
      return RecoveryReason.HISTORY_TOO_SHORT;
    }
    if (latest.offset() - since.offset() > recovery.maxReplay()) {
      return RecoveryReason.TOO_MANY;
    }
    return null;
  }

  /** Queues {@code publications} from the start while the queue has room; moves the cursor past each. */
  private void replay(List<Publication> publications) {
    PushConnection c = subscription.connection();
    int queued = 0;
    for (Publication p : publications) {
      if (queued > 0 && !recovery.hasRoom(c)) {
        return; // the next step waits for the low-water mark
      }
      if (recovery.replay(subscription, p)) {
        queued++;
      }
      cursor = p.position();
    }
  }

  /** Makes the subscription live, unless cancelled; the state it went live at, or null if cancelled. */
  private StreamState goLive(StreamState state) {
    synchronized (this) {
      ended = true;
      if (cancelled) {
        return null;
      }
      recovery.index().add(subscription);
      return state;
    }
  }
}
