package io.pushwire.server.auth;

import java.util.Objects;

/**
 * What a client presented. {@link #toString()} never shows the token, so credentials are safe to
 * log.
 *
 * @param token the token or API key
 * @param clientId the client's self-declared id ({@code X-Client-ID} or {@code client_id}); when the
 *     client declared none, the hub passes a fresh server-assigned id
 * @param source where the token was found
 */
public record Credentials(String token, String clientId, AuthMode source) {

  public Credentials {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(source, "source");
  }

  @Override
  public String toString() {
    return "Credentials[token=<redacted>, clientId=" + clientId + ", source=" + source + "]";
  }
}
