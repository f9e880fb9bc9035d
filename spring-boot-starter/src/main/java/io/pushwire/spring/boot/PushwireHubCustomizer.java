package io.pushwire.spring.boot;

import io.pushwire.server.Hub;

/**
 * Adjusts the hub's builder before the starter builds the hub, after the properties have been
 * applied: register application message types, replace the limits, and so on. Beans of this type
 * are applied in their {@code @Order}.
 */
@FunctionalInterface
public interface PushwireHubCustomizer {

  /** Changes {@code builder}. */
  void customize(Hub.Builder builder);
}
