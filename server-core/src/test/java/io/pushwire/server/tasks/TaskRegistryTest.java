package io.pushwire.server.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.server.TestServers;
import io.pushwire.server.WsClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry's bound and its rules for a task's life, as applications and clients see them. */
class TaskRegistryTest {

  private TaskServer tasks;

  @AfterEach
  void stop() {
    if (tasks != null) {
      tasks.close();
    }
  }

  private static JsonNode getTask(WsClient client, String id) {
    client.send("{\"type\":\"get_task\",\"id\":\"g-" + id + "\",\"data\":{\"task_id\":\"" + id + "\"}}");
    return client.await(n -> ("g-" + id).equals(n.path("id").asText()));
  }

  @Test
  void aFullRegistryEvictsTheTerminalTaskThatEndedFirst() {
    tasks = TaskServer.start(r -> r.maxTasks(3), f -> f);
    for (String id : List.of("a", "b", "c")) {
      tasks.registry.create(NewTask.of(id));
    }
    tasks.registry.complete("b", null);
    tasks.registry.fail("a", "boom");
    tasks.registry.create(NewTask.of("d"));
    try (WsClient client = tasks.seed003(TestServers.TOKEN, "")) {
      assertEquals("TASK_NOT_FOUND", getTask(client, "b").path("error").path("code").asText());
      assertEquals("failed", getTask(client, "a").path("data").path("status").asText());
      assertEquals("pending", getTask(client, "d").path("data").path("status").asText());
    }
  }

  @Test
  void aRegistryFullOfLiveTasksRefusesNewOnes() {
    TaskRegistry registry = TaskRegistry.builder().maxTasks(2).build();
    registry.create(NewTask.of("a"));
    registry.create(NewTask.of("b"));
    registry.start("b");
    TaskRegistryFullException full = assertThrows(TaskRegistryFullException.class, () -> registry.create(NewTask.of("c")));
    assertEquals(2, full.maxTasks());
    assertEquals(List.of("a", "b"), registry.list().stream().map(Task::id).toList(), "live tasks are never evicted");
  }

  @Test
  void aFinishedTaskNeverChangesButRepeatingItsEndIsHarmless() {
    TaskRegistry registry = TaskRegistry.builder().build();
    registry.create(NewTask.of("t"));
    Task done = registry.complete("t", TaskResult.ofVideoUrl("http://127.0.0.1/t.mp4"));
    assertSame(done, registry.complete("t", null), "a repeated complete is a no-op");
    assertThrows(IllegalStateException.class, () -> registry.fail("t", "too late"));
    assertThrows(IllegalStateException.class, () -> registry.progress("t", TaskChange.percent(5)));
    assertEquals(done, registry.get("t").orElseThrow());
  }

  @Test
  void aDuplicateIdIsRefused() {
    TaskRegistry registry = TaskRegistry.builder().build();
    registry.create(NewTask.of("t"));
    assertThrows(IllegalArgumentException.class, () -> registry.create(NewTask.of("t")));
  }

  @Test
  void idsThatWouldReadAsTopicPatternsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> NewTask.of("task:*"));
    assertThrows(IllegalArgumentException.class, () -> NewTask.of("t?"));
    assertThrows(IllegalArgumentException.class, () -> NewTask.of(""));
    assertThrows(IllegalArgumentException.class, () -> NewTask.of("x".repeat(Task.MAX_ID_LENGTH + 1)));
    assertThrows(IllegalArgumentException.class, () -> NewTask.of("t").ownedBy("al*ce"));
  }

  @Test
  void startingSetsTheStartTimeOnceAndEndingSetsTheEndTime() {
    TaskRegistry registry = TaskRegistry.builder().build();
    registry.create(NewTask.of("t"));
    Task running = registry.start("t");
    Task requeued = registry.update("t", TaskChange.toPhase(TaskPhase.QUEUED));
    Task again = registry.start("t");
    Task ended = registry.cancel("t");
    assertEquals(running.startedAt(), again.startedAt());
    assertEquals(running.startedAt(), requeued.startedAt());
    assertTrue(ended.endedAt() != null && !ended.endedAt().isBefore(running.startedAt()));
    assertEquals(5, ended.version());
  }

  @Test
  void aChangeThatChangesNothingIsNotPushed() {
    tasks = TaskServer.start();
    tasks.registry.create(NewTask.of("t"));
    try (WsClient client = tasks.seed003(TestServers.TOKEN, "&topics=task:status")) {
      client.awaitType("task_status");
      tasks.registry.update("t", TaskChange.toPhase(TaskPhase.QUEUED));
      tasks.registry.start("t");
      client.await(n -> "running".equals(n.path("data").path("status").asText()));
      assertEquals(2, client.ofType("task_status").size(), "the state on subscribe and running, nothing for the no-op");
    }
  }
}
