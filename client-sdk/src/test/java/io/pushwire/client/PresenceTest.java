package io.pushwire.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pushwire.protocol.ErrorCode;
import io.pushwire.protocol.PresenceLeave;
import io.pushwire.protocol.PresenceResult;
import io.pushwire.server.Hub;
import io.pushwire.server.Limits;
import io.pushwire.server.PushServer;
import io.pushwire.server.auth.Principal;
import io.pushwire.server.auth.TokenAuthenticator;
import io.pushwire.server.topics.TopicAuthorizer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link PushClient#presence}: who is subscribed, against a real server, with a connection that vanishes. */
class PresenceTest extends ClientTestSupport {

  private static final String BOB_TOKEN = "bob-token";

  private PushServer serve() throws Exception {
    Hub hub = track(Hub.builder()
        .authenticator(TokenAuthenticator.of(Map.of(TestServer.TOKEN, TestServer.USER, BOB_TOKEN, "bob")))
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
        // Short, so a connection whose network vanished is noticed within the test.
        .limits(Limits.builder().pingInterval(Duration.ofMillis(100)).idleTimeout(Duration.ofMillis(800)).build())
        .build());
    return track(PushServer.builder().host("127.0.0.1").port(0).hub(hub).shutdownTimeout(Duration.ofSeconds(2))
        .endpoint(FIRST_MESSAGE_ENDPOINT).build().start());
  }

  private PushClient member(int port, String token, String clientId) throws Exception {
    PushClient client = track(PushClient.builder(URI.create("ws://127.0.0.1:" + port + "/ws"))
        .token(token, TokenPlacement.FIRST_MESSAGE).clientId(clientId)
        .heartbeat(Duration.ofMillis(100), Duration.ofSeconds(30)).build());
    client.connect().get(20, TimeUnit.SECONDS);
    client.subscribe("room:1").get(10, TimeUnit.SECONDS);
    return client;
  }

  @Test
  void presenceCountsConnectionsAndUsersAndDropsOneWhoseNetworkVanished() throws Exception {
    PushServer server = serve();
    FaultProxy proxy = track(new FaultProxy(server.port()));
    member(proxy.port(), TestServer.TOKEN, "alice-laptop"); // through the proxy: its network will vanish
    member(server.port(), TestServer.TOKEN, "alice-phone");
    PushClient bob = member(server.port(), BOB_TOKEN, "bob-desk");
    List<PresenceLeave> leaves = new CopyOnWriteArrayList<>();
    bob.on(PresenceLeave.class, leaves::add);

    PresenceResult before = bob.presence("room:1").get(10, TimeUnit.SECONDS);
    assertEquals(3, before.connections());
    assertEquals(2, before.users());
    assertEquals(List.of("alice-laptop", "alice-phone", "bob-desk"),
        before.clients().stream().map(PresenceResult.Client::client).sorted().toList());
    assertEquals(Map.of("name", "BOB"),
        before.clients().stream().filter(c -> c.user().equals("bob")).findFirst().orElseThrow().info());

    proxy.stall(true); // no close, no RST: the laptop just goes silent

    await().atMost(Duration.ofSeconds(10)).until(() -> bob.presence("room:1").get(10, TimeUnit.SECONDS).connections() == 2);
    PresenceResult after = bob.presence("room:1").get(10, TimeUnit.SECONDS);
    assertEquals(List.of("alice-phone", "bob-desk"),
        after.clients().stream().map(PresenceResult.Client::client).sorted().toList());
    assertEquals(2, after.users());
    await().until(() -> leaves.size() == 1);
    assertEquals("alice-laptop", leaves.get(0).client().client());
    assertEquals("room:1", leaves.get(0).topic());
  }

  @Test
  void presenceOnATopicThatDoesNotAllowItFailsWithUnauthorized() throws Exception {
    PushServer server = serve();
    PushClient alice = member(server.port(), TestServer.TOKEN, "alice-laptop");
    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> alice.presence("secret").get(10, TimeUnit.SECONDS));
    RequestFailedException refused = assertInstanceOf(RequestFailedException.class, failure.getCause());
    assertEquals(ErrorCode.UNAUTHORIZED, refused.code());
  }
}
