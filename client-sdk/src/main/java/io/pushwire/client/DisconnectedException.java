package io.pushwire.client;

import io.pushwire.client.reconnect.Disconnect;
import java.util.Optional;

/**
 * The operation needed a connection that was not there: it was lost while a request waited for
 * its reply, the client was not connected and has no outbox, the client gave up reconnecting,
 * or the client was closed.
 */
public final class DisconnectedException extends PushClientException {

  private final transient Disconnect disconnect;

  DisconnectedException(String message, Disconnect cause) {
    super(message, null);
    this.disconnect = cause;
  }

  /** Why the connection ended, when it ended rather than never existed. */
  public Optional<Disconnect> disconnect() {
    return Optional.ofNullable(disconnect);
  }
}
