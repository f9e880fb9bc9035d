package io.pushwire.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.CloseCode;
import io.pushwire.protocol.CommonReply;
import io.pushwire.protocol.GetTask;
import io.pushwire.protocol.TaskState;
import io.pushwire.protocol.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Seed 000's first-message auth, over real sockets. */
class FirstMessageAuthTest {

  private Hub hub;
  private PushServer server;

  private void start(Limits limits) {
    hub = TestServers.hub().limits(limits).build();
    server = TestServers.start(hub, TestServers.firstMessage("/ws"));
  }

  @AfterEach
  void stop() {
    server.close();
    hub.close();
  }

  @Test
  void validTokenIsAnsweredWithAuthOk() {
    start(Limits.defaults());
    try (WsClient client = WsClient.connect(TestServers.url(server, "/ws"))) {
      client.send("{\"type\":\"auth\",\"token\":\"" + TestServers.TOKEN + "\"}");
      JsonNode reply = client.awaitType("common_reply");
      assertEquals("{\"type\":\"common_reply\",\"message\":\"auth ok\"}", reply.toString());
    }
  }

  @Test
  void wrongTokenGetsExactlyAuthErrorThenAClose() {
    start(Limits.defaults());
    try (WsClient client = WsClient.connect(TestServers.url(server, "/ws"))) {
      client.send("{\"type\":\"auth\",\"token\":\"wrong\"}");
      assertEquals(CloseCode.AUTH_FAILED.code(), client.awaitClose());
      assertEquals(List.of("{\"type\":\"common_reply\",\"message\":\"auth error\"}"), client.frames);
      assertEquals(1, hub.stats().authFailures());
    }
  }

  @Test
  void aFirstFrameOtherThanAuthIsKicked() {
    start(Limits.defaults());
    try (WsClient client = WsClient.connect(TestServers.url(server, "/ws"))) {
      client.send("{\"type\":\"get_running_log\"}");
      assertEquals(CloseCode.AUTH_FAILED.code(), client.awaitClose());
      assertEquals("auth error", client.awaitType("common_reply").path("message").asText());
    }
  }

  @Test
  void silentConnectionIsClosedAfterTheAuthTimeout() {
    start(Limits.builder().authTimeout(Duration.ofMillis(300)).build());
    try (WsClient client = WsClient.connect(TestServers.url(server, "/ws"))) {
      assertEquals(CloseCode.AUTH_TIMEOUT.code(), client.awaitClose());
      assertTrue(client.frames.isEmpty());
    }
  }

  @Test
  void nothingIsDeliveredBeforeAuthentication() {
    start(Limits.defaults());
    try (WsClient early = WsClient.connect(TestServers.url(server, "/ws"));
         WsClient authed = TestServers.authenticated(server, "/ws")) {
      await().until(() -> hub.connectionIds().size() == 2);
      hub.broadcast(CommonReply.OK);
      authed.await(n -> "ok".equals(n.path("message").asText()));
      early.send("{\"type\":\"auth\",\"token\":\"" + TestServers.TOKEN + "\"}");
      early.await(n -> "auth ok".equals(n.path("message").asText()));
      assertEquals(List.of("{\"type\":\"common_reply\",\"message\":\"auth ok\"}"), early.frames,
          "the broadcast sent before auth must not reach the connection");
    }
  }

  @Test
  void noRequestIsServedBeforeAuthentication() {
    start(Limits.defaults());
    List<String> served = new CopyOnWriteArrayList<>();
    hub.onRequest(GetTask.class, (request, ctx) -> served.add(request.taskId()));
    try (WsClient client = WsClient.connect(TestServers.url(server, "/ws"))) {
      client.send("{\"type\":\"get_task\",\"data\":{\"task_id\":\"t1\"}}");
      client.awaitClose();
      assertTrue(served.isEmpty());
    }
  }

  @Test
  void connectionListenerHearsAuthenticationAndCloseOnce() {
    start(Limits.defaults());
    List<String> events = new CopyOnWriteArrayList<>();
    hub.addConnectionListener(new ConnectionListener() {
      @Override
      public void onAuthenticated(io.pushwire.server.requests.RequestContext context) {
        events.add("auth:" + context.principal().userId());
        context.reply(CommonReply.OK);
      }

      @Override
      public void onClosed(String connectionId) {
        events.add("closed");
      }
    });
    WsClient client = TestServers.authenticated(server, "/ws");
    client.await(n -> "ok".equals(n.path("message").asText()));
    client.close();
    await().until(() -> events.size() == 2);
    assertEquals(List.of("auth:alice", "closed"), events);
  }

  @Test
  void handlersSeeTheirOwnConnectionsPrincipal() {
    start(Limits.defaults());
    hub.onRequest(GetTask.class, (request, ctx) ->
        ctx.reply(new TaskStatus(ctx.principal().userId(), TaskState.RUNNING, null, null, null)));
    try (WsClient alice = TestServers.authenticated(server, "/ws");
         WsClient bob = WsClient.connect(TestServers.url(server, "/ws"))) {
      bob.send("{\"type\":\"auth\",\"token\":\"" + TestServers.BOB_TOKEN + "\"}");
      bob.await(n -> "auth ok".equals(n.path("message").asText()));
      alice.send("{\"type\":\"get_task\",\"id\":\"a\",\"data\":{\"task_id\":\"x\"}}");
      bob.send("{\"type\":\"get_task\",\"id\":\"b\",\"data\":{\"task_id\":\"x\"}}");
      assertEquals("alice", alice.awaitType("task_status").path("data").path("task_id").asText());
      assertEquals("bob", bob.awaitType("task_status").path("data").path("task_id").asText());
    }
  }
}
