package io.pushwire.broker.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link RedisBroker} uses Redis. Every field has a default ({@link #defaults()}) and a
 * bound, checked here; change one with the {@code with...} methods.
 *
 * @param keyPrefix prefixes every key and PUB/SUB channel the broker uses, so several deployments
 *     can share one Redis (default {@value #DEFAULT_KEY_PREFIX}); 1-64 characters, no braces
 *     (keys use a hash tag per channel, for Redis Cluster)
 * @param historySize publications kept per topic, oldest trimmed first (default
 *     {@value #DEFAULT_HISTORY_SIZE}; 0 to {@value #MAX_HISTORY_SIZE}); 0 keeps none, and no
 *     client can then recover a topic
 * @param historyTtl how long a topic's history and epoch live after its last publication
 *     (default 5 minutes; 1 second to 30 days). A topic quiet for longer starts a new epoch: its
 *     clients are told they cannot recover, never that they missed nothing
 * @param commandTimeout the longest a Redis command may take before it fails with
 *     {@link BrokerUnavailableException} (default 2 seconds; 10 ms to 60 s). While Redis is
 *     unreachable, publications fail at once instead
 * @param reconnectMaxDelay the longest wait between two reconnect attempts; attempts back off
 *     exponentially from 10 ms to it (default 1 second; 10 ms to 60 s)
 * @param maxPendingCommands the most commands one connection queues before refusing more with
 *     {@link BrokerUnavailableException} (default {@value #DEFAULT_MAX_PENDING_COMMANDS}; 16 to
 *     1,000,000): a slow Redis costs a bounded heap, and publishers learn it at once
 * @param presenceRefresh how often a node renews the expiry of its presence entries in Redis
 *     (default 10 seconds; 50 ms to 5 minutes)
 * @param presenceTtl how long a node's presence entries outlive its last renewal (default 30
 *     seconds; at least twice {@code presenceRefresh}, at most 1 hour): the connections of a node
 *     that dies without closing them leave every other node's presence within this time
 * @param shardedPubSub whether topic publications travel by sharded PUB/SUB (default
 *     {@link ShardedPubSub#OFF}; {@link ShardedPubSub#AUTO} uses it on Redis 7 and later). Every
 *     node of a deployment needs the same effective mode, so switch all nodes together
 */
public record RedisBrokerOptions(String keyPrefix, int historySize, Duration historyTtl, Duration commandTimeout,
    Duration reconnectMaxDelay, int maxPendingCommands, Duration presenceRefresh, Duration presenceTtl,
    ShardedPubSub shardedPubSub) {

  /** Default {@link #keyPrefix}. */
  public static final String DEFAULT_KEY_PREFIX = "pushwire:";
  /** Default {@link #historySize}. */
  public static final int DEFAULT_HISTORY_SIZE = 100;
  /** Largest {@link #historySize}: a stream of 10,000 entries per topic is already a lot of Redis memory. */
  public static final int MAX_HISTORY_SIZE = 10_000;
  /** Default {@link #maxPendingCommands}. */
  public static final int DEFAULT_MAX_PENDING_COMMANDS = 10_000;

  public RedisBrokerOptions {
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    if (keyPrefix.isEmpty() || keyPrefix.length() > 64 || keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0
        || keyPrefix.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      throw new IllegalArgumentException("keyPrefix must be 1-64 characters without braces, spaces or control characters");
    }
    if (historySize < 0 || historySize > MAX_HISTORY_SIZE) {
      throw new IllegalArgumentException("historySize must be 0-" + MAX_HISTORY_SIZE + ", got " + historySize);
    }
    requireBetween("historyTtl", historyTtl, Duration.ofSeconds(1), Duration.ofDays(30));
    requireBetween("commandTimeout", commandTimeout, Duration.ofMillis(10), Duration.ofSeconds(60));
    requireBetween("reconnectMaxDelay", reconnectMaxDelay, Duration.ofMillis(10), Duration.ofSeconds(60));
    if (maxPendingCommands < 16 || maxPendingCommands > 1_000_000) {
      throw new IllegalArgumentException("maxPendingCommands must be 16-1000000, got " + maxPendingCommands);
    }
    requireBetween("presenceRefresh", presenceRefresh, Duration.ofMillis(50), Duration.ofMinutes(5));
    requireBetween("presenceTtl", presenceTtl, presenceRefresh.multipliedBy(2), Duration.ofHours(1));
    Objects.requireNonNull(shardedPubSub, "shardedPubSub");
  }

  /** The defaults. */
  public static RedisBrokerOptions defaults() {
    return new RedisBrokerOptions(DEFAULT_KEY_PREFIX, DEFAULT_HISTORY_SIZE, Duration.ofMinutes(5),
        Duration.ofSeconds(2), Duration.ofSeconds(1), DEFAULT_MAX_PENDING_COMMANDS, Duration.ofSeconds(10),
        Duration.ofSeconds(30), ShardedPubSub.OFF);
  }

  /** A copy with another {@link #keyPrefix}. */
  public RedisBrokerOptions withKeyPrefix(String prefix) {
    return new RedisBrokerOptions(prefix, historySize, historyTtl, commandTimeout, reconnectMaxDelay, maxPendingCommands,
        presenceRefresh, presenceTtl, shardedPubSub);
  }

  /** A copy with another {@link #historySize}. */
  public RedisBrokerOptions withHistorySize(int size) {
    return new RedisBrokerOptions(keyPrefix, size, historyTtl, commandTimeout, reconnectMaxDelay, maxPendingCommands,
        presenceRefresh, presenceTtl, shardedPubSub);
  }

  /** A copy with another {@link #historyTtl}. */
  public RedisBrokerOptions withHistoryTtl(Duration ttl) {
    return new RedisBrokerOptions(keyPrefix, historySize, ttl, commandTimeout, reconnectMaxDelay, maxPendingCommands,
        presenceRefresh, presenceTtl, shardedPubSub);
  }

  /** A copy with another {@link #commandTimeout}. */
  public RedisBrokerOptions withCommandTimeout(Duration timeout) {
    return new RedisBrokerOptions(keyPrefix, historySize, historyTtl, timeout, reconnectMaxDelay, maxPendingCommands,
        presenceRefresh, presenceTtl, shardedPubSub);
  }

  /** A copy with another {@link #reconnectMaxDelay}. */
  public RedisBrokerOptions withReconnectMaxDelay(Duration delay) {
    return new RedisBrokerOptions(keyPrefix, historySize, historyTtl, commandTimeout, delay, maxPendingCommands,
        presenceRefresh, presenceTtl, shardedPubSub);
  }

  /** A copy with another {@link #maxPendingCommands}. */
  public RedisBrokerOptions withMaxPendingCommands(int max) {
    return new RedisBrokerOptions(keyPrefix, historySize, historyTtl, commandTimeout, reconnectMaxDelay, max,
        presenceRefresh, presenceTtl, shardedPubSub);
  }

  /**
   * A copy with other presence timings: entries renewed every {@code refresh}, gone {@code ttl}
   * after the last renewal (so at most {@code ttl} after their node died).
   */
  public RedisBrokerOptions withPresence(Duration refresh, Duration ttl) {
    return new RedisBrokerOptions(keyPrefix, historySize, historyTtl, commandTimeout, reconnectMaxDelay,
        maxPendingCommands, refresh, ttl, shardedPubSub);
  }

  /** A copy with another {@link #shardedPubSub}. */
  public RedisBrokerOptions withShardedPubSub(ShardedPubSub mode) {
    return new RedisBrokerOptions(keyPrefix, historySize, historyTtl, commandTimeout, reconnectMaxDelay,
        maxPendingCommands, presenceRefresh, presenceTtl, mode);
  }

  private static void requireBetween(String name, Duration value, Duration min, Duration max) {
    Objects.requireNonNull(value, name);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
    }
  }
}
