package io.pushwire.server;

import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.auth.Credentials;
import io.pushwire.server.auth.Principal;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Authenticates handshakes for endpoints that take credentials in headers or query parameters,
 * and creates one {@link PushwireEndpoint} per connection.
 *
 * <p>Refusing: on Tyrus, a refused handshake is answered with HTTP 401 by raising Tyrus's own
 * {@code HandshakeException}, which Tyrus turns into the response status (any other exception
 * from {@code modifyHandshake} leaves the client waiting for a response that never comes). On
 * other containers, the connection is accepted and closed at once with 4500 (AUTH_FAILED) after an
 * error message, since JSR-356 gives no portable way to set the status.
 */
final class HandshakeConfigurator extends ServerEndpointConfig.Configurator {

  /** User-property key: the principal established at the handshake. */
  static final String PRINCIPAL_KEY = "io.pushwire.principal";
  /** User-property key: the handshake credentials were refused (non-Tyrus containers). */
  static final String REFUSED_KEY = "io.pushwire.refused";

  private final Hub hub;
  private final EndpointSpec spec;

  HandshakeConfigurator(Hub hub, EndpointSpec spec) {
    this.hub = hub;
    this.spec = spec;
  }

  @Override
  public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
    Map<String, Object> properties = sec.getUserProperties();
    properties.remove(PRINCIPAL_KEY);
    properties.remove(REFUSED_KEY);
    if (spec.authModes().contains(AuthMode.NONE)) {
      String clientId = first(request.getParameterMap(), "client_id").orElseGet(hub.authentication()::newClientId);
      properties.put(PRINCIPAL_KEY, Principal.anonymous(clientId));
      return;
    }
    if (!spec.handshakeAuth()) {
      return;
    }
    Optional<Credentials> credentials = credentialsOf(request);
    if (credentials.isEmpty()) {
      if (!spec.authModes().contains(AuthMode.FIRST_MESSAGE)) {
        refuse(request, response, properties, "credentials required");
      }
      return;
    }
    Optional<Principal> principal = hub.authentication().authenticate(credentials.get());
    if (principal.isPresent()) {
      properties.put(PRINCIPAL_KEY, principal.get());
    } else {
      refuse(request, response, properties, "credentials refused");
    }
  }

  @Override
  public <T> T getEndpointInstance(Class<T> endpointClass) {
    return endpointClass.cast(new PushwireEndpoint(hub, spec));
  }

  private Optional<Credentials> credentialsOf(HandshakeRequest request) {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(request.getHeaders());
    if (spec.authModes().contains(AuthMode.BEARER_HEADER)) {
      Optional<String> bearer = first(headers, "Authorization")
          .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
          .map(value -> value.substring(7).trim())
          .filter(token -> !token.isEmpty());
      if (bearer.isPresent()) {
        return Optional.of(new Credentials(bearer.get(), first(headers, "X-Client-ID").orElse(null),
            AuthMode.BEARER_HEADER));
      }
    }
    if (spec.authModes().contains(AuthMode.QUERY_PARAMETER)) {
      Map<String, List<String>> parameters = request.getParameterMap();
      Optional<String> token = first(parameters, "token").filter(t -> !t.isEmpty());
      if (token.isPresent()) {
        return Optional.of(new Credentials(token.get(), first(parameters, "client_id").orElse(null),
            AuthMode.QUERY_PARAMETER));
      }
    }
    return Optional.empty();
  }

  private void refuse(HandshakeRequest request, HandshakeResponse response, Map<String, Object> properties,
      String why) {
    if (ContainerCheck.isTyrus(request)) {
      hub.counters(spec).authFailures.increment();
      // Tyrus writes these headers with the error status: drop the upgrade headers it already set,
      // and say the response has no body, or HTTP clients wait for one until the socket closes.
      response.getHeaders().clear();
      response.getHeaders().put("Content-Length", List.of("0"));
      response.getHeaders().put("Connection", List.of("close"));
      throw TyrusSupport.refusal(401, "Unauthorized: " + why);
    }
    properties.put(REFUSED_KEY, Boolean.TRUE);
  }

  private static Optional<String> first(Map<String, List<String>> map, String key) {
    List<String> values = map.get(key);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
  }
}
