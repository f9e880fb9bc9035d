package io.pushwire.server;

import io.pushwire.server.auth.Authenticator;
import io.pushwire.server.auth.Credentials;
import io.pushwire.server.auth.Principal;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the application's {@link Authenticator}, for handshakes and first messages alike. A client
 * that declared no client id gets a fresh one first, so the per-client-id limit only ever groups
 * connections that claim the same id; an authenticator that throws refuses. Immutable.
 */
final class Authentication {

  private static final Logger log = LoggerFactory.getLogger(Authentication.class);

  private final Authenticator authenticator;
  private final Ids ids;

  Authentication(Authenticator authenticator, Ids ids) {
    this.authenticator = authenticator;
    this.ids = ids;
  }

  /** The principal for {@code credentials}, or empty when they are refused. */
  Optional<Principal> authenticate(Credentials credentials) {
    if (credentials.clientId() == null) {
      credentials = new Credentials(credentials.token(), ids.client(), credentials.source());
    }
    try {
      return authenticator.authenticate(credentials);
    } catch (RuntimeException e) {
      log.warn("authenticator failed for {}", credentials, e);
      return Optional.empty();
    }
  }

  /** A client id for a client that declared none. */
  String newClientId() {
    return ids.client();
  }
}
