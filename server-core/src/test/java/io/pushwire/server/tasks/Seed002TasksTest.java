package io.pushwire.server.tasks;

import static io.pushwire.server.tasks.TaskServer.about;
import static io.pushwire.server.tasks.TaskServer.barrier;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.server.TestServers;
import io.pushwire.server.WsClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Seed 002 (video generation status) over real sockets: subscribeTasks, taskStatusUpdate, ack. */
class Seed002TasksTest {

  private TaskServer tasks;

  @AfterEach
  void stop() {
    tasks.close();
  }

  private static JsonNode subscribe(WsClient client, String requestId, String idsJson) {
    client.send("{\"type\":\"subscribeTasks\",\"id\":\"" + requestId + "\",\"taskIds\":" + idsJson + "}");
    return client.await(n -> "ack".equals(n.path("type").asText()) && requestId.equals(n.path("id").asText()));
  }

  private static List<JsonNode> updates(WsClient client, String taskId) {
    return about(client, "taskStatusUpdate", null, "generateId", taskId);
  }

  @Test
  void subscribeTasksAcksThenSendsEachTaskCurrentStateAtOnce() {
    tasks = TaskServer.start();
    tasks.registry.create(NewTask.of("gen_1").withResult(new TaskResult("Harbour", null, null, null, null)));
    tasks.registry.create(NewTask.of("gen_2"));
    tasks.registry.start("gen_2");
    try (WsClient client = tasks.seed002(TestServers.TOKEN)) {
      JsonNode ack = subscribe(client, "s1", "[\"gen_1\",\"gen_2\"]");
      assertTrue(ack.path("success").asBoolean());
      client.await(n -> "gen_2".equals(n.path("generateId").asText()));
      List<String> types = client.ofType("taskStatusUpdate").stream().map(n -> n.path("generateId").asText()).toList();
      assertEquals(List.of("gen_1", "gen_2"), types, "one current state per task, in the order asked");
      JsonNode first = updates(client, "gen_1").get(0);
      assertEquals("generating", first.path("status").asText());
      assertEquals("Harbour", first.path("videoCardData").path("title").asText());
      assertEquals("gen_1", first.path("videoCardData").path("generateId").asText());
      assertTrue(client.frames.indexOf(client.frames.stream().filter(f -> f.contains("\"ack\"")).findFirst().orElseThrow())
          < client.frames.indexOf(client.frames.stream().filter(f -> f.contains("gen_1")).findFirst().orElseThrow()),
          "the ack comes before the states");
    }
  }

  @Test
  void theCardKeepsItsTitleDescriptionAndThumbnailWhenTheVideoUrlArrives() {
    tasks = TaskServer.start();
    tasks.registry.create(NewTask.of("gen_1")
        .withResult(TaskResult.card("Harbour", "Boats at dawn", "http://127.0.0.1/gen_1.jpg")));
    tasks.registry.start("gen_1");
    try (WsClient client = tasks.seed002(TestServers.TOKEN)) {
      subscribe(client, "s1", "[\"gen_1\"]");
      tasks.registry.complete("gen_1", TaskResult.ofVideoUrl("http://127.0.0.1/gen_1.mp4"));
      JsonNode card = client.await(n -> "done".equals(n.path("status").asText())).path("videoCardData");
      for (String field : List.of("generateId", "status", "title", "description", "thumbnailUrl", "videoUrl",
          "createTime", "updateTime")) {
        assertTrue(card.path(field).isTextual(), field + " missing from " + card);
      }
      assertEquals("Harbour", card.path("title").asText());
      assertEquals("Boats at dawn", card.path("description").asText());
      assertEquals("http://127.0.0.1/gen_1.jpg", card.path("thumbnailUrl").asText());
      assertEquals("http://127.0.0.1/gen_1.mp4", card.path("videoUrl").asText());
    }
  }

  @Test
  void subscribeTasksWithUnknownIdsFailsNamingThemAndSubscribesNothing() {
    tasks = TaskServer.start();
    tasks.registry.create(NewTask.of("gen_1"));
    try (WsClient client = tasks.seed002(TestServers.TOKEN)) {
      JsonNode ack = subscribe(client, "s1", "[\"gen_1\",\"gen_9998\",\"gen_9999\"]");
      assertFalse(ack.path("success").asBoolean());
      assertEquals("unknown task ids: gen_9998, gen_9999", ack.path("error").asText());
      tasks.registry.complete("gen_1", null);
      barrier(client);
      assertTrue(updates(client, "gen_1").isEmpty(), "not even the known id was subscribed");
      assertEquals(0, tasks.hub.stats().subscriptions());
    }
  }

  @Test
  void subscribeTasksBeyondThePerConnectionCapFailsAndSubscribesNothing() {
    tasks = TaskServer.start(r -> r, f -> f.maxTasksPerConnection(2));
    for (String id : List.of("a", "b", "c")) {
      tasks.registry.create(NewTask.of(id));
    }
    try (WsClient client = tasks.seed002(TestServers.TOKEN)) {
      assertTrue(subscribe(client, "s1", "[\"a\",\"b\"]").path("success").asBoolean());
      JsonNode refused = subscribe(client, "s2", "[\"c\"]");
      assertFalse(refused.path("success").asBoolean());
      assertEquals("at most 2 tasks per connection", refused.path("error").asText());
      assertTrue(subscribe(client, "s3", "[\"a\"]").path("success").asBoolean(), "a task already watched does not count twice");
      assertEquals(2, tasks.hub.stats().subscriptions());
    }
  }

  @Test
  void everyVisibleChangeReachesEverySubscriber() {
    tasks = TaskServer.start();
    tasks.registry.create(NewTask.of("gen_1"));
    try (WsClient alice = tasks.seed002(TestServers.TOKEN); WsClient bob = tasks.seed002(TestServers.BOB_TOKEN)) {
      subscribe(alice, "s", "[\"gen_1\"]");
      subscribe(bob, "s", "[\"gen_1\"]");
      tasks.registry.update("gen_1", TaskChange.NONE.withResult(new TaskResult("Sunset", null, null, null, null)));
      tasks.registry.fail("gen_1", "content policy violation");
      for (WsClient client : List.of(alice, bob)) {
        client.await(n -> "failed".equals(n.path("status").asText()));
        List<JsonNode> updates = updates(client, "gen_1");
        assertEquals(List.of("generating", "generating", "failed"),
            updates.stream().map(n -> n.path("status").asText()).toList());
        assertEquals("Sunset", updates.get(1).path("videoCardData").path("title").asText());
      }
    }
  }

  @Test
  void theUpdateThatEndsATaskCarriesTheFullVideoCard() {
    tasks = TaskServer.start();
    tasks.registry.create(NewTask.of("gen_1001"));
    tasks.registry.start("gen_1001");
    try (WsClient client = tasks.seed002(TestServers.TOKEN)) {
      subscribe(client, "s", "[\"gen_1001\"]");
      tasks.registry.complete("gen_1001", new TaskResult("Sunset over the harbour", "Boats at dusk",
          "https://cdn.example.com/gen_1001/thumb.jpg", "https://cdn.example.com/gen_1001/video.mp4",
          Map.of("duration", 10)));
      JsonNode done = client.await(n -> "done".equals(n.path("status").asText()));
      JsonNode card = done.path("videoCardData");
      assertEquals("gen_1001", done.path("generateId").asText());
      assertEquals("gen_1001", card.path("generateId").asText());
      assertEquals("done", card.path("status").asText());
      assertEquals("Sunset over the harbour", card.path("title").asText());
      assertEquals("Boats at dusk", card.path("description").asText());
      assertEquals("https://cdn.example.com/gen_1001/thumb.jpg", card.path("thumbnailUrl").asText());
      assertEquals("https://cdn.example.com/gen_1001/video.mp4", card.path("videoUrl").asText());
      assertEquals(10, card.path("duration").asInt(), "extra fields are written flat in the card");
      assertFalse(card.path("createTime").asText().isEmpty());
      assertFalse(card.path("updateTime").asText().isEmpty());
    }
  }

  @Test
  void aTerminalStateRemovesTheTaskSubscriptions() {
    tasks = TaskServer.start();
    tasks.registry.create(NewTask.of("gen_1"));
    tasks.registry.create(NewTask.of("gen_2"));
    try (WsClient alice = tasks.seed002(TestServers.TOKEN); WsClient bob = tasks.seed002(TestServers.BOB_TOKEN)) {
      subscribe(alice, "s", "[\"gen_1\",\"gen_2\"]");
      subscribe(bob, "s", "[\"gen_1\"]");
      assertEquals(3, tasks.hub.stats().subscriptions());
      tasks.registry.complete("gen_1", TaskResult.ofVideoUrl("https://cdn.example.com/1.mp4"));
      alice.await(n -> "done".equals(n.path("status").asText()));
      bob.await(n -> "done".equals(n.path("status").asText()));
      assertEquals(1, tasks.hub.stats().subscriptions(), "only alice's gen_2 is left");
      assertTrue(subscribe(alice, "s2", "[\"gen_3x\"]").path("error").asText().contains("gen_3x"));
    }
  }

  @Test
  void subscribingToAFinishedTaskSendsItsFinalStateWithoutSubscribing() {
    tasks = TaskServer.start();
    tasks.registry.create(NewTask.of("gen_1"));
    tasks.registry.fail("gen_1", "out of credits");
    try (WsClient client = tasks.seed002(TestServers.TOKEN)) {
      assertTrue(subscribe(client, "s", "[\"gen_1\"]").path("success").asBoolean());
      JsonNode state = client.await(n -> "gen_1".equals(n.path("generateId").asText()));
      assertEquals("failed", state.path("status").asText());
      assertEquals(0, tasks.hub.stats().subscriptions());
    }
  }

  @Test
  void unsubscribeTasksStopsPushes() {
    tasks = TaskServer.start();
    tasks.registry.create(NewTask.of("gen_1"));
    try (WsClient client = tasks.seed002(TestServers.TOKEN)) {
      subscribe(client, "s", "[\"gen_1\"]");
      client.send("{\"type\":\"unsubscribeTasks\",\"id\":\"u\",\"taskIds\":[\"gen_1\"]}");
      JsonNode ack = client.await(n -> "u".equals(n.path("id").asText()));
      assertTrue(ack.path("success").asBoolean());
      tasks.registry.complete("gen_1", null);
      barrier(client);
      assertEquals(1, updates(client, "gen_1").size(), "only the state sent on subscribe");
      assertEquals(0, tasks.hub.stats().subscriptions());
    }
  }

  @Test
  void unsubscribeTasksWithUnknownIdsFailsNamingThem() {
    tasks = TaskServer.start();
    tasks.registry.create(NewTask.of("gen_1"));
    try (WsClient client = tasks.seed002(TestServers.TOKEN)) {
      subscribe(client, "s", "[\"gen_1\"]");
      client.send("{\"type\":\"unsubscribeTasks\",\"id\":\"u\",\"taskIds\":[\"gen_1\",\"nope\"]}");
      JsonNode ack = client.await(n -> "u".equals(n.path("id").asText()));
      assertFalse(ack.path("success").asBoolean());
      assertEquals("unknown task ids: nope", ack.path("error").asText());
      assertEquals(0, tasks.hub.stats().subscriptions(), "the known id was still unsubscribed");
    }
  }

  @Test
  void progressReportsAreNotPushedBecauseSeed002HasNoProgress() {
    tasks = TaskServer.start();
    tasks.registry.create(NewTask.of("gen_1"));
    try (WsClient client = tasks.seed002(TestServers.TOKEN)) {
      subscribe(client, "s", "[\"gen_1\"]");
      tasks.registry.start("gen_1");
      for (int p = 1; p <= 50; p++) {
        tasks.registry.progress("gen_1", TaskChange.percent(p));
      }
      tasks.registry.complete("gen_1", null);
      client.await(n -> "done".equals(n.path("status").asText()));
      assertEquals(List.of("generating", "done"),
          updates(client, "gen_1").stream().map(n -> n.path("status").asText()).toList());
    }
  }

  @Test
  void subscriptionsGoWithTheirConnection() {
    tasks = TaskServer.start(r -> r, f -> f.maxTasksPerConnection(1));
    tasks.registry.create(NewTask.of("gen_1"));
    try (WsClient first = tasks.seed002(TestServers.TOKEN)) {
      subscribe(first, "s", "[\"gen_1\"]");
    }
    await().until(() -> tasks.hub.stats().connections() == 0);
    try (WsClient second = tasks.seed002(TestServers.TOKEN)) {
      assertTrue(subscribe(second, "s", "[\"gen_1\"]").path("success").asBoolean());
      assertEquals(1, tasks.hub.stats().subscriptions());
    }
  }
}
