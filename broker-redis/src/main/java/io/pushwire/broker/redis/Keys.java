package io.pushwire.broker.redis;

/**
 * Names in Redis for a channel: its PUB/SUB channel, its sharded PUB/SUB channel, its history
 * stream and its meta hash (epoch and last offset). The stream, the meta hash and the sharded
 * channel share a hash tag ({@code {topic}}), so everything the publish and history scripts touch,
 * {@code SPUBLISH} included, sits in one Redis Cluster slot. (The prefix has no braces, so the tag
 * is the same text in all three names; a topic that starts with {@code }} makes an empty tag,
 * which Redis ignores, and its names then hash apart.) Immutable.
 */
final class Keys {

  private final String prefix;

  Keys(String prefix) {
    this.prefix = prefix;
  }

  /** The PUB/SUB channel of a topic or reserved channel. */
  String pubSub(String channel) {
    return prefix + channel;
  }

  /**
   * The PUB/SUB glob of a topic pattern: its {@code *} and {@code ?} mean what they mean in
   * {@code TopicPattern}; every other character Redis's glob treats specially is escaped.
   */
  String pubSubPattern(String pattern) {
    return escapeGlob(prefix, false) + escapeGlob(pattern, true);
  }

  /** The channel a PUB/SUB channel name carries, or null if it is not one of this prefix. */
  String channelOf(String pubSubName) {
    return pubSubName.startsWith(prefix) ? pubSubName.substring(prefix.length()) : null;
  }

  /** The sharded PUB/SUB channel of a topic (for {@code SPUBLISH} / {@code SSUBSCRIBE}). */
  String shardChannel(String topic) {
    return prefix + "s:{" + topic + "}";
  }

  /** The topic a sharded PUB/SUB channel name carries, or null if it is not one of this prefix. */
  String topicOfShardChannel(String shardChannel) {
    String start = prefix + "s:{";
    return shardChannel.startsWith(start) && shardChannel.endsWith("}") && shardChannel.length() > start.length()
        ? shardChannel.substring(start.length(), shardChannel.length() - 1)
        : null;
  }

  /** The history stream of a topic. */
  String history(String topic) {
    return prefix + "h:{" + topic + "}";
  }

  /** The meta hash of a topic: {@code e} (epoch) and {@code o} (last offset). */
  String meta(String topic) {
    return prefix + "m:{" + topic + "}";
  }

  private static String escapeGlob(String text, boolean keepWildcards) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean wildcard = c == '*' || c == '?';
      if ((wildcard && !keepWildcards) || c == '[' || c == ']' || c == '\\' || c == '^') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
