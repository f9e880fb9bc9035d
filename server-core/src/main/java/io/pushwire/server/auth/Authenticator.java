package io.pushwire.server.auth;

import java.util.Optional;

/**
 * Decides who presented some credentials. Called once per connection, on a container thread,
 * before anything is delivered to it: keep it fast or cache.
 *
 * <p>Implementations must be thread-safe and must not log the token.
 */
@FunctionalInterface
public interface Authenticator {

  /**
   * Returns the principal the credentials prove, or empty to refuse them. A client id the
   * client did not declare may be left to the server, which assigns one.
   *
   * @param credentials what the client presented
   * @return the principal, or empty when refused
   */
  Optional<Principal> authenticate(Credentials credentials);
}
