package io.pushwire.server.tasks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushwire.protocol.CloseCode;
import io.pushwire.protocol.CommonReply;
import io.pushwire.server.Dialect;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import io.pushwire.server.Limits;
import io.pushwire.server.PushServer;
import io.pushwire.server.TestServers;
import io.pushwire.server.WsClient;
import io.pushwire.server.auth.AuthMode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Seed 004's events over Socket.IO with the real {@code socket.io-client}, on a first-message
 * endpoint in the seed's own dialect: the client connects without a token, then authenticates with
 * an {@code auth} event, as seed 004's server expects.
 */
class Seed004SocketIoTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PATH = "/ws/video";

  private Hub hub;
  private TaskRegistry registry;
  private TaskFeature feature;
  private PushServer server;

  @AfterEach
  void stop() {
    server.close();
    feature.close();
    hub.close();
  }

  private void start(Limits limits) {
    hub = TestServers.hub().limits(limits).build();
    registry = TaskRegistry.builder().build();
    feature = TaskFeature.builder(hub, registry).endpoint(PATH, TaskVocabulary.TASK_UPDATED).install();
    server = TestServers.start(hub,
        EndpointSpec.builder(PATH).auth(AuthMode.FIRST_MESSAGE).dialect(Dialect.PAYLOAD_MILLIS).socketIo(true).build());
  }

  private SeedSocketIoClient client(String extraOptions) {
    return SeedSocketIoClient.connect("http://127.0.0.1:" + server.port(), PATH, extraOptions);
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  private static void authenticate(SeedSocketIoClient client, String token) throws Exception {
    client.emit("auth", json("{\"payload\":{\"token\":\"" + token + "\"}}"));
  }

  private static int indexOf(List<JsonNode> lines, String event) {
    for (int i = 0; i < lines.size(); i++) {
      if (event.equals(lines.get(i).path("event").asText())) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void aClientWithoutATokenIsConnectedAndAuthenticatesWithAnAuthEvent() throws Exception {
    start(Limits.defaults());
    registry.create(NewTask.of("video_1").ownedBy("alice"));
    registry.start("video_1");
    registry.progress("video_1", TaskChange.percent(40));
    try (SeedSocketIoClient client = client(null)) {
      client.await(line -> "connect".equals(line.path("event").asText()));
      assertEquals(0L, TestServers.authenticatedConnections(hub), "connected, not yet authenticated");

      authenticate(client, TestServers.TOKEN);

      JsonNode ok = client.awaitEvent("common_reply", reply -> true);
      assertEquals(json("{\"type\":\"common_reply\",\"message\":\"auth ok\"}"), ok);
      JsonNode room = client.awaitEvent("taskUpdated", update -> true);
      assertEquals("taskUpdated", room.path("type").asText());
      assertTrue(room.path("timestamp").isNumber(), room.toString());
      assertEquals("video_1", room.path("payload").path("videoId").asText());
      assertEquals(40, room.path("payload").path("progress").asInt());
      assertTrue(room.path("payload").path("progress").isNumber());
      assertEquals(1, client.lines.stream().filter(line -> "connect".equals(line.path("event").asText())).count(),
          "the auth reply is an event, not a second namespace connect");
    }
  }

  @Test
  void nothingIsDeliveredBeforeTheAuthEvent() throws Exception {
    start(Limits.defaults());
    try (SeedSocketIoClient client = client(null)) {
      client.await(line -> "connect".equals(line.path("event").asText()));
      hub.broadcast(CommonReply.OK).join(); // delivered on this thread: to the authenticated only

      authenticate(client, TestServers.TOKEN);
      client.awaitEvent("common_reply", reply -> "auth ok".equals(reply.path("message").asText()));
      hub.broadcast(CommonReply.OK).join();

      JsonNode after = client.awaitEvent("common_reply", reply -> "ok".equals(reply.path("message").asText()));
      List<JsonNode> replies = client.events("common_reply");
      assertEquals(List.of("auth ok", "ok"), replies.stream().map(r -> r.path("message").asText()).toList());
      assertEquals("common_reply", after.path("type").asText());
    }
  }

  @Test
  void statusRequestsAndPingAreAnsweredWithEventsThatKeepTypeAndTimestamp() throws Exception {
    start(Limits.defaults());
    registry.create(NewTask.of("video_1").ownedBy("bob"));
    registry.create(NewTask.of("video_2").ownedBy("bob"));
    registry.start("video_2");
    try (SeedSocketIoClient client = client(null)) {
      client.await(line -> "connect".equals(line.path("event").asText()));
      authenticate(client, TestServers.TOKEN);
      client.awaitEvent("common_reply", reply -> true);

      client.emit("subscribe_task", json("{\"payload\":{\"videoId\":\"video_1\"}}"));
      client.awaitEvent("taskUpdated", u -> "video_1".equals(u.path("payload").path("videoId").asText()));
      await().until(() -> hub.stats().subscriptions() == 2); // alice's user room and video_1's room
      registry.start("video_1");
      registry.progress("video_1", TaskChange.percent(12));
      JsonNode pushed = client.awaitEvent("taskUpdated", u -> u.path("payload").path("progress").asInt() == 12);
      assertTrue(pushed.path("timestamp").isNumber());

      client.emit("requestTaskStatus", json("{\"payload\":{\"videoId\":\"video_2\"}}"));
      JsonNode status = client.awaitEvent("taskUpdated", u -> "video_2".equals(u.path("payload").path("videoId").asText()));
      assertEquals("PROCESSING", status.path("payload").path("status").asText());

      client.emit("requestMultipleTaskStatus", json("{\"payload\":{\"videoIds\":[\"video_1\",\"video_404\"]}}"));
      JsonNode notFound = client.awaitEvent("error", e -> true);
      assertEquals("TASK_NOT_FOUND", notFound.path("payload").path("code").asText());
      assertEquals("video_404", notFound.path("payload").path("details").path("videoId").asText());

      client.emit("ping", null);
      JsonNode pong = client.awaitEvent("pong", p -> true);
      assertEquals("pong", pong.path("type").asText());
      assertTrue(pong.path("timestamp").isNumber(), pong.toString());
    }
  }

  @Test
  void aTokenInTheAuthOptionStillAuthenticatesAtConnect() {
    start(Limits.defaults());
    try (SeedSocketIoClient client = client("{\"auth\":{\"token\":\"" + TestServers.TOKEN + "\"}}")) {
      client.await(line -> "connect".equals(line.path("event").asText()));
      await().until(() -> TestServers.authenticatedConnections(hub) == 1);
      assertTrue(client.events("common_reply").isEmpty(), "the connect itself answered the token");
    }
  }

  @Test
  void aRefusedAuthEventIsAnsweredThenTheServerDisconnectsTheClient() throws Exception {
    start(Limits.defaults());
    try (SeedSocketIoClient client = client(null)) {
      client.await(line -> "connect".equals(line.path("event").asText()));
      authenticate(client, "wrong");

      assertEquals("auth error", client.awaitEvent("common_reply", reply -> true).path("message").asText());
      JsonNode disconnect = client.await(line -> "disconnect".equals(line.path("event").asText()));
      assertEquals("io server disconnect", disconnect.path("reason").asText(), "a reason the client does not reconnect on");
      assertTrue(indexOf(client.lines, "common_reply") < indexOf(client.lines, "disconnect"));
      await().until(() -> hub.stats().connections() == 0);
      assertEquals(1, hub.stats().authFailures());
    }
  }

  @Test
  void theAuthTimeoutStillClosesAConnectedButUnauthenticatedClient() {
    start(Limits.builder().authTimeout(Duration.ofMillis(300)).build());
    try (WsClient raw = WsClient.connect(TestServers.url(server, PATH + "/?EIO=4&transport=websocket"))) {
      await().until(() -> raw.frames.stream().anyMatch(f -> f.startsWith("0{"))); // the Engine.IO open packet
      raw.sendAndForget("40");
      await().until(() -> raw.frames.stream().anyMatch(f -> f.startsWith("40{")));
      assertEquals(CloseCode.AUTH_TIMEOUT.code(), raw.awaitClose());
      assertFalse(raw.frames.stream().anyMatch(f -> f.startsWith("42")), "nothing was delivered: " + raw.frames);
    }
  }
}
