package io.pushwire.server.transport;

import io.pushwire.server.auth.Principal;

/** What the hub answers a handshake: upgrade it, or refuse it with an HTTP status. */
public sealed interface HandshakeOutcome {

  /**
   * Upgrade the connection.
   *
   * @param principal who the handshake's credentials established, or null when the client is to
   *     authenticate with its first message
   */
  record Accept(Principal principal) implements HandshakeOutcome {
  }

  /**
   * Refuse the upgrade with {@code status} (401 for refused or missing credentials, 403 for an
   * origin that is not allowed, 429 for an address that failed too often).
   *
   * @param status the HTTP status to answer with
   * @param reason why, for logs and the response; never contains credentials
   */
  record Refuse(int status, String reason) implements HandshakeOutcome {
  }
}
