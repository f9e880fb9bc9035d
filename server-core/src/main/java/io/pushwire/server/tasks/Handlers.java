package io.pushwire.server.tasks;

import io.pushwire.protocol.ClientMessage;
import io.pushwire.server.requests.RequestHandler;

/** How a vocabulary's request handlers get onto the hub: the feature keeps each registration, to remove it on close. */
@FunctionalInterface
interface Handlers {

  /** Serves {@code type} with {@code handler}. */
  <M extends ClientMessage> void on(Class<M> type, RequestHandler<? super M> handler);
}
