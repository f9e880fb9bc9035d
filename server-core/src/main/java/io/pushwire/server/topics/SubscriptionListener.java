package io.pushwire.server.topics;

import io.pushwire.server.requests.RequestContext;

/**
 * Told when a connection subscribes to a topic or pattern, after the subscription is in place,
 * so a feature can send the current state at once (the alerts active now, a task's progress)
 * through {@link RequestContext#reply}. Runs on the container thread; must not block.
 */
@FunctionalInterface
public interface SubscriptionListener {

  /** {@code topic} is the name or pattern as the client gave it. */
  void onSubscribed(String topic, RequestContext context);

  /**
   * Like {@link #onSubscribed(String, RequestContext)}, also given the subscription's filter
   * ({@link MessageFilter#NONE} when it has none), so state sent at once can pass the same filter
   * as the pushes that follow. The hub calls this method; the default ignores the filter.
   */
  default void onSubscribed(String topic, MessageFilter filter, RequestContext context) {
    onSubscribed(topic, context);
  }
}
