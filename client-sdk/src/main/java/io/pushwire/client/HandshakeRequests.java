package io.pushwire.client;

import io.pushwire.client.transport.ConnectRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds each attempt's handshake: where the token and client id go for each
 * {@link TokenPlacement} (the first-message {@code auth} frame itself is sent once connected).
 */
final class HandshakeRequests {

  private HandshakeRequests() {
  }

  /**
   * The request for one attempt.
   *
   * @param token the token for this attempt, or {@code null} without one
   */
  static ConnectRequest of(ClientConfig config, String token) {
    Map<String, List<String>> headers = new LinkedHashMap<>(config.headers());
    List<String> query = new ArrayList<>();
    if (config.placement() == TokenPlacement.BEARER_HEADER) {
      headers.put("Authorization", List.of("Bearer " + token));
      if (config.clientId() != null) {
        headers.put("X-Client-ID", List.of(config.clientId()));
      }
    } else if (config.clientId() != null) {
      query.add("client_id=" + encode(config.clientId()));
    }
    if (config.placement() == TokenPlacement.QUERY_PARAMETER) {
      query.add("token=" + encode(token));
    }
    URI uri = config.uri();
    if (!query.isEmpty()) {
      uri = URI.create(uri + (uri.getRawQuery() == null ? "?" : "&") + String.join("&", query));
    }
    return new ConnectRequest(uri, headers, config.connectTimeout());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
