package io.pushwire.spring.boot;

import io.pushwire.protocol.ClientMessage;
import io.pushwire.server.broker.Broker;
import io.pushwire.server.requests.RequestHandler;

/**
 * Wraps what the starter hands the hub, to observe it: the broker the hub is built with, and each
 * request handler bean. The starter's Micrometer support is one; beans of this type are applied in
 * their {@code @Order}. Both methods default to no wrapping.
 */
public interface PushwireInstrumentation {

  /** The broker the hub publishes through, possibly wrapped. */
  default Broker instrument(Broker broker) {
    return broker;
  }

  /** The handler registered for requests of {@code type}, possibly wrapped. */
  default <M extends ClientMessage> RequestHandler<M> instrument(Class<M> type, RequestHandler<M> handler) {
    return handler;
  }
}
