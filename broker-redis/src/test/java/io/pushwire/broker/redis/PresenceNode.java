package io.pushwire.broker.redis;

import io.pushwire.server.Hub;
import io.pushwire.server.PushServer;
import io.pushwire.server.auth.Principal;
import io.pushwire.server.auth.TokenAuthenticator;
import io.pushwire.server.topics.TopicAuthorizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

/**
 * A test node whose topics {@code room:*} show presence and send join/leave events, on a Redis
 * broker with short presence timings (renewed every {@link #REFRESH}, gone {@link #TTL} after the
 * last renewal). {@code PresenceNode <redisUri> <keyPrefix>} runs one in a child JVM: it prints
 * {@code READY <port>} and runs until killed.
 */
final class PresenceNode implements AutoCloseable {

  static final Duration REFRESH = Duration.ofMillis(250);
  static final Duration TTL = Duration.ofMillis(1_500);
  static final String CAROL_TOKEN = "token-carol";

  final RedisBroker broker;
  final Hub hub;
  final PushServer server;

  private PresenceNode(RedisBroker broker, Hub hub, PushServer server) {
    this.broker = broker;
    this.hub = hub;
    this.server = server;
  }

  static PresenceNode start(String redisUri, String keyPrefix) {
    RedisBroker broker = RedisBroker.connect(redisUri, RedisBrokerOptions.defaults().withKeyPrefix(keyPrefix)
        .withCommandTimeout(Duration.ofMillis(1_000)).withReconnectMaxDelay(Duration.ofMillis(200))
        .withPresence(REFRESH, TTL));
    Hub hub = Hub.builder().broker(broker)
        .authenticator(TokenAuthenticator.of(Map.of(Node.ALICE_TOKEN, "alice", Node.BOB_TOKEN, "bob",
            CAROL_TOKEN, "carol")))
        .topicAuthorizer(new TopicAuthorizer() {
          @Override
          public boolean canSubscribe(Principal principal, String topic) {
            return true;
          }

          @Override
          public boolean canSeePresence(Principal principal, String topic) {
            return topic.startsWith("room:");
          }
        })
        .presenceInfo(principal -> Map.of("name", principal.userId().toUpperCase()))
        .presenceEvents(topic -> topic.startsWith("room:"))
        .build();
    try {
      PushServer server = PushServer.builder().host("127.0.0.1").port(0).hub(hub)
          .shutdownTimeout(Duration.ofSeconds(1)).endpoint(Node.ENDPOINT).build().start();
      return new PresenceNode(broker, hub, server);
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

  public static void main(String[] args) throws InterruptedException {
    PresenceNode node = start(args[0], args[1]);
    System.out.println("READY " + node.server.port());
    System.out.flush();
    Thread.currentThread().join(); // until the test kills the process
  }
}
