package io.pushwire.broker.redis;

import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import io.pushwire.server.topics.TopicPattern;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which topics and patterns this node is subscribed to in Redis, and why: the hub wants it (it
 * has local subscribers), or a {@code goLive} holds it for the length of a history read. A
 * channel is subscribed while either holds, and unsubscribed when neither does. In sharded mode an
 * exact topic is subscribed with {@code SSUBSCRIBE} on its shard channel; patterns
 * ({@code PSUBSCRIBE}) and the reserved target channels stay on classic PUB/SUB, which is where
 * the publish script sends their copies.
 *
 * <p>Each change is one atomic per-channel {@code compute}, inside which the SUBSCRIBE or
 * UNSUBSCRIBE is handed to Lettuce without waiting, so the commands for one channel reach Redis
 * in the order of the changes. Lettuce keeps commands given while it reconnects (up to
 * {@link RedisBrokerOptions#maxPendingCommands()}), and after a reconnect subscribes again to
 * every channel, shard channel and pattern Redis had confirmed. Thread-safe.
 */
final class NodeSubscriptions {

  /** Why one channel is subscribed. Changed only inside its map entry's compute. */
  private static final class Need {
    boolean wanted;
    int holds;
    /** Completes when Redis confirms the subscription made when the need began. */
    CompletableFuture<Void> confirmed;

    boolean active() {
      return wanted || holds > 0;
    }
  }

  private final Keys keys;
  private final RedisPubSubAsyncCommands<String, String> pubSub;
  /** Whether exact topics use sharded PUB/SUB ({@code SSUBSCRIBE}); fixed at connect. */
  private final boolean sharded;
  /** Channels and patterns this node needs; an entry goes when its need ends. Bounded by the hub's index. */
  private final Map<String, Need> needs = new ConcurrentHashMap<>();

  NodeSubscriptions(Keys keys, RedisPubSubAsyncCommands<String, String> pubSub, boolean sharded) {
    this.keys = keys;
    this.pubSub = pubSub;
    this.sharded = sharded;
  }

  /** The hub has local subscribers to {@code channel}. */
  CompletableFuture<Void> want(String channel) {
    return change(channel, need -> need.wanted = true);
  }

  /** The hub has none left. */
  CompletableFuture<Void> unwant(String channel) {
    change(channel, need -> need.wanted = false);
    return CompletableFuture.completedFuture(null);
  }

  /** A history read needs {@code channel}'s publications for a while; completes when they come. */
  CompletableFuture<Void> hold(String channel) {
    return change(channel, need -> need.holds++);
  }

  /** The history read is over. */
  void release(String channel) {
    change(channel, need -> need.holds--);
  }

  /** Whether this node is subscribed to {@code channel} (for tests and stats). */
  boolean isSubscribed(String channel) {
    return needs.containsKey(channel);
  }

  private CompletableFuture<Void> change(String channel, java.util.function.Consumer<Need> change) {
    @SuppressWarnings("unchecked")
    CompletableFuture<Void>[] confirmed = new CompletableFuture[1];
    needs.compute(channel, (c, need) -> {
      Need current = need != null ? need : new Need();
      boolean before = current.active();
      change.accept(current);
      boolean after = current.active();
      if (!before && after) {
        current.confirmed = send(c, true);
      } else if (before && !after) {
        send(c, false);
      }
      confirmed[0] = current.confirmed;
      return after ? current : null;
    });
    return confirmed[0] != null ? confirmed[0] : CompletableFuture.completedFuture(null);
  }

  private CompletableFuture<Void> send(String channel, boolean subscribe) {
    boolean pattern = TopicPattern.isWildcard(channel);
    if (pattern) {
      String glob = keys.pubSubPattern(channel);
      return (subscribe ? pubSub.psubscribe(glob) : pubSub.punsubscribe(glob)).toCompletableFuture();
    }
    if (sharded && !channel.startsWith("$")) {
      String name = keys.shardChannel(channel);
      return (subscribe ? pubSub.ssubscribe(name) : pubSub.sunsubscribe(name)).toCompletableFuture();
    }
    String name = keys.pubSub(channel);
    return (subscribe ? pubSub.subscribe(name) : pubSub.unsubscribe(name)).toCompletableFuture();
  }
}
