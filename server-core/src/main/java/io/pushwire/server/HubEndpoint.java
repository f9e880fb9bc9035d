package io.pushwire.server;

import io.pushwire.protocol.CloseCode;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.auth.Credentials;
import io.pushwire.server.auth.Principal;
import io.pushwire.server.transport.Handshake;
import io.pushwire.server.transport.HandshakeOutcome;
import io.pushwire.server.transport.Transport;
import io.pushwire.server.transport.TransportEndpoint;
import io.pushwire.server.transport.TransportListener;
import java.util.List;
import java.util.Optional;

/**
 * A hub's endpoint as every engine serves it: the handshake's checks (origin, credentials) and the
 * opening of a connection, in one place for the JSR-356 adapter and the standalone engines alike.
 * Immutable.
 */
final class HubEndpoint implements TransportEndpoint {

  /** The listener of a transport that never became a connection: its close only leaves the gate. */
  private final TransportListener unadmitted;

  private final Hub hub;
  private final EndpointSpec spec;

  HubEndpoint(Hub hub, EndpointSpec spec) {
    this.hub = hub;
    this.spec = spec;
    this.unadmitted = new TransportListener() {
      @Override
      public void onText(String text) {
      }

      @Override
      public void onPong() {
      }

      @Override
      public void onClosed() {
        hub.transportClosed();
      }
    };
  }

  @Override
  public EndpointSpec spec() {
    return spec;
  }

  @Override
  public List<String> paths() {
    return spec.framings().mountPaths(spec.path());
  }

  @Override
  public HandshakeOutcome handshake(Handshake handshake) {
    Optional<String> origin = handshake.header("Origin");
    if (origin.isPresent() && !spec.origins().allows(origin.get(), handshake.header("Host").orElse(null))) {
      hub.counters(spec).refusedOrigins.increment();
      return new HandshakeOutcome.Refuse(403, "origin not allowed");
    }
    if (spec.authModes().contains(AuthMode.NONE)) {
      String clientId = handshake.parameter("client_id").orElseGet(hub.authentication()::newClientId);
      return new HandshakeOutcome.Accept(Principal.anonymous(clientId));
    }
    if (!spec.handshakeAuth()) {
      return new HandshakeOutcome.Accept(null);
    }
    Optional<Credentials> credentials = credentialsOf(handshake);
    if (credentials.isEmpty()) {
      return spec.authModes().contains(AuthMode.FIRST_MESSAGE)
          ? new HandshakeOutcome.Accept(null)
          : refuse("credentials required");
    }
    Optional<Principal> principal = hub.authentication().authenticate(credentials.get());
    return principal.<HandshakeOutcome>map(HandshakeOutcome.Accept::new).orElseGet(() -> refuse("credentials refused"));
  }

  @Override
  public TransportListener open(Transport transport, Handshake handshake, HandshakeOutcome outcome) {
    PushConnection c = hub.open(transport, handshake, spec);
    if (c == null) {
      return unadmitted;
    }
    c.begin();
    if (outcome instanceof HandshakeOutcome.Refuse refusal) {
      c.refuseHandshake(refusal);
    } else if (((HandshakeOutcome.Accept) outcome).principal() != null) {
      c.admitHandshake(((HandshakeOutcome.Accept) outcome).principal());
    } else {
      c.awaitFirstMessageAuth();
    }
    return c;
  }

  private HandshakeOutcome refuse(String why) {
    hub.counters(spec).authFailures.increment();
    return new HandshakeOutcome.Refuse(401, "Unauthorized: " + why);
  }

  private Optional<Credentials> credentialsOf(Handshake handshake) {
    if (spec.authModes().contains(AuthMode.BEARER_HEADER)) {
      Optional<String> bearer = handshake.header("Authorization")
          .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
          .map(value -> value.substring(7).trim())
          .filter(token -> !token.isEmpty());
      if (bearer.isPresent()) {
        return Optional.of(new Credentials(bearer.get(), handshake.header("X-Client-ID").orElse(null),
            AuthMode.BEARER_HEADER));
      }
    }
    if (spec.authModes().contains(AuthMode.QUERY_PARAMETER)) {
      Optional<String> token = handshake.parameter("token").filter(t -> !t.isEmpty());
      if (token.isPresent()) {
        return Optional.of(new Credentials(token.get(), handshake.parameter("client_id").orElse(null),
            AuthMode.QUERY_PARAMETER));
      }
    }
    return Optional.empty();
  }
}
