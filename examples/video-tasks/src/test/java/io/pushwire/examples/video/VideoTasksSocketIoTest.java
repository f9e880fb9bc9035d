package io.pushwire.examples.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.examples.support.ExampleOptions;
import io.pushwire.examples.support.WireClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Seed 004's own front end, {@code socket.io-client} in Node.js written as the seed's client would
 * be ({@code seed004-client.js}), against the running example: Socket.IO's default path and the
 * seed's {@code /ws}, beside the plain WebSocket clients of the same endpoint.
 */
class VideoTasksSocketIoTest {

  /** The seed's clients hold a JWT; the example accepts exactly the token it was started with. */
  private static final String TOKEN = jwt("demo-user");

  private static VideoTasks.Running example;

  @BeforeAll
  static void start() throws Exception {
    example = VideoTasks.start(new ExampleOptions("127.0.0.1", 0, TOKEN),
        new VideoTasks.Pace(Duration.ofMillis(1500), Duration.ofMillis(100)));
  }

  @AfterAll
  static void stop() {
    example.close();
  }

  private static Seed004SocketIoClient frontEnd(String path) {
    return Seed004SocketIoClient.connect(example.socketIoUrl(), TOKEN, path);
  }

  private static boolean about(JsonNode update, String videoId) {
    return videoId.equals(update.path("payload").path("videoId").asText());
  }

  @Test
  void theSeedsFrontEndAuthenticatesByEventAndFollowsItsVideosOnSocketIosDefaultPath() {
    assertEquals(3001, VideoTasks.DEFAULT_PORT, "the seed's port");
    try (Seed004SocketIoClient client = frontEnd(null)) {
      client.await(line -> "connect".equals(line.path("event").asText()));
      assertEquals("auth ok", client.awaitEvent("common_reply", reply -> true).path("message").asText());

      JsonNode update = client.awaitEvent("taskUpdated", u -> u.path("payload").path("progress").isNumber());
      assertEquals("taskUpdated", update.path("type").asText());
      assertTrue(update.path("timestamp").isNumber(), update.toString());
      assertTrue(update.path("payload").path("videoId").asText().startsWith("video_"), update.toString());
      assertTrue(update.path("payload").path("status").asText().matches("QUEUED|PROCESSING|COMPLETED|FAILED"));
      JsonNode ended = client.awaitEvent("taskUpdated",
          u -> u.path("payload").path("status").asText().matches("COMPLETED|FAILED")).path("payload");
      assertTrue(ended.has("videoUrl") || ended.has("error"), ended.toString());
    }
  }

  @Test
  void statusRequestsAreAnsweredWithTaskUpdatedOneByOneAndPingWithPong() {
    try (Seed004SocketIoClient client = frontEnd(null)) {
      // A video that has ended: nothing more is pushed about it, so every event about it is an answer.
      String ended = client.awaitEvent("taskUpdated", VideoTasksSocketIoTest::isEnd).path("payload").path("videoId").asText();
      long before = answersAbout(client, ended);

      client.command("subscribe", "{\"videoId\":\"" + ended + "\"}");
      client.command("requestTaskStatus", "{\"videoId\":\"" + ended + "\"}");
      client.command("requestTaskStatus", "{\"videoId\":\"" + ended + "\",\"plain\":true}");
      await().until(() -> answersAbout(client, ended) == before + 3);

      client.command("requestMultipleTaskStatus", "{\"videoIds\":[\"" + ended + "\",\"video_zzz\"]}");
      JsonNode notFound = client.awaitEvent("error", e -> true);
      assertEquals("error", notFound.path("type").asText());
      assertEquals("TASK_NOT_FOUND", notFound.path("payload").path("code").asText());
      assertEquals("video_zzz", notFound.path("payload").path("details").path("videoId").asText());
      await().until(() -> answersAbout(client, ended) == before + 4);
      JsonNode answer = client.events("taskUpdated").stream().filter(u -> about(u, ended)).reduce((x, y) -> y).orElseThrow();
      assertEquals("taskUpdated", answer.path("type").asText());
      assertTrue(answer.path("timestamp").isNumber() && answer.path("payload").path("progress").isNumber(), answer.toString());

      client.command("ping", null);
      JsonNode pong = client.awaitEvent("pong", p -> true);
      assertEquals("pong", pong.path("type").asText());
      assertTrue(pong.path("timestamp").isNumber(), pong.toString());
    }
  }

  @Test
  void theSeedsWsPathServesTheSameFrontEndBesidePlainWebSocketClients() {
    try (Seed004SocketIoClient socketIo = frontEnd(VideoTasks.PATH);
         WireClient plain = WireClient.connect(example.webSocketUrl())) {
      plain.send("{\"type\":\"auth\",\"payload\":{\"token\":\"" + TOKEN + "\"}}");
      plain.awaitFrame(f -> "auth ok".equals(f.path("message").asText()));
      socketIo.awaitEvent("common_reply", reply -> "auth ok".equals(reply.path("message").asText()));
      int seen = plain.frames().size();

      // A video live now, that both are told about: its end is one publication, framed once per wire.
      String videoId = await().until(() -> plain.frames().stream().skip(seen)
          .filter(f -> "taskUpdated".equals(f.path("type").asText()) && !isEnd(f))
          .map(f -> f.path("payload").path("videoId").asText()).findFirst(), found -> found.isPresent()).orElseThrow();
      JsonNode plainEnd = plain.awaitFrame(f -> about(f, videoId) && isEnd(f));
      JsonNode socketIoEnd = socketIo.awaitEvent("taskUpdated", u -> about(u, videoId) && isEnd(u));

      assertEquals(plainEnd, socketIoEnd, "the event's argument is the frame the plain client got");
    }
  }

  @Test
  void aWrongTokenIsRefusedWithAnEventAndTheServerDisconnects() {
    try (Seed004SocketIoClient client = Seed004SocketIoClient.connect(example.socketIoUrl(), jwt("mallory"), null)) {
      assertEquals("auth error", client.awaitEvent("common_reply", reply -> true).path("message").asText());
      JsonNode disconnect = client.await(line -> "disconnect".equals(line.path("event").asText()));
      assertEquals("io server disconnect", disconnect.path("reason").asText());
      Set<String> events = client.lines.stream().map(line -> line.path("event").asText()).collect(Collectors.toSet());
      assertTrue(events.containsAll(List.of("connect", "common_reply", "disconnect")), events.toString());
    }
  }

  /** An update of a video's final state. */
  private static boolean isEnd(JsonNode update) {
    return update.path("payload").path("status").asText().matches("COMPLETED|FAILED");
  }

  private static long answersAbout(Seed004SocketIoClient client, String videoId) {
    return client.events("taskUpdated").stream().filter(u -> about(u, videoId)).count();
  }

  private static org.awaitility.core.ConditionFactory await() {
    return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20));
  }

  /** An HS256 JWT for {@code userId}, as seed 004's clients hold one. */
  private static String jwt(String userId) {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    String header = base64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String claims = base64.encodeToString(("{\"userId\":\"" + userId + "\"}").getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec("video-tasks-test-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return header + "." + claims + "."
          + base64.encodeToString(mac.doFinal((header + "." + claims).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
