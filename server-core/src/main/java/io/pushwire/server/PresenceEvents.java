package io.pushwire.server;

import io.pushwire.protocol.PresenceJoin;
import io.pushwire.protocol.PresenceLeave;
import io.pushwire.protocol.PresenceResult;
import io.pushwire.protocol.ServerMessage;
import io.pushwire.server.auth.Principal;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Tells a topic's subscribers on this node when a connection joins it (subscribes to exactly that
 * topic) or leaves it (unsubscribes, or closes: cleanly, or by the idle timeout after its network
 * vanished), for the topics the hub enables ({@link Hub.Builder#presenceEvents}).
 *
 * <p>Events go straight to each subscriber's queue as droppable frames, not through the broker:
 * they are not part of the topic's stream (no position, no history, no replay), and a subscriber
 * whose queue is full misses one rather than being closed for it. They are not ordered with the
 * topic's publications. Node-local, as {@code PresenceView}. Stateless; thread-safe; called on
 * reader threads and on whatever thread closes a connection, and only queues frames.
 */
final class PresenceEvents {

  private final SubscriptionIndex index;
  private final DialectCodecs codecs;
  private final Predicate<String> enabled;
  private final Function<Principal, Map<String, Object>> info;

  PresenceEvents(SubscriptionIndex index, DialectCodecs codecs, Predicate<String> enabled,
      Function<Principal, Map<String, Object>> info) {
    this.index = index;
    this.codecs = codecs;
    this.enabled = enabled;
    this.info = info;
  }

  /** {@code connection} now holds a subscription to exactly {@code topic}, which it did not before. */
  void joined(PushConnection connection, String topic) {
    Principal principal = connection.principal();
    if (principal != null && enabled.test(topic)) {
      tell(topic, new PresenceJoin(topic, client(connection.id(), principal)));
    }
  }

  /** The connection {@code connectionId} of {@code principal} no longer holds its subscription to {@code topic}. */
  void left(String connectionId, Principal principal, String topic) {
    if (principal != null && enabled.test(topic)) {
      tell(topic, new PresenceLeave(topic, client(connectionId, principal)));
    }
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
