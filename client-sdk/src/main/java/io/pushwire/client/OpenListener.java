package io.pushwire.client;

/**
 * Told about every {@link Connection} of a {@link PushClient} once it is open, on the client's
 * callback executor ({@link PushClient#onOpen}).
 */
@FunctionalInterface
public interface OpenListener {

  /**
   * Called once per connection: after the {@code OPEN} state change and after the client has
   * replayed its subscriptions. The connection may be lost again by the time this runs. Then
   * {@link Connection#isOpen()} is false, and what is sent on it fails. An exception thrown here
   * is logged and otherwise ignored.
   */
  void onOpen(Connection connection);
}
