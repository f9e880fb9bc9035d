package io.pushwire.examples.taskcenter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.examples.support.ExampleOptions;
import io.pushwire.examples.support.WireClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Seed 003's frames on /ws/task, and the application's own on /ws/data and /ws/strategy. */
class TaskCenterTest {

  private static TaskCenter.Running example;

  @BeforeAll
  static void start() throws Exception {
    example = TaskCenter.start(new ExampleOptions("127.0.0.1", 0, "t0k"), new TaskCenter.Pace(Duration.ofMillis(30)));
  }

  @AfterAll
  static void stop() {
    example.close();
  }

  @Test
  void theReadyLineNamesTheSeedsThreePaths() {
    String base = "ws://127.0.0.1:" + example.server().port();
    assertEquals(List.of(base + "/ws/task", base + "/ws/data", base + "/ws/strategy"), example.urls());
  }

  @Test
  void topicsInTheQueryAreAcknowledgedThenProgressAndStatusArePushed() {
    try (WireClient client = WireClient.connect(example.webSocketUrl("/ws/task")
        + "?token=t0k&client_id=abc123&topics=task:progress,task:status")) {
      assertTrue(client.awaitType("ack").path("data").path("success").asBoolean());
      JsonNode progress = client.awaitFrame(f -> f.path("type").asText().equals("task_progress")
          && f.path("data").path("progress").path("completed").asLong() > 1).path("data");
      assertEquals(31, progress.path("progress").path("total").asLong());
      assertTrue(progress.path("progress").path("current").asText().startsWith("处理 "));
      JsonNode ended = client.awaitFrame(f -> f.path("type").asText().equals("task_status")
          && List.of("completed", "failed").contains(f.path("data").path("status").asText())).path("data");
      assertTrue(ended.has("start_time") && ended.has("end_time"), ended.toString());
    }
  }

  @Test
  void getTaskAndGetTasksAreAnsweredUnderTheRequestId() {
    try (WireClient client = WireClient.connect(example.webSocketUrl("/ws/task") + "?token=t0k")) {
      client.send("{\"type\":\"get_tasks\",\"id\":\"list_1\",\"timestamp\":1677824400000,\"data\":{}}");
      JsonNode list = client.awaitFrame(f -> f.path("id").asText().equals("list_1"));
      assertEquals("task_list", list.path("type").asText());
      String taskId = list.path("data").path("tasks").get(0).path("task_id").asText();
      client.send("{\"type\":\"get_task\",\"id\":\"get_1\",\"data\":{\"task_id\":\"" + taskId + "\"}}");
      assertEquals(taskId, client.awaitFrame(f -> f.path("id").asText().equals("get_1")).path("data").path("task_id").asText());
      client.send("{\"type\":\"get_task\",\"id\":\"get_2\",\"data\":{\"task_id\":\"task_999999\"}}");
      assertEquals("TASK_NOT_FOUND", client.awaitFrame(f -> f.path("id").asText().equals("get_2")).path("error").path("code").asText());
    }
  }

  @Test
  void theDataPathPushesEveryDownloadedFile() {
    try (WireClient client = WireClient.connect(example.webSocketUrl("/ws/data") + "?token=t0k&topics=data:update")) {
      JsonNode update = client.awaitType("data_update");
      assertTrue(update.path("timestamp").isNumber(), "seed 003 stamps frames in epoch milliseconds");
      assertEquals(1440, update.path("data").path("rows").asInt());
    }
  }

  @Test
  void theStrategyPathPushesSignalsAndOffersNoOtherTopic() {
    try (WireClient client = WireClient.connect(example.webSocketUrl("/ws/strategy") + "?token=t0k&topics=strategy:signal")) {
      assertTrue(List.of("buy", "sell").contains(client.awaitType("strategy_signal").path("data").path("side").asText()));
      client.send("{\"type\":\"subscribe\",\"id\":\"sub_1\",\"data\":{\"topics\":[\"task:progress\"]}}");
      assertEquals("TOPIC_NOT_FOUND", client.awaitFrame(f -> f.path("id").asText().equals("sub_1")).path("error").path("code").asText());
    }
  }

  @Test
  void aWrongTokenIsRefusedAtTheHandshake() {
    assertEquals(401, WireClient.refusedHandshakeStatus(example.webSocketUrl("/ws/task") + "?token=wrong"));
  }
}
