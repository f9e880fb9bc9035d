package io.pushwire.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.AlertLevel;
import io.pushwire.protocol.AlertStatus;
import io.pushwire.protocol.AlertTriggered;
import io.pushwire.protocol.CommonReply;
import io.pushwire.protocol.Progress;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.server.auth.AuthMode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Subscriptions, patterns, filters and targets, over real sockets. */
class TopicsTest {

  private Hub hub;
  private PushServer server;

  private void start(Hub h, EndpointSpec spec) {
    hub = h;
    server = TestServers.start(hub, spec);
  }

  private void start() {
    start(TestServers.hub().limits(Limits.builder().maxSubscriptionsPerConnection(3).build())
            .topicAuthorizer((principal, topic) -> !topic.startsWith("admin"))
            .build(),
        EndpointSpec.builder("/ws").auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.ENVELOPE_MILLIS).build());
  }

  @AfterEach
  void stop() {
    server.close();
    hub.close();
  }

  private WsClient connect(String token) {
    return WsClient.connect(TestServers.url(server, "/ws?token=" + token));
  }

  /** Waits until {@code count} connections are authenticated, which is when publications to them arrive. */
  private void awaitAuthenticated(int count) {
    await().until(() -> TestServers.authenticatedConnections(hub) == count);
  }

  private static JsonNode subscribe(WsClient client, String id, String topicsJson) {
    client.send("{\"type\":\"subscribe\",\"id\":\"" + id + "\",\"data\":{\"topics\":" + topicsJson + "}}");
    return client.await(n -> id.equals(n.path("id").asText()));
  }

  private static TaskProgress progress(String task, int percent) {
    return new TaskProgress(task, new Progress(100, percent, 0, "x", percent, "running"));
  }

  @Test
  void subscribeIsAcknowledgedWithTheRequestId() {
    start();
    try (WsClient client = connect(TestServers.TOKEN)) {
      JsonNode ack = subscribe(client, "sub_123", "[\"task:progress\"]");
      assertEquals("ack", ack.path("type").asText());
      assertTrue(ack.path("data").path("success").asBoolean());
    }
  }

  @Test
  void exactSubscriberReceivesPublicationsAndOthersDoNot() {
    start();
    try (WsClient subscriber = connect(TestServers.TOKEN); WsClient other = connect(TestServers.BOB_TOKEN)) {
      subscribe(subscriber, "s", "[\"task:progress\"]");
      subscribe(other, "s", "[\"task:status\"]");
      hub.publish("task:progress", progress("t1", 45));
      JsonNode pushed = subscriber.awaitType("task_progress");
      assertEquals(45, pushed.path("data").path("progress").path("percentage").asInt());
      hub.publish("task:status", CommonReply.OK);
      other.awaitType("common_reply");
      assertTrue(other.ofType("task_progress").isEmpty());
    }
  }

  @Test
  void wildcardPatternMatchesTopicsAndDeliversOnceWhenOverlapping() {
    start();
    try (WsClient client = connect(TestServers.TOKEN)) {
      subscribe(client, "s1", "[\"task:*\", \"task:progress\"]");
      hub.publish("task:progress", progress("t1", 10));
      hub.publish("task:other", progress("t2", 20));
      hub.publish("alert.cpu", progress("t3", 30));
      hub.publish("task:progress", progress("t4", 40));
      client.await(n -> "t4".equals(n.path("data").path("task_id").asText()));
      List<String> tasks = client.ofType("task_progress").stream()
          .map(n -> n.path("data").path("task_id").asText()).toList();
      assertEquals(List.of("t1", "t2", "t4"), tasks);
    }
  }

  @Test
  void filtersPassOnlyMatchingFieldValues() {
    start(TestServers.hub().build(),
        EndpointSpec.builder("/ws").auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.ENVELOPE_ISO).build());
    try (WsClient client = connect(TestServers.TOKEN)) {
      client.send("{\"type\":\"subscribe\",\"id\":\"f\",\"data\":{\"events\":[\"alert.cpu\"],"
          + "\"filters\":{\"level\":[\"warning\",\"critical\"]}}}");
      client.await(n -> "f".equals(n.path("id").asText()));
      for (AlertLevel level : List.of(AlertLevel.INFO, AlertLevel.WARNING, AlertLevel.CRITICAL)) {
        hub.publish("alert.cpu", new AlertTriggered("a-" + level.wire(), "cpu", level, "t", "m", 85.0, 80.0,
            AlertStatus.ACTIVE, null));
      }
      client.await(n -> "a-critical".equals(n.path("data").path("alert_id").asText()));
      List<String> levels = client.ofType("alert").stream().map(n -> n.path("data").path("level").asText()).toList();
      assertEquals(List.of("warning", "critical"), levels);
    }
  }

  @Test
  void unsubscribeStopsDelivery() {
    start();
    try (WsClient client = connect(TestServers.TOKEN)) {
      subscribe(client, "s", "[\"task:progress\"]");
      client.send("{\"type\":\"unsubscribe\",\"id\":\"u\",\"data\":{\"topics\":[\"task:progress\"]}}");
      client.await(n -> "u".equals(n.path("id").asText()));
      assertEquals(0, hub.stats().subscriptions());
      hub.publish("task:progress", progress("t1", 1));
      hub.broadcast(CommonReply.OK);
      client.awaitType("common_reply");
      assertTrue(client.ofType("task_progress").isEmpty());
    }
  }

  @Test
  void undeclaredTopicIsRefusedWithTopicNotFound() {
    start(TestServers.hub().build(), EndpointSpec.builder("/ws").auth(AuthMode.QUERY_PARAMETER)
        .dialect(Dialect.ENVELOPE_MILLIS).declaredTopics(Set.of("task:progress", "task:status")).build());
    try (WsClient client = connect(TestServers.TOKEN)) {
      JsonNode error = subscribe(client, "s", "[\"task:progress\", \"nope\"]");
      assertEquals("error", error.path("type").asText());
      assertEquals("TOPIC_NOT_FOUND", error.path("error").path("code").asText());
      assertTrue(error.path("error").path("details").path("topics").has("nope"));
      assertEquals(0, hub.stats().subscriptions(), "a refused subscribe subscribes to nothing");
      assertTrue(subscribe(client, "ok", "[\"task:*\"]").path("data").path("success").asBoolean(),
          "a pattern matching a declared topic is allowed");
    }
  }

  @Test
  void patternOnAnEndpointWithDeclaredTopicsReceivesOnlyDeclaredTopics() {
    start(TestServers.hub().build(), EndpointSpec.builder("/ws").auth(AuthMode.QUERY_PARAMETER)
        .dialect(Dialect.ENVELOPE_MILLIS).declaredTopics(Set.of("task:progress")).build());
    try (WsClient client = connect(TestServers.TOKEN)) {
      subscribe(client, "s", "[\"task:*\"]");
      hub.publish("task:secret", progress("hidden", 1));
      hub.publish("task:progress", progress("shown", 2));
      client.await(n -> "shown".equals(n.path("data").path("task_id").asText()));
      assertEquals(1, client.ofType("task_progress").size());
    }
  }

  @Test
  void aHandlerCanSubscribeItsConnectionOnTheServersDecision() {
    start();
    hub.onRequest(io.pushwire.protocol.SubscribeTask.class, (request, ctx) -> {
      if (ctx.subscribe("task:" + request.videoId())) {
        ctx.reply(io.pushwire.protocol.Ack.ok());
      }
    });
    try (WsClient client = connect(TestServers.TOKEN)) {
      client.send("{\"type\":\"subscribe_task\",\"id\":\"j\",\"payload\":{\"videoId\":\"v1\"}}");
      client.await(n -> "j".equals(n.path("id").asText()));
      hub.publish("task:v1", progress("v1", 50));
      assertEquals("v1", client.awaitType("task_progress").path("data").path("task_id").asText());
    }
  }

  @Test
  void authorizerRefusalIsForbidden() {
    start();
    try (WsClient client = connect(TestServers.TOKEN)) {
      assertEquals("FORBIDDEN", subscribe(client, "s", "[\"admin:secrets\"]").path("error").path("code").asText());
    }
  }

  @Test
  void subscriptionLimitRefusesTheWholeRequest() {
    start();
    try (WsClient client = connect(TestServers.TOKEN)) {
      subscribe(client, "a", "[\"t1\", \"t2\"]");
      JsonNode error = subscribe(client, "b", "[\"t3\", \"t4\"]");
      assertEquals("SUBSCRIPTION_LIMIT_EXCEEDED", error.path("error").path("code").asText());
      assertEquals(2, hub.stats().subscriptions());
    }
  }

  @Test
  void subscriptionsDieWithTheirConnection() {
    start();
    WsClient client = connect(TestServers.TOKEN);
    subscribe(client, "a", "[\"t1\", \"t:*\"]");
    assertEquals(2, hub.stats().subscriptions());
    client.close();
    await().until(() -> hub.stats().connections() == 0 && hub.stats().subscriptions() == 0);
  }

  @Test
  void userTargetReachesEveryConnectionOfThatUserOnly() {
    start();
    try (WsClient a1 = connect(TestServers.TOKEN); WsClient a2 = connect(TestServers.TOKEN);
         WsClient bob = connect(TestServers.BOB_TOKEN)) {
      awaitAuthenticated(3);
      hub.publishToUser("alice", progress("for-alice", 1));
      a1.awaitType("task_progress");
      a2.awaitType("task_progress");
      hub.publishToUser("bob", CommonReply.OK);
      bob.awaitType("common_reply");
      assertTrue(bob.ofType("task_progress").isEmpty());
    }
  }

  @Test
  void connectionTargetReachesOnlyThatConnection() {
    start();
    try (WsClient first = connect(TestServers.TOKEN)) {
      awaitAuthenticated(1);
      String firstId = hub.connectionIds().iterator().next();
      try (WsClient second = connect(TestServers.TOKEN)) {
        awaitAuthenticated(2);
        hub.publishToConnection(firstId, progress("only-first", 1));
        first.awaitType("task_progress");
        hub.broadcast(CommonReply.OK);
        second.awaitType("common_reply");
        assertTrue(second.ofType("task_progress").isEmpty());
      }
    }
  }

  @Test
  void onePublicationIsEncodedOnceAndTheSameFrameReachesEveryRecipient() {
    start();
    try (WsClient a = connect(TestServers.TOKEN); WsClient b = connect(TestServers.BOB_TOKEN)) {
      subscribe(a, "s", "[\"task:progress\"]");
      subscribe(b, "s", "[\"task:*\"]");
      hub.publish("task:progress", progress("t1", 5));
      a.awaitType("task_progress");
      b.awaitType("task_progress");
      assertEquals(a.ofType("task_progress").get(0), b.ofType("task_progress").get(0),
          "same id, same timestamp, same text");
    }
  }
}
