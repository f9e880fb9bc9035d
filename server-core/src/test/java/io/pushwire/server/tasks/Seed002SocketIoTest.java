package io.pushwire.server.tasks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushwire.protocol.CloseCode;
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
 * Seed 002 with the real {@code socket.io-client}, connected with exactly the options the document
 * gives: Socket.IO events and callbacks on a Pushwire endpoint that has {@code socketIo(true)}.
 */
class Seed002SocketIoTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Seed 002's endpoint: no auth, as the document has none. */
  private static final String OPEN_PATH = "/video-generation_status";
  /** The same with first-message auth: a Socket.IO client's {@code auth: {token}}. */
  private static final String AUTH_PATH = "/video-generation_status_auth";

  private Hub hub;
  private TaskRegistry registry;
  private TaskFeature feature;
  private PushServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
      feature.close();
    }
    hub.close();
  }

  private void start(Limits limits) {
    hub = TestServers.hub().limits(limits).build();
    registry = TaskRegistry.builder().build();
    feature = TaskFeature.builder(hub, registry)
        .endpoint(OPEN_PATH, TaskVocabulary.TASK_STATUS_UPDATE)
        .endpoint(AUTH_PATH, TaskVocabulary.TASK_STATUS_UPDATE)
        .install();
    server = TestServers.start(hub,
        EndpointSpec.builder(OPEN_PATH).auth(AuthMode.NONE).dialect(Dialect.FLAT).socketIo(true).build(),
        EndpointSpec.builder(AUTH_PATH).auth(AuthMode.FIRST_MESSAGE).dialect(Dialect.FLAT).socketIo(true).build());
  }

  private SeedSocketIoClient seedClient(String path, String extraOptions) {
    return SeedSocketIoClient.connect("http://127.0.0.1:" + server.port(), path, extraOptions);
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void theSeedsClientSubscribesWithACallbackAndFollowsATaskToItsEnd() throws Exception {
    start(Limits.defaults());
    registry.create(NewTask.of("gen_1").withResult(new TaskResult("Harbour", null, null, null, null)));
    registry.start("gen_1");
    try (SeedSocketIoClient client = seedClient(OPEN_PATH, null)) {
      client.await(line -> "connect".equals(line.path("event").asText()));

      int ack = client.emitWithAck("subscribeTasks", json("{\"taskIds\":[\"gen_1\"]}"));

      assertEquals(json("{\"success\":true}"), client.awaitAck(ack));
      JsonNode current = client.awaitEvent("taskStatusUpdate", update -> "generating".equals(update.path("status").asText()));
      assertEquals("gen_1", current.path("generateId").asText());
      assertEquals("Harbour", current.path("videoCardData").path("title").asText());
      assertFalse(current.has("type") || current.has("id"), "an event's argument is the seed's object: " + current);
      await().until(() -> hub.stats().subscriptions() == 1);

      registry.complete("gen_1", new TaskResult("Harbour", "Boats at dusk", "https://cdn.example/t.jpg",
          "https://cdn.example/v.mp4", null));

      JsonNode done = client.awaitEvent("taskStatusUpdate", update -> "done".equals(update.path("status").asText()));
      assertEquals("https://cdn.example/v.mp4", done.path("videoCardData").path("videoUrl").asText());
      assertEquals("Boats at dusk", done.path("videoCardData").path("description").asText());
      await().until(() -> hub.stats().subscriptions() == 0); // seed 002 §6.2: cleaned up after the end
    }
  }

  @Test
  void unknownTaskIdsAreRefusedThroughTheCallback() throws Exception {
    start(Limits.defaults());
    registry.create(NewTask.of("gen_1"));
    try (SeedSocketIoClient client = seedClient(OPEN_PATH, null)) {
      int ack = client.emitWithAck("subscribeTasks", json("{\"taskIds\":[\"gen_1\",\"gen_404\"]}"));

      JsonNode response = client.awaitAck(ack);
      assertFalse(response.path("success").asBoolean());
      assertEquals("unknown task ids: gen_404", response.path("error").asText());
      assertEquals(0, hub.stats().subscriptions());
    }
  }

  @Test
  void unsubscribeTasksTakesTheBareArrayTheSeedSends() throws Exception {
    start(Limits.defaults());
    registry.create(NewTask.of("gen_1"));
    registry.create(NewTask.of("gen_2"));
    try (SeedSocketIoClient client = seedClient(OPEN_PATH, null)) {
      int subscribed = client.emitWithAck("subscribeTasks", json("{\"taskIds\":[\"gen_1\",\"gen_2\"]}"));
      assertTrue(client.awaitAck(subscribed).path("success").asBoolean());
      await().until(() -> hub.stats().subscriptions() == 2);

      int unsubscribed = client.emitWithAck("unsubscribeTasks", json("[\"gen_1\"]"));

      assertEquals(json("{\"success\":true}"), client.awaitAck(unsubscribed));
      await().until(() -> hub.stats().subscriptions() == 1);
      registry.fail("gen_2", "out of credits");
      JsonNode failed = client.awaitEvent("taskStatusUpdate", update -> "failed".equals(update.path("status").asText()));
      assertEquals("gen_2", failed.path("generateId").asText());
      registry.complete("gen_1", null);
      int barrier = client.emitWithAck("subscribeTasks", json("{\"taskIds\":[\"gen_2\"]}"));
      client.awaitAck(barrier); // acks and pushes share one ordered connection
      assertTrue(client.events("taskStatusUpdate").stream().noneMatch(u -> "gen_1".equals(u.path("generateId").asText())
          && "done".equals(u.path("status").asText())), "gen_1 was unsubscribed");
    }
  }

  @Test
  void engineIoHeartbeatsAreAnsweredAndKeepTheClientConnected() {
    start(Limits.builder().pingInterval(Duration.ofMillis(100)).idleTimeout(Duration.ofSeconds(5)).build());
    try (SeedSocketIoClient client = seedClient(OPEN_PATH, null)) {
      client.await(line -> "connect".equals(line.path("event").asText()));
      long before = hub.stats().framesIn();

      // Each ping the server sends is answered by the client library itself, and counts as a frame in.
      await().until(() -> hub.stats().framesIn() >= before + 5);

      assertEquals(1, hub.stats().connections());
      assertTrue(client.lines.stream().noneMatch(line -> "disconnect".equals(line.path("event").asText())));
    }
  }

  @Test
  void firstMessageAuthReadsTheTokenOfTheClientsAuthOption() {
    start(Limits.defaults());
    try (SeedSocketIoClient refused = seedClient(AUTH_PATH, "{\"auth\":{\"token\":\"wrong\"},\"reconnection\":false}");
         SeedSocketIoClient admitted = seedClient(AUTH_PATH, "{\"auth\":{\"token\":\"" + TestServers.TOKEN + "\"}}")) {
      JsonNode error = refused.await(line -> "connect_error".equals(line.path("event").asText()));
      assertEquals("authentication failed", error.path("message").asText());
      admitted.await(line -> "connect".equals(line.path("event").asText()));
      await().until(() -> hub.connectionIds().stream()
          .anyMatch(id -> hub.principal(id).map(p -> p.userId().equals("alice")).orElse(false)));
    }
  }

  @Test
  void plainWebSocketClientsOfTheSameEndpointStillGetPlainFrames() {
    start(Limits.defaults());
    registry.create(NewTask.of("gen_1"));
    try (WsClient plain = WsClient.connect(TestServers.url(server, OPEN_PATH))) {
      plain.send("{\"type\":\"subscribeTasks\",\"id\":\"s1\",\"taskIds\":[\"gen_1\"]}");

      JsonNode ack = plain.await(n -> "ack".equals(n.path("type").asText()));

      assertEquals("s1", ack.path("id").asText());
      assertTrue(ack.path("success").asBoolean());
    }
  }

  @Test
  void otherEngineIoVersionsAreRefusedWithAProtocolMismatch() {
    start(Limits.defaults());
    try (WsClient old = WsClient.connect(TestServers.url(server, OPEN_PATH + "/?EIO=3&transport=websocket"))) {
      assertEquals(CloseCode.PROTOCOL_MISMATCH.code(), old.awaitClose());
    }
  }

  @Test
  void theSocketIoPathIsMountedBesideThePlainOne() {
    hub = TestServers.hub().build();
    EndpointSpec spec = EndpointSpec.builder(OPEN_PATH).auth(AuthMode.NONE).socketIo(true).build();
    assertEquals(List.of(OPEN_PATH, OPEN_PATH + "/"),
        hub.endpointConfigs(spec).stream().map(c -> c.getPath()).toList());
    assertEquals(List.of("/plain"), hub.endpointConfigs(EndpointSpec.builder("/plain").build()).stream()
        .map(c -> c.getPath()).toList());
  }
}
