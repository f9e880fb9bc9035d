package io.pushwire.broker.redis;

import io.pushwire.server.Dialect;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import io.pushwire.server.PushServer;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.auth.TokenAuthenticator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

/** One Pushwire node of a test cluster: a hub on a Redis broker, served by a PushServer on 127.0.0.1. */
final class Node implements AutoCloseable {

  static final String ALICE_TOKEN = "token-alice";
  static final String BOB_TOKEN = "token-bob";
  static final EndpointSpec ENDPOINT = EndpointSpec.builder("/ws").auth(AuthMode.FIRST_MESSAGE)
      .dialect(Dialect.ENVELOPE_MILLIS).build();

  final RedisBroker broker;
  final Hub hub;
  final PushServer server;

  private Node(RedisBroker broker, Hub hub, PushServer server) {
    this.broker = broker;
    this.hub = hub;
    this.server = server;
  }

  /** A node on {@code port} (0 for any free one). */
  static Node start(String redisUri, String keyPrefix, int port) {
    RedisBroker broker = RedisBroker.connect(redisUri, RedisBrokerOptions.defaults().withKeyPrefix(keyPrefix)
        .withCommandTimeout(Duration.ofMillis(1_000)).withReconnectMaxDelay(Duration.ofMillis(200)));
    Hub hub = Hub.builder().broker(broker)
        .authenticator(TokenAuthenticator.of(Map.of(ALICE_TOKEN, "alice", BOB_TOKEN, "bob")))
        .build();
    try {
      PushServer server = PushServer.builder().host("127.0.0.1").port(port).hub(hub)
          .shutdownTimeout(Duration.ofSeconds(1)).endpoint(ENDPOINT).build().start();
      return new Node(broker, hub, server);
    } catch (IOException e) {
      hub.close();
      throw new UncheckedIOException(e);
    }
  }

  String url() {
    return "ws://127.0.0.1:" + server.port() + "/ws";
  }

  @Override
  public void close() {
    server.close();
    hub.close();
  }
}
