package io.pushwire.server.auth;

import java.util.Map;
import java.util.Objects;

/**
 * Who a connection belongs to, available to every request handler and authorizer.
 *
 * @param userId the user; all of a user's connections are reachable as one target
 * @param clientId the client id (declared by the client, or assigned by the server)
 * @param claims further facts the authenticator established (JWT claims, roles), never the token
 */
public record Principal(String userId, String clientId, Map<String, Object> claims) {

  public Principal {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(clientId, "clientId");
    claims = claims == null ? Map.of() : Map.copyOf(claims);
  }

  /** An anonymous principal for endpoints without auth. */
  public static Principal anonymous(String clientId) {
    return new Principal("anonymous", clientId, Map.of());
  }
}
