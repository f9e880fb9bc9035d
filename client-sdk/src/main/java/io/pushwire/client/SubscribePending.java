package io.pushwire.client;

import io.pushwire.protocol.Ack;
import io.pushwire.protocol.ErrorCode;
import io.pushwire.protocol.ErrorMessage;
import io.pushwire.protocol.Position;
import io.pushwire.protocol.RecoveryReason;
import io.pushwire.protocol.ServerMessage;
import io.pushwire.protocol.StreamState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A {@code subscribe} frame (first or replayed) waiting for the server's {@code ack}. On success
 * the callers waiting on the subscription complete; on an {@code error} (or a timeout) the
 * subscription is forgotten and they fail. A lost connection changes nothing: the subscription
 * is replayed on the next one, where its callers get their answer. An {@code ack} with
 * {@code positions} moves the remembered positions to where each topic went live, and a topic
 * answered {@code recovered: false} is reported to the recovery listeners. Loop thread only.
 */
final class SubscribePending implements PendingRequests.Pending {

  private static final System.Logger LOG = System.getLogger(PushClient.class.getName());

  private final Subscriptions.Entry entry;
  private final Subscriptions subscriptions;
  private final Callbacks callbacks;
  private final Listeners listeners;
  private final Duration timeout;
  /** Told when a refusal changed the remembered names. */
  private final Runnable namesChanged;
  /** The positions this subscribe asked to resume from, by topic; empty when none. */
  private final Map<String, Position> since;

  SubscribePending(Subscriptions.Entry entry, Subscriptions subscriptions, Callbacks callbacks, Listeners listeners,
      Duration timeout, Runnable namesChanged, Map<String, Position> since) {
    this.since = since;
    this.entry = entry;
    this.subscriptions = subscriptions;
    this.callbacks = callbacks;
    this.listeners = listeners;
    this.timeout = timeout;
    this.namesChanged = namesChanged;
  }

  @Override
  public void replied(String id, ServerMessage reply) {
    if (!subscriptions.contains(entry)) {
      return; // unsubscribed or replaced meanwhile
    }
    if (reply instanceof Ack ack && ack.success()) {
      if (ack.positions() != null) {
        ack.positions().forEach(this::wentLive);
      }
      subscriptions.confirmed(since.keySet());
      for (CompletableFuture<Void> waiting : entry.takeWaiting()) {
        callbacks.complete(() -> waiting.complete(null));
      }
      return;
    }
    ErrorMessage error = reply instanceof ErrorMessage e ? e
        : ErrorMessage.of(ErrorCode.UNKNOWN, reply instanceof Ack ack ? String.valueOf(ack.error())
            : "unexpected reply " + reply.getClass().getSimpleName());
    refused(new RequestFailedException(id, error), error);
  }

  /** Notes where {@code topic} went live; tells the recovery listeners when the server could not resume it. */
  private void wentLive(String topic, StreamState state) {
    subscriptions.wentLive(topic, state);
    if (Boolean.FALSE.equals(state.recovered())) {
      RecoveryIncomplete event = new RecoveryIncomplete(topic, RecoveryReason.fromWire(state.reason()),
          since.get(topic) == null ? null : new Position(topic, since.get(topic).offset(), since.get(topic).epoch()),
          new Position(topic, state.offset(), state.epoch()));
      callbacks.notify(() -> listeners.recoveryIncomplete(event));
    }
  }

  @Override
  public void timedOut(String id) {
    refused(new RequestTimeoutException(id, timeout), null);
  }

  @Override
  public void disconnected(PushClientException failure) {
    // Still remembered: replayed on the next connection.
  }

  @Override
  public void abandoned(PushClientException failure) {
    // The client stops; its callers are failed with every other waiting subscriber.
  }

  private void refused(PushClientException failure, ErrorMessage error) {
    List<CompletableFuture<Void>> waiting = subscriptions.drop(entry);
    namesChanged.run();
    if (waiting.isEmpty()) {
      // A replay nobody waits for: the log and the ErrorMessage listeners are the only way to tell.
      LOG.log(System.Logger.Level.WARNING, "replayed subscription {0} dropped: {1}", entry.message().names(),
          failure.getMessage());
      if (error != null) {
        callbacks.notify(() -> listeners.deliver(error));
      }
    }
    waiting.forEach(future -> callbacks.complete(() -> future.completeExceptionally(failure)));
  }
}
