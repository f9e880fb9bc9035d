package io.pushwire.broker.redis;

/**
 * Whether a {@link RedisBroker} carries topic publications by sharded PUB/SUB ({@code SPUBLISH} /
 * {@code SSUBSCRIBE}, Redis 7 and later) or by classic PUB/SUB ({@code PUBLISH} /
 * {@code SUBSCRIBE}). Every node of a deployment must end up in the same mode: a node that
 * subscribes by {@code SSUBSCRIBE} does not hear a node that publishes by {@code PUBLISH} only.
 *
 * <p>Sharded PUB/SUB has no pattern subscription, so in sharded mode a wildcard subscription
 * ({@code task:*}) still uses {@code PSUBSCRIBE}, and the publish script sends each topic
 * publication twice: by {@code SPUBLISH} to the nodes subscribed to the topic, and by
 * {@code PUBLISH} for the nodes subscribed by pattern. The reserved target channels ({@code $all},
 * {@code $user:*}, ...) reach every node anyway and stay on classic PUB/SUB.
 */
public enum ShardedPubSub {
  /** Sharded when the server says it is Redis 7 or later ({@code INFO server} at connect), else classic. */
  AUTO,
  /** Always sharded; connecting to a server older than Redis 7 fails. */
  ON,
  /** Always classic PUB/SUB, as every Redis since 2.0 offers. */
  OFF;

  /** The first Redis major version with sharded PUB/SUB. */
  static final int FIRST_MAJOR_VERSION = 7;

  /**
   * Whether this mode uses sharded PUB/SUB on the server whose {@code INFO server} reply is
   * {@code serverInfo}.
   *
   * @throws IllegalStateException if this is {@link #ON} and the server is older than Redis 7
   */
  boolean resolve(String serverInfo) {
    return switch (this) {
      case OFF -> false;
      case AUTO -> majorVersion(serverInfo) >= FIRST_MAJOR_VERSION;
      case ON -> {
        int major = majorVersion(serverInfo);
        if (major < FIRST_MAJOR_VERSION) {
          throw new IllegalStateException("sharded PUB/SUB needs Redis " + FIRST_MAJOR_VERSION
              + " or later; the server says redis_version " + (major < 0 ? "is unknown" : "is " + major + ".x"));
        }
        yield true;
      }
    };
  }

  /** The major version in an {@code INFO server} reply's {@code redis_version:} line, or -1. */
  static int majorVersion(String serverInfo) {
    for (String line : serverInfo.split("\r?\n")) {
      if (line.startsWith("redis_version:")) {
        String version = line.substring("redis_version:".length()).trim();
        int dot = version.indexOf('.');
        try {
          return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }
}
