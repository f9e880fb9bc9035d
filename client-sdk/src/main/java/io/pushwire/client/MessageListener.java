package io.pushwire.client;

/**
 * Receives the messages of one type, in arrival order, on the client's callback executor.
 *
 * @param <T> the message type
 */
@FunctionalInterface
public interface MessageListener<T> {

  /**
   * Called once per message. An exception thrown here is logged; the connection and the other
   * listeners carry on.
   */
  void onMessage(T message);
}
