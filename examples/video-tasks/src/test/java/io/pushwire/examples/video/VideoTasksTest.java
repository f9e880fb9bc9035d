package io.pushwire.examples.video;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushwire.examples.support.ExampleOptions;
import io.pushwire.examples.support.WireClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Seed 004's frames: the user room at auth, status requests answered from the stub API; and seed 002's Socket.IO. */
class VideoTasksTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static VideoTasks.Running example;

  @BeforeAll
  static void start() throws Exception {
    example = VideoTasks.start(new ExampleOptions("127.0.0.1", 0, "t0k"),
        new VideoTasks.Pace(Duration.ofMillis(1500), Duration.ofMillis(100)));
  }

  @AfterAll
  static void stop() {
    example.close();
  }

  @Test
  void authPutsTheClientInItsUserRoomWhereEveryChangeArrives() {
    try (WireClient client = authenticated()) {
      JsonNode first = client.awaitType("taskUpdated");
      assertTrue(first.path("payload").path("videoId").asText().startsWith("video_"));
      assertTrue(first.path("timestamp").isNumber());
      client.awaitFrame(f -> f.path("payload").path("status").asText().equals("PROCESSING")
          && f.path("payload").path("progress").asInt() > 0);
      JsonNode ended = client.awaitFrame(f -> f.path("payload").path("status").asText().matches("COMPLETED|FAILED")).path("payload");
      assertTrue(ended.has("videoUrl") || ended.has("error"), ended.toString());
    }
  }

  @Test
  void requestTaskStatusIsAnsweredUnderItsIdAfterAskingTheVideoApi() {
    try (WireClient client = authenticated()) {
      String videoId = client.awaitType("taskUpdated").path("payload").path("videoId").asText();
      client.send("{\"type\":\"requestTaskStatus\",\"id\":\"r1\",\"payload\":{\"videoId\":\"" + videoId + "\"}}");
      JsonNode answer = client.awaitFrame(f -> f.path("id").asText().equals("r1"));
      assertEquals("taskUpdated", answer.path("type").asText());
      assertEquals(videoId, answer.path("payload").path("videoId").asText());
    }
  }

  @Test
  void anUnknownVideoIsNamedInTheError() {
    try (WireClient client = authenticated()) {
      client.send("{\"type\":\"subscribe_task\",\"id\":\"s1\",\"payload\":{\"videoId\":\"video_zzz\"}}");
      JsonNode error = client.awaitFrame(f -> f.path("id").asText().equals("s1"));
      assertEquals("error", error.path("type").asText());
      assertEquals("TASK_NOT_FOUND", error.path("payload").path("code").asText());
      assertEquals("video_zzz", error.path("payload").path("details").path("videoId").asText());
    }
  }

  @Test
  void aWrongTokenGetsAuthErrorAndIsClosedFor4500() {
    try (WireClient client = WireClient.connect(example.webSocketUrl())) {
      client.send("{\"type\":\"auth\",\"payload\":{\"token\":\"wrong\"}}");
      client.awaitFrame(f -> f.path("message").asText().equals("auth error"));
      assertEquals(4500, client.awaitClose());
    }
  }

  @Test
  void everyVideoCardCarriesEveryFieldItKnowsInEveryState() {
    String videoId = await().atMost(Duration.ofSeconds(20)).until(VideoTasksTest::liveVideo, id -> id != null);
    try (WireClient client = WireClient.connect(example.webSocketUrl().replace(VideoTasks.PATH,
        VideoTasks.STATUS_UPDATE_PATH))) {
      client.send("{\"type\":\"auth\",\"token\":\"t0k\"}");
      client.awaitFrame(f -> f.path("message").asText().equals("auth ok"));
      client.send("{\"type\":\"subscribeTasks\",\"id\":\"s1\",\"taskIds\":[\"" + videoId + "\"]}");
      client.awaitFrame(f -> f.path("generateId").asText().equals(videoId)
          && f.path("status").asText().matches("done|failed"));
      List<JsonNode> cards = client.framesOfType("taskStatusUpdate").stream()
          .filter(f -> f.path("generateId").asText().equals(videoId)).map(f -> f.path("videoCardData")).toList();
      for (JsonNode card : cards) {
        for (String field : List.of("generateId", "status", "title", "description", "thumbnailUrl", "createTime",
            "updateTime")) {
          assertTrue(card.path(field).isTextual(), field + " missing from " + card);
        }
        assertEquals(card.path("status").asText().equals("done"), card.path("videoUrl").isTextual(),
            "the video URL is there exactly when the video is: " + card);
      }
    }
  }

  private static WireClient authenticated() {
    WireClient client = WireClient.connect(example.webSocketUrl());
    client.send("{\"type\":\"auth\",\"payload\":{\"token\":\"t0k\"}}");
    client.awaitFrame(f -> f.path("message").asText().equals("auth ok"));
    return client;
  }

  @Test
  void seed002sSocketIoClientFollowsTheSameVideos() throws Exception {
    List<String> packets = new CopyOnWriteArrayList<>();
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create(example.socketIoUrl().replace("http:", "ws:") + VideoTasks.STATUS_UPDATE_PATH
            + "/?EIO=4&transport=websocket"), new WebSocket.Listener() {
              @Override
              public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                packets.add(data.toString());
                webSocket.request(1);
                return null;
              }
            })
        .get(10, TimeUnit.SECONDS);
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> packets.stream().anyMatch(p -> p.startsWith("0{")));
      socket.sendText("40{\"token\":\"t0k\"}", true);                       // socket.io-client's auth option
      await().atMost(Duration.ofSeconds(20)).until(() -> packets.contains("40{\"sid\":\"" + sid(packets) + "\"}"));
      // A video that was generating a moment ago; if it ends first, its final state is the answer.
      String videoId = await().atMost(Duration.ofSeconds(20)).until(VideoTasksTest::liveVideo, id -> id != null);
      socket.sendText("421[\"subscribeTasks\",{\"taskIds\":[\"" + videoId + "\"]}]", true);

      await().atMost(Duration.ofSeconds(20)).until(() -> packets.contains("431[{\"success\":true}]"));
      String update = await().atMost(Duration.ofSeconds(20)).until(
          () -> packets.stream().filter(p -> p.startsWith("42[\"taskStatusUpdate\"") && p.contains(videoId))
              .findFirst().orElse(null), p -> p != null);
      JsonNode event = JSON.readTree(update.substring(2));
      assertEquals(videoId, event.get(1).path("generateId").asText());
      assertTrue(event.get(1).path("status").asText().matches("generating|done|failed"), update);
    } finally {
      socket.abort();
    }
  }

  private static String sid(List<String> packets) throws Exception {
    String open = packets.stream().filter(p -> p.startsWith("0{")).findFirst().orElseThrow();
    return JSON.readTree(open.substring(1)).path("sid").asText();
  }

  /** A video that is still generating, or null. */
  private static String liveVideo() {
    return example.feature().registry().list().stream().filter(t -> !t.isTerminal()).map(t -> t.id())
        .findFirst().orElse(null);
  }
}
