package io.pushwire.server.tasks;

import static io.pushwire.server.tasks.TaskServer.about;
import static io.pushwire.server.tasks.TaskServer.barrier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.server.TestServers;
import io.pushwire.server.WsClient;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Seed 004 (video tasks) over real sockets: user room, subscribe_task, requestTaskStatus, taskUpdated. */
class Seed004TasksTest {

  private TaskServer tasks;

  @AfterEach
  void stop() {
    tasks.close();
  }

  private static List<JsonNode> updates(WsClient client, String videoId) {
    return about(client, "taskUpdated", "payload", "videoId", videoId);
  }

  private static JsonNode request(WsClient client, String type, String id, String payload) {
    client.send("{\"type\":\"" + type + "\",\"id\":\"" + id + "\",\"payload\":" + payload + "}");
    return client.await(n -> id.equals(n.path("id").asText()));
  }

  @Test
  void subscribeTaskAnswersWithTheCurrentStateUnderTheRequestId() {
    tasks = TaskServer.start();
    tasks.registry.create(NewTask.of("video_xxx").ownedBy("alice"));
    tasks.registry.start("video_xxx");
    tasks.registry.progress("video_xxx", TaskChange.percent(40));
    try (WsClient bob = tasks.seed004(TestServers.BOB_TOKEN)) {
      JsonNode reply = request(bob, "subscribe_task", "s1", "{\"videoId\":\"video_xxx\"}");
      assertEquals("taskUpdated", reply.path("type").asText());
      assertEquals("video_xxx", reply.path("payload").path("videoId").asText());
      assertEquals("PROCESSING", reply.path("payload").path("status").asText());
      assertEquals(40, reply.path("payload").path("progress").asInt());
      assertTrue(reply.path("timestamp").isNumber());
    }
  }

  @Test
  void progressIsANumberFromTheFirstUpdateZeroUntilTheFirstReport() {
    tasks = TaskServer.start();
    tasks.registry.create(NewTask.of("video_xxx").ownedBy("alice"));
    try (WsClient bob = tasks.seed004(TestServers.BOB_TOKEN)) {
      JsonNode queued = request(bob, "subscribe_task", "s1", "{\"videoId\":\"video_xxx\"}").path("payload");
      assertEquals("QUEUED", queued.path("status").asText());
      assertTrue(queued.path("progress").isInt(), queued.toString());
      assertEquals(0, queued.path("progress").asInt());
      tasks.registry.start("video_xxx");
      JsonNode processing = bob.await(n -> "PROCESSING".equals(n.path("payload").path("status").asText()))
          .path("payload");
      assertTrue(processing.path("progress").isInt(), "processing before any report: " + processing);
      assertEquals(0, processing.path("progress").asInt());
    }
  }

  @Test
  void subscribeTaskForAnUnknownIdAnswersTaskNotFoundUnderPayload() {
    tasks = TaskServer.start();
    try (WsClient client = tasks.seed004(TestServers.TOKEN)) {
      JsonNode error = request(client, "subscribe_task", "s1", "{\"videoId\":\"video_nope\"}");
      assertEquals("error", error.path("type").asText());
      assertEquals("TASK_NOT_FOUND", error.path("payload").path("code").asText());
      assertEquals("video_nope", error.path("payload").path("details").path("videoId").asText());
      assertEquals(1, tasks.hub.stats().subscriptions(), "only alice's user room");
    }
  }

  @Test
  void theTaskRoomReceivesEveryChange() {
    tasks = TaskServer.start();
    tasks.registry.create(NewTask.of("video_xxx").ownedBy("alice"));
    try (WsClient bob = tasks.seed004(TestServers.BOB_TOKEN)) {
      request(bob, "subscribe_task", "s1", "{\"videoId\":\"video_xxx\"}");
      tasks.registry.start("video_xxx");
      tasks.registry.progress("video_xxx", TaskChange.percent(60));
      tasks.registry.fail("video_xxx", "content policy violation");
      JsonNode failed = bob.await(n -> "FAILED".equals(n.path("payload").path("status").asText()));
      assertEquals("content policy violation", failed.path("payload").path("error").asText());
      assertEquals(60, failed.path("payload").path("progress").asInt());
      assertEquals(List.of("QUEUED", "PROCESSING", "PROCESSING", "FAILED"),
          updates(bob, "video_xxx").stream().map(n -> n.path("payload").path("status").asText()).toList());
    }
  }

  @Test
  void theUserRoomGetsTheOwnersLiveTasksAtAuthAndEveryChangeAfter() {
    tasks = TaskServer.start();
    tasks.registry.create(NewTask.of("video_a").ownedBy("alice"));
    tasks.registry.create(NewTask.of("video_done").ownedBy("alice"));
    tasks.registry.complete("video_done", null);
    tasks.registry.create(NewTask.of("video_bob").ownedBy("bob"));
    try (WsClient alice = tasks.seed004(TestServers.TOKEN)) {
      JsonNode current = alice.await(n -> "video_a".equals(n.path("payload").path("videoId").asText()));
      assertEquals("QUEUED", current.path("payload").path("status").asText());
      tasks.registry.create(NewTask.of("video_b").ownedBy("alice"));
      tasks.registry.start("video_b");
      alice.await(n -> "PROCESSING".equals(n.path("payload").path("status").asText()));
      tasks.registry.start("video_bob");
      barrier(alice);
      assertEquals(List.of("QUEUED", "PROCESSING"),
          updates(alice, "video_b").stream().map(n -> n.path("payload").path("status").asText()).toList());
      assertTrue(updates(alice, "video_done").isEmpty(), "finished tasks are not current state");
      assertTrue(updates(alice, "video_bob").isEmpty(), "bob's tasks stay in bob's room");
    }
  }

  @Test
  void anOwnerWhoAlsoSubscribesReceivesEachUpdateOnce() {
    tasks = TaskServer.start();
    tasks.registry.create(NewTask.of("video_xxx").ownedBy("alice"));
    try (WsClient alice = tasks.seed004(TestServers.TOKEN)) {
      alice.await(n -> "video_xxx".equals(n.path("payload").path("videoId").asText()));
      request(alice, "subscribe_task", "s1", "{\"videoId\":\"video_xxx\"}");
      tasks.registry.start("video_xxx");
      barrier(alice);
      assertEquals(List.of("QUEUED", "QUEUED", "PROCESSING"),
          updates(alice, "video_xxx").stream().map(n -> n.path("payload").path("status").asText()).toList(),
          "the state at auth, the answer to subscribe_task, then one push");
    }
  }

  @Test
  void completionCarriesTheVideoUrlAndThenTheTaskRoomIsRemoved() {
    tasks = TaskServer.start();
    tasks.registry.create(NewTask.of("video_xxx").ownedBy("alice"));
    tasks.registry.start("video_xxx");
    try (WsClient bob = tasks.seed004(TestServers.BOB_TOKEN)) {
      request(bob, "subscribe_task", "s1", "{\"videoId\":\"video_xxx\"}");
      assertEquals(2, tasks.hub.stats().subscriptions(), "bob's user room and the task room");
      tasks.registry.update("video_xxx", TaskChange.toPhase(TaskPhase.COMPLETED).withProgress(TaskChange.percent(100))
          .withResult(TaskResult.ofVideoUrl("http://127.0.0.1/videos/xxx.mp4")));
      JsonNode done = bob.await(n -> "COMPLETED".equals(n.path("payload").path("status").asText()));
      assertEquals("http://127.0.0.1/videos/xxx.mp4", done.path("payload").path("videoUrl").asText());
      assertEquals(100, done.path("payload").path("progress").asInt());
      assertEquals(1, tasks.hub.stats().subscriptions(), "the task room is gone, the user room stays");
    }
  }

  @Test
  void unsubscribeTaskLeavesTheRoomAndIsAcknowledged() {
    tasks = TaskServer.start();
    tasks.registry.create(NewTask.of("video_xxx").ownedBy("alice"));
    try (WsClient bob = tasks.seed004(TestServers.BOB_TOKEN)) {
      request(bob, "subscribe_task", "s1", "{\"videoId\":\"video_xxx\"}");
      JsonNode ack = request(bob, "unsubscribe_task", "u1", "{\"videoId\":\"video_xxx\"}");
      assertEquals("ack", ack.path("type").asText());
      assertTrue(ack.path("payload").path("success").asBoolean());
      tasks.registry.start("video_xxx");
      barrier(bob);
      assertEquals(1, updates(bob, "video_xxx").size(), "only the answer to subscribe_task");
    }
  }

  @Test
  void unsubscribeTaskForAnUnknownIdAnswersTaskNotFound() {
    tasks = TaskServer.start();
    try (WsClient client = tasks.seed004(TestServers.TOKEN)) {
      JsonNode error = request(client, "unsubscribe_task", "u1", "{\"videoId\":\"video_nope\"}");
      assertEquals("TASK_NOT_FOUND", error.path("payload").path("code").asText());
    }
  }

  @Test
  void subscribeTaskBeyondThePerConnectionCapIsRefused() {
    tasks = TaskServer.start(r -> r, f -> f.maxTasksPerConnection(1));
    tasks.registry.create(NewTask.of("v1"));
    tasks.registry.create(NewTask.of("v2"));
    try (WsClient client = tasks.seed004(TestServers.TOKEN)) {
      assertEquals("taskUpdated", request(client, "subscribe_task", "s1", "{\"videoId\":\"v1\"}").path("type").asText());
      JsonNode error = request(client, "subscribe_task", "s2", "{\"videoId\":\"v2\"}");
      assertEquals("SUBSCRIPTION_LIMIT_EXCEEDED", error.path("payload").path("code").asText());
      assertEquals(1, error.path("payload").path("details").path("limit").asInt());
    }
  }

  @Test
  void requestTaskStatusAnswersWithTheCurrentState() {
    tasks = TaskServer.start();
    tasks.registry.create(NewTask.of("video_xxx").ownedBy("alice"));
    tasks.registry.complete("video_xxx", TaskResult.ofVideoUrl("http://127.0.0.1/xxx.mp4"));
    try (WsClient client = tasks.seed004(TestServers.TOKEN)) {
      JsonNode reply = request(client, "requestTaskStatus", "r1", "{\"videoId\":\"video_xxx\"}");
      assertEquals("taskUpdated", reply.path("type").asText());
      assertEquals("COMPLETED", reply.path("payload").path("status").asText());
      assertEquals("http://127.0.0.1/xxx.mp4", reply.path("payload").path("videoUrl").asText());
      assertFalse(reply.path("payload").has("error"));
    }
  }

  @Test
  void requestMultipleTaskStatusAnswersOncePerDistinctIdAndRefusesUnknownOnes() {
    tasks = TaskServer.start();
    tasks.registry.create(NewTask.of("video_a"));
    tasks.registry.create(NewTask.of("video_b"));
    tasks.registry.start("video_b");
    try (WsClient client = tasks.seed004(TestServers.TOKEN)) {
      client.send("{\"type\":\"requestMultipleTaskStatus\",\"id\":\"m1\","
          + "\"payload\":{\"videoIds\":[\"video_a\",\"video_b\",\"video_nope\",\"video_a\"]}}");
      client.await(n -> "m1".equals(n.path("id").asText()) && "error".equals(n.path("type").asText()));
      barrier(client);
      List<JsonNode> replies = TaskServer.all(client).stream()
          .filter(n -> "m1".equals(n.path("id").asText())).toList();
      assertEquals(3, replies.size());
      Set<String> answered = new HashSet<>();
      for (JsonNode reply : replies) {
        JsonNode payload = reply.path("payload");
        answered.add(payload.has("videoId") ? payload.path("videoId").asText() + "=" + payload.path("status").asText()
            : payload.path("details").path("videoId").asText() + "=" + payload.path("code").asText());
      }
      assertEquals(Set.of("video_a=QUEUED", "video_b=PROCESSING", "video_nope=TASK_NOT_FOUND"), answered);
    }
  }

  @Test
  void requestMultipleTaskStatusWithTooManyIdsIsRefusedWhole() {
    tasks = TaskServer.start(r -> r, f -> f.maxIdsPerRequest(2));
    try (WsClient client = tasks.seed004(TestServers.TOKEN)) {
      JsonNode error = request(client, "requestMultipleTaskStatus", "m1", "{\"videoIds\":[\"a\",\"b\",\"c\"]}");
      assertEquals("INVALID_MESSAGE", error.path("payload").path("code").asText());
      assertEquals(2, error.path("payload").path("details").path("limit").asInt());
    }
  }
}
