package io.pushwire.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.PresenceResult;
import io.pushwire.server.auth.AuthMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who is subscribed to a topic: the presence request and {@link Hub#presence}, over real sockets. */
class PresenceTest {

  private Hub hub;
  private PushServer server;

  @BeforeEach
  void start() {
    hub = TestServers.hub()
        .topicAuthorizer(new io.pushwire.server.topics.TopicAuthorizer() {
          @Override
          public boolean canSubscribe(io.pushwire.server.auth.Principal principal, String topic) {
            return true;
          }

          @Override
          public boolean canSeePresence(io.pushwire.server.auth.Principal principal, String topic) {
            return topic.startsWith("room:");
          }
        })
        .presenceInfo(principal -> Map.of("name", principal.userId().toUpperCase()))
        .presenceEvents(topic -> topic.startsWith("room:"))
        .build();
    server = TestServers.start(hub,
        EndpointSpec.builder("/ws").auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.ENVELOPE_MILLIS).build());
  }

  @AfterEach
  void stop() {
    server.close();
    hub.close();
  }

  private WsClient subscribed(String token, String topic) {
    WsClient client = WsClient.connect(TestServers.url(server, "/ws?token=" + token));
    client.send("{\"type\":\"subscribe\",\"id\":\"s\",\"data\":{\"topics\":[\"" + topic + "\"]}}");
    client.await(n -> "s".equals(n.path("id").asText()));
    return client;
  }

  private static JsonNode presence(WsClient client, String id, String topic) {
    client.send("{\"type\":\"presence\",\"id\":\"" + id + "\",\"data\":{\"topic\":\"" + topic + "\"}}");
    return client.await(n -> id.equals(n.path("id").asText()));
  }

  @Test
  void aPresenceRequestListsEveryConnectionWithItsUserClientAndInfo() {
    try (WsClient alice1 = subscribed(TestServers.TOKEN, "room:1");
        WsClient alice2 = subscribed(TestServers.TOKEN, "room:1");
        WsClient bob = subscribed(TestServers.BOB_TOKEN, "room:1");
        WsClient elsewhere = subscribed(TestServers.BOB_TOKEN, "room:2")) {
      JsonNode reply = presence(bob, "p1", "room:1");
      assertEquals("presence_result", reply.path("type").asText(), reply.toString());
      JsonNode data = reply.path("data");
      assertEquals("room:1", data.path("topic").asText());
      assertEquals(3, data.path("connections").asInt());
      assertEquals(2, data.path("users").asInt());
      assertFalse(data.path("truncated").asBoolean());
      List<String> users = new ArrayList<>();
      data.path("clients").forEach(c -> {
        users.add(c.path("user").asText());
        assertEquals(c.path("user").asText().toUpperCase(), c.path("info").path("name").asText());
        assertFalse(c.path("connection").asText().isEmpty());
        assertFalse(c.path("client").asText().isEmpty());
      });
      users.sort(null);
      assertEquals(List.of("alice", "alice", "bob"), users);
    }
  }

  @Test
  void aTopicWhoseAuthorizerDoesNotAllowPresenceAnswersUnauthorized() {
    try (WsClient alice = subscribed(TestServers.TOKEN, "secret")) {
      JsonNode reply = presence(alice, "p1", "secret");
      assertEquals("error", reply.path("type").asText());
      assertEquals("UNAUTHORIZED", reply.path("error").path("code").asText(), reply.toString());
    }
  }

  @Test
  void theJavaApiCountsConnectionsAndUsersAndForgetsThoseThatLeave() {
    WsClient alice = subscribed(TestServers.TOKEN, "room:1");
    try (WsClient bob = subscribed(TestServers.BOB_TOKEN, "room:1")) {
      PresenceResult result = hub.presence("room:1").join();
      assertEquals(2, result.connections());
      assertEquals(2, result.users());
      alice.close();
      await().until(() -> hub.presence("room:1").join().connections() == 1);
      assertEquals("bob", hub.presence("room:1").join().clients().get(0).user());
    }
  }

  @Test
  void aPatternSubscriptionCountsTowardsEveryTopicItMatches() {
    try (WsClient alice = subscribed(TestServers.TOKEN, "room:*")) {
      assertEquals(1, hub.presence("room:7").join().connections());
      assertTrue(hub.presence("hall").join().clients().isEmpty());
    }
  }

  @Test
  void subscribersOfAnEnabledTopicAreToldWhoJoinsAndLeaves() {
    try (WsClient alice = subscribed(TestServers.TOKEN, "room:1")) {
      WsClient bob = subscribed(TestServers.BOB_TOKEN, "room:1");
      JsonNode join = alice.await(n -> "presence_join".equals(n.path("type").asText())
          && "bob".equals(n.path("data").path("client").path("user").asText()));
      assertEquals("room:1", join.path("data").path("topic").asText());
      assertEquals("BOB", join.path("data").path("client").path("info").path("name").asText());
      String bobsConnection = join.path("data").path("client").path("connection").asText();
      bob.close();
      JsonNode leave = alice.await(n -> "presence_leave".equals(n.path("type").asText()));
      assertEquals(bobsConnection, leave.path("data").path("client").path("connection").asText());
      assertFalse(leave.has("pos"));
    }
  }

  @Test
  void anUnsubscribeIsALeaveAndAResubscribeIsNotASecondJoin() {
    try (WsClient alice = subscribed(TestServers.TOKEN, "room:1"); WsClient bob = subscribed(TestServers.BOB_TOKEN, "room:1")) {
      alice.await(n -> "presence_join".equals(n.path("type").asText())
          && "bob".equals(n.path("data").path("client").path("user").asText()));
      bob.send("{\"type\":\"subscribe\",\"id\":\"again\",\"data\":{\"topics\":[\"room:1\"]}}");
      bob.await(n -> "again".equals(n.path("id").asText()));
      bob.send("{\"type\":\"unsubscribe\",\"id\":\"u\",\"data\":{\"topics\":[\"room:1\"]}}");
      alice.await(n -> "presence_leave".equals(n.path("type").asText()));
      long bobJoins = alice.ofType("presence_join").stream()
          .filter(n -> "bob".equals(n.path("data").path("client").path("user").asText())).count();
      assertEquals(1, bobJoins);
    }
  }

  @Test
  void aTopicWithoutPresenceEventsSendsNone() {
    try (WsClient alice = subscribed(TestServers.TOKEN, "secret")) {
      WsClient bob = subscribed(TestServers.BOB_TOKEN, "secret");
      bob.close();
      await().until(() -> hub.presence("secret").join().connections() == 1);
      // a marker publication after both events would have been queued: none came before it
      hub.publish("secret", io.pushwire.protocol.CommonReply.OK);
      alice.awaitType("common_reply");
      assertTrue(alice.ofType("presence_join").isEmpty());
      assertTrue(alice.ofType("presence_leave").isEmpty());
    }
  }
}
