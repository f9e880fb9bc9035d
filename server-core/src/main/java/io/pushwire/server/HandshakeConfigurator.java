package io.pushwire.server;

import io.pushwire.server.transport.Handshake;
import io.pushwire.server.transport.HandshakeOutcome;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;

/**
 * The JSR-356 side of an endpoint's handshake: asks the {@link HubEndpoint} (origin, credentials)
 * and creates one {@link PushwireEndpoint} per connection.
 *
 * <p>Refusing: on Tyrus, a refused handshake is answered with its HTTP status (401, 403) by
 * raising Tyrus's own {@code HandshakeException}, which Tyrus turns into the response status (any
 * other exception from {@code modifyHandshake} leaves the client waiting for a response that never
 * comes). On other containers, the connection is accepted and closed at once with 4500
 * (AUTH_FAILED) after an error message, since JSR-356 gives no portable way to set the status; a
 * refused origin gets 1008 (policy violation) the same way.
 */
final class HandshakeConfigurator extends ServerEndpointConfig.Configurator {

  /** User-property key: the {@link HandshakeOutcome} of the handshake. */
  static final String OUTCOME_KEY = "io.pushwire.outcome";
  /** User-property key: the request's headers, for the connection's {@link Handshake}. */
  static final String HEADERS_KEY = "io.pushwire.headers";

  private final Hub hub;
  private final HubEndpoint endpoint;

  HandshakeConfigurator(Hub hub, HubEndpoint endpoint) {
    this.hub = hub;
    this.endpoint = endpoint;
  }

  @Override
  public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
    Map<String, Object> properties = sec.getUserProperties();
    Handshake handshake = new Handshake(request.getHeaders(), request.getParameterMap(), null);
    HandshakeOutcome outcome = endpoint.handshake(handshake);
    if (outcome instanceof HandshakeOutcome.Refuse refuse && ContainerCheck.isTyrus(request)) {
      // Tyrus writes these headers with the error status: drop the upgrade headers it already set,
      // and say the response has no body, or HTTP clients wait for one until the socket closes.
      response.getHeaders().clear();
      response.getHeaders().put("Content-Length", List.of("0"));
      response.getHeaders().put("Connection", List.of("close"));
      throw TyrusSupport.refusal(refuse.status(), refuse.reason());
    }
    properties.put(OUTCOME_KEY, outcome);
    properties.put(HEADERS_KEY, handshake.headers());
  }

  @Override
  public <T> T getEndpointInstance(Class<T> endpointClass) {
    return endpointClass.cast(new PushwireEndpoint(hub, endpoint));
  }
}
