package io.pushwire.server.tasks;

import static io.pushwire.server.tasks.TaskServer.about;
import static io.pushwire.server.tasks.TaskServer.barrier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.Progress;
import io.pushwire.server.TestServers;
import io.pushwire.server.WsClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Seed 003 (task API) over real sockets: topics task:progress / task:status, get_task, get_tasks. */
class Seed003TasksTest {

  private static final String BOTH_TOPICS = "&topics=task:progress,task:status";

  private TaskServer tasks;

  @AfterEach
  void stop() {
    tasks.close();
  }

  private static Progress progress(long completed) {
    return new Progress(100, completed, 0, "处理 BTCUSDT", completed, "Downloading 2024-01-01");
  }

  private static List<String> statuses(WsClient client, String taskId) {
    return about(client, "task_status", "data", "task_id", taskId).stream()
        .map(n -> n.path("data").path("status").asText()).toList();
  }

  @Test
  void topicsQueryParameterSubscribesAndSendsTheLiveTasksAtOnce() {
    tasks = TaskServer.start();
    tasks.registry.create(NewTask.of("task_123"));
    tasks.registry.start("task_123");
    tasks.registry.progress("task_123", progress(45));
    tasks.registry.create(NewTask.of("task_done"));
    tasks.registry.complete("task_done", null);
    try (WsClient client = tasks.seed003(TestServers.TOKEN, BOTH_TOPICS)) {
      JsonNode progress = client.awaitType("task_progress");
      JsonNode status = client.awaitType("task_status");
      assertTrue(client.awaitType("ack").path("data").path("success").asBoolean());
      assertEquals("task_123", progress.path("data").path("task_id").asText());
      assertEquals(45, progress.path("data").path("progress").path("completed").asInt());
      assertEquals("处理 BTCUSDT", progress.path("data").path("progress").path("current").asText());
      assertEquals("running", status.path("data").path("status").asText());
      assertTrue(progress.path("timestamp").isNumber(), "seed 003 writes epoch milliseconds");
      barrier(client);
      assertTrue(statuses(client, "task_done").isEmpty(), "finished tasks are history, not current state");
    }
  }

  @Test
  void subscribeFrameGetsItsAckAndThenTheCurrentState() {
    tasks = TaskServer.start();
    tasks.registry.create(NewTask.of("task_123"));
    try (WsClient client = tasks.seed003(TestServers.TOKEN, "")) {
      client.send("{\"type\":\"subscribe\",\"id\":\"sub_123\",\"timestamp\":1677824400000,"
          + "\"data\":{\"topics\":[\"task:status\"]}}");
      JsonNode status = client.awaitType("task_status");
      List<String> types = client.frames.stream().map(f -> f.substring(0, 30)).toList();
      assertTrue(types.get(0).contains("\"ack\""), "ack first: " + types);
      assertEquals("pending", status.path("data").path("status").asText());
    }
  }

  @Test
  void progressAndStatusChangesReachTheTopicSubscribers() {
    tasks = TaskServer.start();
    tasks.registry.create(NewTask.of("task_123"));
    try (WsClient client = tasks.seed003(TestServers.TOKEN, BOTH_TOPICS)) {
      client.awaitType("task_status");
      tasks.registry.start("task_123");
      tasks.registry.progress("task_123", progress(45));
      tasks.registry.complete("task_123", null);
      JsonNode completed = client.await(n -> "completed".equals(n.path("data").path("status").asText()));
      assertEquals(List.of("pending", "running", "completed"), statuses(client, "task_123"));
      JsonNode running = about(client, "task_status", "data", "task_id", "task_123").get(1);
      assertFalse(running.path("data").path("start_time").asText().isEmpty());
      assertEquals(running.path("data").path("start_time"), completed.path("data").path("start_time"));
      assertTrue(completed.path("data").path("end_time").asText().endsWith("Z"), "ISO-8601 as in the seed");
      assertEquals(45, client.awaitType("task_progress").path("data").path("progress").path("percentage").asInt());
    }
  }

  @Test
  void aStatusOnlySubscriberGetsNoProgress() {
    tasks = TaskServer.start();
    tasks.registry.create(NewTask.of("task_123"));
    try (WsClient client = tasks.seed003(TestServers.TOKEN, "&topics=task:status")) {
      client.awaitType("task_status");
      tasks.registry.progress("task_123", progress(10));
      tasks.registry.fail("task_123", "exchange API returned 503");
      JsonNode failed = client.await(n -> "failed".equals(n.path("data").path("status").asText()));
      assertEquals("exchange API returned 503", failed.path("data").path("error").asText());
      barrier(client);
      assertTrue(client.ofType("task_progress").isEmpty());
    }
  }

  @Test
  void getTaskAnswersWithTaskStatusUnderTheRequestId() {
    tasks = TaskServer.start();
    tasks.registry.create(NewTask.of("task_123"));
    tasks.registry.cancel("task_123");
    try (WsClient client = tasks.seed003(TestServers.TOKEN, "")) {
      client.send("{\"type\":\"get_task\",\"id\":\"get_1\",\"data\":{\"task_id\":\"task_123\"}}");
      JsonNode reply = client.await(n -> "get_1".equals(n.path("id").asText()));
      assertEquals("task_status", reply.path("type").asText());
      assertEquals("cancelled", reply.path("data").path("status").asText());
    }
  }

  @Test
  void getTaskForAnUnknownIdAnswersTaskNotFound() {
    tasks = TaskServer.start();
    try (WsClient client = tasks.seed003(TestServers.TOKEN, "")) {
      client.send("{\"type\":\"get_task\",\"id\":\"get_2\",\"data\":{\"task_id\":\"task_999\"}}");
      JsonNode error = client.await(n -> "get_2".equals(n.path("id").asText()));
      assertEquals("error", error.path("type").asText());
      assertEquals("TASK_NOT_FOUND", error.path("error").path("code").asText());
      assertEquals("task_999", error.path("error").path("details").path("task_id").asText());
    }
  }

  @Test
  void getTasksAnswersWithTaskListOldestFirst() {
    tasks = TaskServer.start();
    tasks.registry.create(NewTask.of("a"));
    tasks.registry.create(NewTask.of("b"));
    tasks.registry.start("b");
    tasks.registry.progress("b", progress(45));
    try (WsClient client = tasks.seed003(TestServers.TOKEN, "")) {
      client.send("{\"type\":\"get_tasks\",\"id\":\"list_1\",\"data\":{}}");
      JsonNode list = client.await(n -> "list_1".equals(n.path("id").asText()));
      assertEquals("task_list", list.path("type").asText());
      JsonNode entries = list.path("data").path("tasks");
      assertEquals(2, entries.size());
      assertEquals("a", entries.get(0).path("task_id").asText());
      assertEquals("pending", entries.get(0).path("status").asText());
      assertEquals("running", entries.get(1).path("status").asText());
      assertEquals(45, entries.get(1).path("progress").path("completed").asInt());
    }
  }

  @Test
  void getTasksWithAStatusListsOnlyTasksInThatState() {
    tasks = TaskServer.start();
    tasks.registry.create(NewTask.of("a"));
    tasks.registry.create(NewTask.of("b"));
    tasks.registry.start("b");
    tasks.registry.create(NewTask.of("c"));
    tasks.registry.start("c");
    try (WsClient client = tasks.seed003(TestServers.TOKEN, "")) {
      client.send("{\"type\":\"get_tasks\",\"id\":\"list_2\",\"data\":{\"status\":\"running\"}}");
      JsonNode entries = client.await(n -> "list_2".equals(n.path("id").asText())).path("data").path("tasks");
      assertEquals(List.of("b", "c"), List.of(entries.get(0).path("task_id").asText(), entries.get(1).path("task_id").asText()));
      assertEquals(2, entries.size());
    }
  }

  @Test
  void getTasksListsAtMostTheSnapshotLimitKeepingTheMostRecent() {
    tasks = TaskServer.start(r -> r, f -> f.maxTasksPerSnapshot(2));
    for (String id : List.of("a", "b", "c")) {
      tasks.registry.create(NewTask.of(id));
    }
    try (WsClient client = tasks.seed003(TestServers.TOKEN, "")) {
      client.send("{\"type\":\"get_tasks\",\"id\":\"l\",\"data\":{}}");
      JsonNode entries = client.await(n -> "l".equals(n.path("id").asText())).path("data").path("tasks");
      assertEquals(2, entries.size());
      assertEquals("c", entries.get(1).path("task_id").asText());
    }
  }

  @Test
  void aFinishedTaskKeepsTheFamilyTopicsSubscribed() {
    tasks = TaskServer.start();
    tasks.registry.create(NewTask.of("t1"));
    try (WsClient client = tasks.seed003(TestServers.TOKEN, BOTH_TOPICS)) {
      client.awaitType("task_status");
      tasks.registry.complete("t1", null);
      client.await(n -> "completed".equals(n.path("data").path("status").asText()));
      assertEquals(2, tasks.hub.stats().subscriptions(), "task:progress and task:status span every task");
      tasks.registry.create(NewTask.of("t2"));
      client.await(n -> "t2".equals(n.path("data").path("task_id").asText()));
    }
  }

  @Test
  void aTaskIdFilterNarrowsTheCurrentStateAndThePushesToTheWatchedTasks() {
    tasks = TaskServer.start();
    tasks.registry.create(NewTask.of("t1"));
    tasks.registry.create(NewTask.of("t2"));
    try (WsClient client = tasks.seed003(TestServers.TOKEN, "")) {
      client.send("{\"type\":\"subscribe\",\"id\":\"s\",\"data\":{\"topics\":[\"task:status\"],"
          + "\"filters\":{\"task_id\":[\"t1\"]}}}");
      client.await(n -> "s".equals(n.path("id").asText()) && "ack".equals(n.path("type").asText()));
      barrier(client);
      assertEquals(List.of("t1"), client.ofType("task_status").stream()
          .map(n -> n.path("data").path("task_id").asText()).toList(), "the state sent at once passes the filter too");
      int before = client.ofType("task_status").size();
      tasks.registry.start("t2");
      tasks.registry.start("t1");
      client.await(n -> "running".equals(n.path("data").path("status").asText()));
      barrier(client);
      List<JsonNode> pushed = client.ofType("task_status").subList(before, client.ofType("task_status").size());
      assertEquals(List.of("t1"), pushed.stream().map(n -> n.path("data").path("task_id").asText()).toList());
    }
  }
}
