package io.pushwire.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * Accepts a fixed set of tokens, each belonging to a user. Tokens are compared in constant time.
 * Immutable and thread-safe.
 */
public final class TokenAuthenticator implements Authenticator {

  private final Map<String, String> userByToken;

  private TokenAuthenticator(Map<String, String> userByToken) {
    if (userByToken.isEmpty()) {
      throw new IllegalArgumentException("at least one token is required");
    }
    this.userByToken = Map.copyOf(userByToken);
  }

  /** Accepts each key as a token for the user named by its value. */
  public static TokenAuthenticator of(Map<String, String> userByToken) {
    return new TokenAuthenticator(userByToken);
  }

  /** Accepts one token, for the user {@code userId}. */
  public static TokenAuthenticator single(String token, String userId) {
    return new TokenAuthenticator(Map.of(token, userId));
  }

  @Override
  public Optional<Principal> authenticate(Credentials credentials) {
    byte[] presented = credentials.token().getBytes(StandardCharsets.UTF_8);
    String user = null;
    for (Map.Entry<String, String> entry : userByToken.entrySet()) {
      // Visit every entry so the time taken does not depend on which token matched.
      if (MessageDigest.isEqual(presented, entry.getKey().getBytes(StandardCharsets.UTF_8))) {
        user = entry.getValue();
      }
    }
    if (user == null) {
      return Optional.empty();
    }
    String clientId = credentials.clientId() == null ? user : credentials.clientId();
    return Optional.of(new Principal(user, clientId, Map.of()));
  }
}
