package io.pushwire.server;

import io.pushwire.server.requests.RequestContext;

/**
 * Told when a connection becomes authenticated and when it goes, so a feature can keep
 * per-connection state (a log cursor, a watch list) and release it. Both methods have defaults;
 * override what you need. Called on container threads; must not block.
 */
public interface ConnectionListener {

  /**
   * The connection authenticated; {@code context} replies to it alone (its {@code requestId()} is
   * {@code null}) and can subscribe it.
   */
  default void onAuthenticated(RequestContext context) {
  }

  /** The connection is gone (closed by either side); called once per authenticated connection. */
  default void onClosed(String connectionId) {
  }
}
