package io.pushwire.server.topics;

import io.pushwire.server.auth.Principal;

/**
 * Decides whether a principal may subscribe to a topic or pattern. Called on a container thread
 * for every name in every {@code subscribe}; must be fast and thread-safe.
 */
@FunctionalInterface
public interface TopicAuthorizer {

  /** Allows everything. */
  TopicAuthorizer ALLOW_ALL = (principal, topic) -> true;

  /** Whether {@code principal} may subscribe to {@code topic} (a name or a pattern). */
  boolean canSubscribe(Principal principal, String topic);

  /**
   * Whether {@code principal} may ask who is subscribed to {@code topic} (a {@code presence}
   * request); a refusal is answered {@code UNAUTHORIZED}. Default: no. Presence tells one user
   * who else is online, which few topics should reveal to everyone, so each application opts in
   * per topic (and {@link #ALLOW_ALL} does not).
   */
  default boolean canSeePresence(Principal principal, String topic) {
    return false;
  }
}
