package io.pushwire.examples.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.examples.support.ExampleOptions;
import io.pushwire.examples.support.WireClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Seed 004's frames: the user room at auth, status requests answered from the stub API. */
class VideoTasksTest {

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

  private static WireClient authenticated() {
    WireClient client = WireClient.connect(example.webSocketUrl());
    client.send("{\"type\":\"auth\",\"payload\":{\"token\":\"t0k\"}}");
    client.awaitFrame(f -> f.path("message").asText().equals("auth ok"));
    return client;
  }
}
