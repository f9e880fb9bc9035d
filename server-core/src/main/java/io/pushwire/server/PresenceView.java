package io.pushwire.server;

import io.pushwire.protocol.PresenceResult;
import io.pushwire.server.auth.Principal;
import io.pushwire.server.broker.PresenceStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Who is subscribed to a topic: this node's part read from the {@code SubscriptionIndex} when
 * asked (nothing is kept apart from the subscriptions themselves, so a connection leaves this
 * node's part exactly when its subscription goes: unsubscribed, closed, or closed by the server
 * for idleness after its network vanished), merged with what the broker's {@link PresenceStore}
 * reports for the other nodes (nobody, on a single node).
 *
 * <p>Bounded: a result lists at most {@link #MAX_CLIENTS} connections (this node's first, in no
 * promised order) and says {@code truncated}; the counts cover all of them. Counting distinct
 * users holds one set of user ids for the length of the call. Thread-safe; stateless.
 */
final class PresenceView {

  /** The most connections one presence result lists. */
  static final int MAX_CLIENTS = 100;

  private final SubscriptionIndex index;
  private final Function<Principal, Map<String, Object>> info;
  private final PresenceStore store;

  PresenceView(SubscriptionIndex index, Function<Principal, Map<String, Object>> info, PresenceStore store) {
    this.index = index;
    this.info = info;
    this.store = store;
  }

  /** Completes at once on a single node; after one store read otherwise, or exceptionally if the store cannot answer. */
  CompletableFuture<PresenceResult> of(String topic) {
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
    return store.elsewhere(topic, MAX_CLIENTS - clients.size()).thenApply(elsewhere -> {
      users.addAll(elsewhere.users());
      int total = connections[0] + elsewhere.connections();
      for (PresenceResult.Client c : elsewhere.clients()) {
        if (clients.size() >= MAX_CLIENTS) {
          break;
        }
        clients.add(c);
      }
      return new PresenceResult(topic, total, users.size(), clients, total > clients.size());
    });
  }
}
