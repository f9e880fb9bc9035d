package io.pushwire.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.CloseCode;
import io.pushwire.protocol.ErrorCode;
import io.pushwire.protocol.GetTask;
import io.pushwire.protocol.GetTasks;
import io.pushwire.protocol.TaskList;
import io.pushwire.protocol.TaskState;
import io.pushwire.protocol.TaskStatus;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.requests.RequestException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Request handlers, error replies, ping/pong, WebSocket pings and the idle timeout. */
class RequestsAndHeartbeatTest {

  private Hub hub;
  private PushServer server;

  private void start(Limits limits, Dialect dialect) {
    hub = TestServers.hub().limits(limits).build();
    server = TestServers.start(hub,
        EndpointSpec.builder("/ws").auth(AuthMode.QUERY_PARAMETER).dialect(dialect).build());
    hub.onRequest(GetTask.class, (request, ctx) -> {
      if (request.taskId().equals("missing")) {
        throw new RequestException(ErrorCode.TASK_NOT_FOUND, "no task " + request.taskId());
      }
      if (request.taskId().equals("boom")) {
        throw new IllegalStateException("handler bug");
      }
      ctx.reply(new TaskStatus(request.taskId(), TaskState.RUNNING, null, null, null));
    });
  }

  @AfterEach
  void stop() {
    server.close();
    hub.close();
  }

  private WsClient connect() {
    return WsClient.connect(TestServers.url(server, "/ws?token=" + TestServers.TOKEN));
  }

  @Test
  void replyCarriesTheRequestId() {
    start(Limits.defaults(), Dialect.ENVELOPE_MILLIS);
    try (WsClient client = connect()) {
      client.send("{\"type\":\"get_task\",\"id\":\"req-7\",\"timestamp\":1677824400000,\"data\":{\"task_id\":\"t1\"}}");
      JsonNode reply = client.awaitType("task_status");
      assertEquals("req-7", reply.path("id").asText());
      assertEquals("running", reply.path("data").path("status").asText());
    }
  }

  @Test
  void requestExceptionBecomesTypedErrorWithTheSeedShape() {
    start(Limits.defaults(), Dialect.ENVELOPE_MILLIS);
    try (WsClient client = connect()) {
      client.send("{\"type\":\"get_task\",\"id\":\"r\",\"data\":{\"task_id\":\"missing\"}}");
      JsonNode error = client.awaitType("error");
      assertEquals("r", error.path("id").asText());
      assertEquals("TASK_NOT_FOUND", error.path("error").path("code").asText(), "seed 003 writes error under error");
    }
  }

  @Test
  void handlerExceptionBecomesServerErrorAndTheConnectionLivesOn() {
    start(Limits.defaults(), Dialect.ENVELOPE_ISO);
    try (WsClient client = connect()) {
      client.send("{\"type\":\"get_task\",\"id\":\"b\",\"data\":{\"task_id\":\"boom\"}}");
      JsonNode error = client.awaitType("error");
      assertEquals("SERVER_ERROR", error.path("data").path("code").asText(), "seed 001 writes error under data");
      client.send("{\"type\":\"get_task\",\"id\":\"ok\",\"data\":{\"task_id\":\"t2\"}}");
      assertEquals("ok", client.awaitType("task_status").path("id").asText());
      assertFalse(client.isClosed());
    }
  }

  @Test
  void badFramesGetInvalidMessageAndTheConnectionStaysOpen() {
    start(Limits.defaults(), Dialect.ENVELOPE_MILLIS);
    try (WsClient client = connect()) {
      for (String bad : List.of("not json", "[1,2]", "{\"no\":\"type\"}", "{\"type\":\"nope\",\"id\":\"u\"}",
          "{\"type\":\"get_task\",\"id\":\"m\",\"data\":{}}", "{\"type\":\"get_task\",\"data\":{\"task_id\":5}}")) {
        client.send(bad);
      }
      await().until(() -> client.ofType("error").size() == 6);
      assertTrue(client.ofType("error").stream()
          .allMatch(e -> "INVALID_MESSAGE".equals(e.path("error").path("code").asText())));
      assertTrue(client.ofType("error").stream().anyMatch(e -> "m".equals(e.path("id").asText())),
          "an error for a readable frame carries its id");
      client.send("{\"type\":\"get_task\",\"id\":\"after\",\"data\":{\"task_id\":\"t\"}}");
      assertEquals("after", client.awaitType("task_status").path("id").asText());
      assertEquals(6, hub.stats().rejectedFrames());
    }
  }

  @Test
  void requestWithoutHandlerIsUnsupported() {
    start(Limits.defaults(), Dialect.ENVELOPE_MILLIS);
    try (WsClient client = connect()) {
      client.send("{\"type\":\"get_tasks\",\"id\":\"g\",\"data\":{}}");
      assertEquals("UNSUPPORTED_REQUEST", client.awaitType("error").path("error").path("code").asText());
      hub.onRequest(GetTasks.class, (request, ctx) -> ctx.reply(new TaskList(List.of())));
      client.send("{\"type\":\"get_tasks\",\"id\":\"g2\",\"data\":{}}");
      assertEquals("g2", client.awaitType("task_list").path("id").asText());
    }
  }

  @Test
  void pingGetsPongWithTheSameIdAndServerTime() {
    start(Limits.defaults(), Dialect.ENVELOPE_MILLIS);
    try (WsClient client = connect()) {
      client.send("{\"type\":\"ping\",\"id\":\"ping_123\",\"timestamp\":1677824400000,\"data\":{}}");
      JsonNode pong = client.awaitType("pong");
      assertEquals("ping_123", pong.path("id").asText());
      assertTrue(pong.path("data").path("server_time").isIntegralNumber());
      assertTrue(pong.path("timestamp").asLong() >= 1677824400000L);
    }
  }

  @Test
  void bareSeed001PingGetsAPongWithIdAndTimestamp() {
    start(Limits.defaults(), Dialect.ENVELOPE_ISO);
    try (WsClient client = connect()) {
      client.send("{\"type\":\"ping\"}");
      JsonNode pong = client.awaitType("pong");
      assertTrue(pong.path("id").isTextual() && pong.path("timestamp").isTextual(), pong.toString());
    }
  }

  @Test
  void serverSendsWebSocketPings() {
    start(Limits.builder().pingInterval(Duration.ofMillis(100)).build(), Dialect.ENVELOPE_MILLIS);
    try (WsClient client = connect()) {
      await().until(() -> client.pings.get() >= 2);
    }
  }

  @Test
  void idleConnectionIsClosedWith4001() {
    start(Limits.builder().idleTimeout(Duration.ofMillis(400)).pingInterval(Duration.ofSeconds(30)).build(),
        Dialect.ENVELOPE_MILLIS);
    try (WsClient client = connect()) {
      assertEquals(CloseCode.IDLE_TIMEOUT.code(), client.awaitClose());
      await().until(() -> hub.stats().connections() == 0);
    }
  }
}
