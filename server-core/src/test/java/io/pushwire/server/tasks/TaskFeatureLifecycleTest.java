package io.pushwire.server.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.server.TestServers;
import io.pushwire.server.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What clients see when the feature is closed while the server runs on. */
class TaskFeatureLifecycleTest {

  private TaskServer tasks;

  @AfterEach
  void stop() {
    tasks.close();
  }

  @Test
  void closingPublishesPendingProgressAndThenStopsServingTasks() {
    tasks = TaskServer.start(r -> r, f -> f.progressRate(1));
    tasks.registry.create(NewTask.of("t"));
    try (WsClient client = tasks.seed003(TestServers.TOKEN, "&topics=task:progress")) {
      client.awaitType("ack");
      tasks.registry.progress("t", TaskChange.percent(1));
      tasks.registry.progress("t", TaskChange.percent(2));
      tasks.feature.close();
      client.await(n -> "task_progress".equals(n.path("type").asText())
          && n.path("data").path("progress").path("percentage").asInt() == 2);

      client.send("{\"type\":\"get_task\",\"id\":\"g\",\"data\":{\"task_id\":\"t\"}}");
      JsonNode refused = client.await(n -> "g".equals(n.path("id").asText()));
      assertEquals("UNSUPPORTED_REQUEST", refused.path("error").path("code").asText());
      tasks.registry.progress("t", TaskChange.percent(3));
      TaskServer.barrier(client);
      assertTrue(client.ofType("task_progress").stream()
          .noneMatch(n -> n.path("data").path("progress").path("percentage").asInt() == 3));
    }
  }
}
