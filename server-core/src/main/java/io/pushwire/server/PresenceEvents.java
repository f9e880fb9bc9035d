package io.pushwire.server;

import io.pushwire.protocol.PresenceJoin;
import io.pushwire.protocol.PresenceLeave;
import io.pushwire.protocol.PresenceResult;
import io.pushwire.protocol.ServerMessage;
import io.pushwire.server.SubscriptionIndex.Subscription;
import io.pushwire.server.auth.Principal;
import io.pushwire.server.broker.PresenceStore;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Where a connection's joining (subscribing to exactly a topic) and leaving (unsubscribing, or
 * closing: cleanly, or by the idle timeout after its network vanished) go: into the broker's
 * {@link PresenceStore}, for the presence the other nodes report, and, for the topics the hub
 * enables ({@link Hub.Builder#presenceEvents}), to the topic's subscribers as
 * {@code presence_join} / {@code presence_leave}: this node's directly, the other nodes' through
 * the store, which hands them to {@link #remote()} there.
 *
 * <p>Events go straight to each subscriber's queue as droppable frames, not through the broker's
 * publications: they are not part of the topic's stream (no position, no history, no replay), and
 * a subscriber whose queue is full misses one rather than being closed for it. They are not
 * ordered with the topic's publications. Stateless; thread-safe; called on reader threads, on
 * whatever thread closes a connection, and on the store's threads, and only queues frames.
 */
final class PresenceEvents {

  private final SubscriptionIndex index;
  private final DialectCodecs codecs;
  private final Predicate<String> enabled;
  private final Function<Principal, Map<String, Object>> info;
  private final PresenceStore store;

  PresenceEvents(SubscriptionIndex index, DialectCodecs codecs, Predicate<String> enabled,
      Function<Principal, Map<String, Object>> info, PresenceStore store) {
    this.index = index;
    this.codecs = codecs;
    this.enabled = enabled;
    this.info = info;
    this.store = store;
  }

  /** {@code connection} now holds a subscription to exactly {@code topic}, which it did not before. */
  void joined(PushConnection connection, String topic) {
    Principal principal = connection.principal();
    if (principal != null) {
      PresenceResult.Client client = client(connection.id(), principal);
      boolean announce = enabled.test(topic);
      store.add(topic, client, announce);
      if (announce) {
        tell(topic, new PresenceJoin(topic, client));
      }
    }
  }

  /** The connection {@code connectionId} of {@code principal} no longer holds its subscription to {@code topic}. */
  void left(String connectionId, Principal principal, String topic) {
    if (principal != null) {
      PresenceResult.Client client = client(connectionId, principal);
      boolean announce = enabled.test(topic);
      store.remove(topic, client, announce);
      if (announce) {
        tell(topic, new PresenceLeave(topic, client));
      }
    }
  }

  /** {@code topic} ended ({@link Hub#endTopic}): its subscriptions went without leave events, as ever. */
  void ended(String topic, Collection<Subscription> removed) {
    for (Subscription s : removed) {
      Principal principal = s.connection().principal();
      if (principal != null) {
        store.remove(topic, client(s.connection().id(), principal), false);
      }
    }
  }

  /** What the store tells of the other nodes' events: passed on to this node's subscribers of the topic. */
  PresenceStore.Listener remote() {
    return new PresenceStore.Listener() {
      @Override
      public void joined(String topic, PresenceResult.Client client) {
        if (enabled.test(topic)) {
          tell(topic, new PresenceJoin(topic, client));
        }
      }

      @Override
      public void left(String topic, PresenceResult.Client client) {
        if (enabled.test(topic)) {
          tell(topic, new PresenceLeave(topic, client));
        }
      }
    };
  }

  PresenceResult.Client client(String connectionId, Principal principal) {
    return new PresenceResult.Client(connectionId, principal.userId(), principal.clientId(), info.apply(principal));
  }

  private void tell(String topic, ServerMessage event) {
    index.forEachHolder(topic, holder -> {
      if (holder.isAuthenticated()) {
        holder.send(codecs.encode(holder.dialect(), event), true);
      }
    });
  }
}
