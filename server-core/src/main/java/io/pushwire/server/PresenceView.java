package io.pushwire.server;

import io.pushwire.protocol.PresenceResult;
import io.pushwire.server.auth.Principal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Who is subscribed to a topic on this node, read from the {@code SubscriptionIndex} when asked:
 * nothing is kept apart from the subscriptions themselves, so a connection leaves a topic's
 * presence exactly when its subscription goes (unsubscribed, closed, or closed by the server for
 * idleness after its network vanished).
 *
 * <p>Bounded: a result lists at most {@link #MAX_CLIENTS} connections (in no promised order) and
 * says {@code truncated}; the counts cover all of them. Counting distinct users holds one set of
 * user ids for the length of the call. Thread-safe; stateless.
 */
final class PresenceView {

  /** The most connections one presence result lists. */
  static final int MAX_CLIENTS = 100;

  private final SubscriptionIndex index;
  private final Function<Principal, Map<String, Object>> info;

  PresenceView(SubscriptionIndex index, Function<Principal, Map<String, Object>> info) {
    this.index = index;
    this.info = info;
  }

  PresenceResult of(String topic) {
    List<PresenceResult.Client> clients = new ArrayList<>();
    Set<String> users = new HashSet<>();
    int[] connections = new int[1];
    index.forEachHolder(topic, c -> {
      if (!c.isAuthenticated()) {
        return;
      }
      Principal p = c.principal();
      connections[0]++;
      users.add(p.userId());
      if (clients.size() < MAX_CLIENTS) {
        clients.add(new PresenceResult.Client(c.id(), p.userId(), p.clientId(), info.apply(p)));
      }
    });
    return new PresenceResult(topic, connections[0], users.size(), clients, connections[0] > clients.size());
  }
}
