package io.pushwire.server;

import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.auth.TokenAuthenticator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Starts real servers on 127.0.0.1 for tests. */
public final class TestServers {

  public static final String TOKEN = "token-alice";
  public static final String BOB_TOKEN = "token-bob";

  private TestServers() {
  }

  public static Hub.Builder hub() {
    return Hub.builder().authenticator(TokenAuthenticator.of(Map.of(TOKEN, "alice", BOB_TOKEN, "bob")));
  }

  public static PushServer start(Hub hub, EndpointSpec... specs) {
    PushServer.Builder builder = PushServer.builder().host("127.0.0.1").port(0).hub(hub)
        .shutdownTimeout(java.time.Duration.ofSeconds(2));
    for (EndpointSpec spec : specs) {
      builder.endpoint(spec);
    }
    try {
      return builder.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Seed 000 style: first-message auth, flat frames. */
  public static EndpointSpec firstMessage(String path) {
    return EndpointSpec.builder(path).auth(AuthMode.FIRST_MESSAGE).dialect(Dialect.FLAT).build();
  }

  /**
   * How many of the hub's connections are authenticated: the hub delivers to a connection once it
   * shows a principal, so tests wait on this, not on the count of open connections.
   */
  public static long authenticatedConnections(Hub hub) {
    return hub.connectionIds().stream().filter(id -> hub.principal(id).isPresent()).count();
  }

  public static String url(PushServer server, String pathAndQuery) {
    return "ws://127.0.0.1:" + server.port() + pathAndQuery;
  }

  /** Connects to a first-message endpoint and authenticates as alice. */
  public static WsClient authenticated(PushServer server, String path) {
    WsClient client = WsClient.connect(url(server, path));
    client.send("{\"type\":\"auth\",\"token\":\"" + TOKEN + "\"}");
    client.await(n -> "auth ok".equals(n.path("message").asText()));
    return client;
  }
}
