package io.pushwire.client;

import static org.awaitility.Awaitility.await;

import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import io.pushwire.server.Limits;
import io.pushwire.server.PushServer;
import io.pushwire.server.auth.Principal;
import io.pushwire.server.auth.TokenAuthenticator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A real Pushwire server on 127.0.0.1 for the tests, restartable on the same port with a fresh
 * hub (as a redeployed server would be). The hub accepts the token {@link #TOKEN} for user
 * {@link #USER}.
 */
final class TestServer implements AutoCloseable {

  static final String TOKEN = "s3cret";
  static final String USER = "alice";

  private final Limits limits;
  /** Sets up each (re)start's new hub and says which endpoints to serve; the first is {@link #uri()}'s. */
  private final Function<Hub, List<EndpointSpec>> setup;
  /** Test thread only. */
  private Hub hub;
  private PushServer server;
  private int port;
  /** The first endpoint's path; test thread only. */
  private String firstPath;

  private TestServer(Limits limits, Function<Hub, List<EndpointSpec>> setup) {
    this.limits = limits;
    this.setup = setup;
  }

  static TestServer start(EndpointSpec spec) {
    return start(spec, Limits.defaults(), hub -> { });
  }

  static TestServer start(EndpointSpec spec, Limits limits, Consumer<Hub> setup) {
    return start(List.of(spec), limits, setup);
  }

  /** A server with several endpoints on one hub; {@code setup} runs on every (re)start's new hub. */
  static TestServer start(List<EndpointSpec> specs, Limits limits, Consumer<Hub> setup) {
    List<EndpointSpec> served = List.copyOf(specs);
    return serving(limits, hub -> {
      setup.accept(hub);
      return served;
    });
  }

  /** A server whose endpoints come from the set-up of its hub (a feature that makes its own, as monitoring does). */
  static TestServer serving(Limits limits, Function<Hub, List<EndpointSpec>> setup) {
    TestServer s = new TestServer(limits, setup);
    s.startOn(0);
    return s;
  }

  private void startOn(int requestedPort) {
    hub = Hub.builder().authenticator(TokenAuthenticator.single(TOKEN, USER)).limits(limits).build();
    List<EndpointSpec> specs = setup.apply(hub);
    firstPath = specs.get(0).path();
    try {
      PushServer.Builder builder = PushServer.builder().host("127.0.0.1").port(requestedPort).hub(hub)
          .shutdownTimeout(Duration.ofSeconds(2));
      specs.forEach(builder::endpoint);
      server = builder.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    port = server.port();
  }

  Hub hub() {
    return hub;
  }

  int port() {
    return port;
  }

  URI uri() {
    return uriVia(port);
  }

  /** The URI of the endpoint at {@code path} (one of this server's). */
  URI uri(String path) {
    return URI.create("ws://127.0.0.1:" + port + path);
  }

  /** The endpoint's URI on another port (a proxy in front of this server). */
  URI uriVia(int otherPort) {
    return URI.create("ws://127.0.0.1:" + otherPort + firstPath);
  }

  /**
   * The id of the one authenticated connection, once the server has registered it (a handshake
   * completes on the client a moment before the server's endpoint opens).
   */
  String onlyConnection() {
    return await().until(() -> hub.connectionIds().stream().filter(id -> hub.principal(id).isPresent()).toList(),
        ids -> ids.size() == 1).get(0);
  }

  /** How many connections are authenticated: the hub delivers to a connection once it shows a principal. */
  long authenticatedConnections() {
    return hub.connectionIds().stream().filter(id -> hub.principal(id).isPresent()).count();
  }

  /** Who the one authenticated connection belongs to. */
  Principal onlyPrincipal() {
    return hub.principal(onlyConnection()).orElseThrow();
  }

  /** Stops serving: every client gets 1001. */
  void stop() {
    if (server != null) {
      server.close();
      hub.close();
      server = null;
    }
  }

  /** Starts again on the same port, with a new hub. */
  void startAgain() {
    startOn(port);
  }

  @Override
  public void close() {
    stop();
  }
}
