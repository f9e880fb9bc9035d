package io.pushwire.server;

import io.pushwire.protocol.StreamState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The {@code ack} of one {@code subscribe} whose topics may be recovered in pages: collects where
 * each topic went live, in the order the subscribe named them, and answers once the last paged
 * recovery among them is live (at once when none is paged). So the replayed publications of every
 * topic come before the {@code ack}, as the protocol has always said.
 *
 * <p>Thread-safe: topics settle on the reader thread (immediately) or on a recovery thread (after
 * paging); the answer runs once, on the thread that settles the last topic, outside the lock.
 */
final class SubscribeAck {

  /** Guards every field below. */
  private final Object lock = new Object();
  /** Guarded by lock. Each topic's state in subscribe order; a null value is a topic still paging. */
  private final Map<String, StreamState> positions = new LinkedHashMap<>();
  /** Guarded by lock. Topics still paging. */
  private int paging;
  /** Guarded by lock. Set once every topic of the subscribe has been handed in. */
  private boolean sealed;
  /** Guarded by lock. Set when the answer has run (or is about to); it runs once. */
  private boolean answered;
  /** Sends the {@code ack} with the states, and does what follows it; run once. */
  private final Consumer<Map<String, StreamState>> answer;

  SubscribeAck(Consumer<Map<String, StreamState>> answer) {
    this.answer = answer;
  }

  /** {@code topic} went live now, at {@code state} (null: the broker cannot tell; left out of the ack). */
  void settled(String topic, StreamState state) {
    synchronized (lock) {
      if (state != null) {
        positions.put(topic, state);
      }
    }
  }

  /** {@code topic} is recovered in pages; {@link #pagingEnded} reports its end. */
  void paging(String topic) {
    synchronized (lock) {
      positions.put(topic, null);
      paging++;
    }
  }

  /**
   * A paged {@code topic} went live at {@code state}, or was cancelled ({@code null}: left out of
   * the ack). Answers if it was the last.
   */
  void pagingEnded(String topic, StreamState state) {
    synchronized (lock) {
      if (state != null) {
        positions.put(topic, state);
      } else {
        positions.remove(topic);
      }
      paging--;
    }
    answerIfDone();
  }

  /** Every topic has been handed in; answers now unless some are still paging. */
  void seal() {
    synchronized (lock) {
      sealed = true;
    }
    answerIfDone();
  }

  private void answerIfDone() {
    Map<String, StreamState> states;
    synchronized (lock) {
      if (!sealed || paging > 0 || answered) {
        return;
      }
      answered = true;
      states = new LinkedHashMap<>(positions);
    }
    answer.accept(states);
  }
}
