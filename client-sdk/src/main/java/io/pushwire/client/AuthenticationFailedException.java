package io.pushwire.client;

import io.pushwire.client.reconnect.Disconnect;
import java.util.Objects;

/**
 * The server refused the client's credentials (HTTP 401/403 at the handshake, {@code auth error}
 * after a first-message {@code auth}, or close code 4500). The client does not retry: fails
 * {@link PushClient#connect()} and everything waiting for a connection.
 */
public final class AuthenticationFailedException extends PushClientException {

  private final transient Disconnect disconnect;

  AuthenticationFailedException(Disconnect cause) {
    super("the server refused the credentials: " + cause, null);
    this.disconnect = Objects.requireNonNull(cause, "cause");
  }

  /** How the refusal arrived. */
  public Disconnect disconnect() {
    return disconnect;
  }
}
