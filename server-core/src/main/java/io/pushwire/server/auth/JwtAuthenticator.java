package io.pushwire.server.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Accepts HS256-signed JWTs (seed 004 authenticates with a JWT). The signature and {@code exp}
 * are checked by the well-kept {@code com.auth0:java-jwt} library, which applications using this
 * class add to their own dependencies (Pushwire declares it optional). The user id is the
 * {@code sub} claim, or {@code userId} when there is no {@code sub}. Thread-safe.
 */
public final class JwtAuthenticator implements Authenticator {

  private final JWTVerifier verifier;

  private JwtAuthenticator(JWTVerifier verifier) {
    this.verifier = verifier;
  }

  /**
   * Verifies HS256 tokens signed with {@code secret}, allowing {@code leewaySeconds} of clock skew
   * on {@code exp}.
   */
  public static JwtAuthenticator hs256(byte[] secret, long leewaySeconds) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("an HS256 secret must be at least 256 bits (32 bytes)");
    }
    return new JwtAuthenticator(JWT.require(Algorithm.HMAC256(secret)).acceptLeeway(leewaySeconds).build());
  }

  @Override
  public Optional<Principal> authenticate(Credentials credentials) {
    DecodedJWT jwt;
    try {
      jwt = verifier.verify(credentials.token());
    } catch (JWTVerificationException e) {
      return Optional.empty();
    }
    String user = jwt.getSubject() != null ? jwt.getSubject() : jwt.getClaim("userId").asString();
    if (user == null) {
      return Optional.empty();
    }
    Map<String, Object> claims = new LinkedHashMap<>();
    for (Map.Entry<String, Claim> claim : jwt.getClaims().entrySet()) {
      Object value = claim.getValue().as(Object.class);
      if (value != null) {
        claims.put(claim.getKey(), value);
      }
    }
    String clientId = credentials.clientId() == null ? user : credentials.clientId();
    return Optional.of(new Principal(user, clientId, claims));
  }
}
