package io.pushwire.server.tasks;

import static io.pushwire.server.tasks.TaskServer.all;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.Progress;
import io.pushwire.server.TestServers;
import io.pushwire.server.WsClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A task reporting progress far faster than anyone can watch: its watchers get the latest report
 * at most N times a second, status changes are never coalesced away, and the final state always
 * arrives, after the last progress.
 */
class ProgressCoalescingTest {

  private static final int TICKS = 10_000;

  private TaskServer tasks;

  @AfterEach
  void stop() {
    tasks.close();
  }

  private void tick(String id, int from, int to) {
    for (int i = from; i <= to; i++) {
      tasks.registry.progress(id, new Progress(TICKS, i, 0, "unit " + i, i * 100.0 / TICKS, null));
    }
  }

  private static WsClient progressAndStatusWatcher(TaskServer tasks) {
    WsClient client = tasks.seed003(TestServers.TOKEN, "&topics=task:progress,task:status");
    client.await(n -> "ack".equals(n.path("type").asText()));
    return client;
  }

  private static boolean isProgress(JsonNode n) {
    return "task_progress".equals(n.path("type").asText());
  }

  private static boolean isStatus(JsonNode n, String status) {
    return "task_status".equals(n.path("type").asText()) && status.equals(n.path("data").path("status").asText());
  }

  private static long completed(JsonNode progressFrame) {
    return progressFrame.path("data").path("progress").path("completed").asLong();
  }

  @Test
  void tenThousandTicksReachWatchersAsAFewUpdatesAndTheLatestWins() {
    int perSecond = 5;
    tasks = TaskServer.start(r -> r, f -> f.progressRate(perSecond));
    tasks.registry.create(NewTask.of("t"));
    try (WsClient client = progressAndStatusWatcher(tasks)) {
      long started = System.nanoTime();
      tick("t", 1, TICKS);
      client.await(n -> isProgress(n) && completed(n) == TICKS);
      double elapsedSeconds = (System.nanoTime() - started) / 1e9;

      List<Long> seen = client.ofType("task_progress").stream().map(ProgressCoalescingTest::completed).toList();
      long allowed = 1 + (long) Math.floor(elapsedSeconds * perSecond);
      assertTrue(seen.size() <= allowed,
          seen.size() + " progress frames in " + elapsedSeconds + " s at " + perSecond + "/s: " + seen);
      for (int i = 1; i < seen.size(); i++) {
        assertTrue(seen.get(i) > seen.get(i - 1), "never an older report after a newer one: " + seen);
      }
      assertEquals(TICKS, seen.get(seen.size() - 1));
    }
  }

  @Test
  void theFinalStateAlwaysArrivesAfterTheLastProgress() {
    tasks = TaskServer.start(r -> r, f -> f.progressRate(1));
    tasks.registry.create(NewTask.of("t"));
    tasks.registry.start("t");
    try (WsClient seed003 = progressAndStatusWatcher(tasks); WsClient seed004 = tasks.seed004(TestServers.BOB_TOKEN)) {
      seed004.send("{\"type\":\"subscribe_task\",\"id\":\"s\",\"payload\":{\"videoId\":\"t\"}}");
      seed004.await(n -> "s".equals(n.path("id").asText()));
      tick("t", 1, TICKS);
      tasks.registry.complete("t", TaskResult.ofVideoUrl("http://127.0.0.1/t.mp4"));

      seed003.await(n -> isStatus(n, "completed"));
      List<JsonNode> frames = all(seed003);
      int completedAt = indexOf(frames, n -> isStatus(n, "completed"));
      JsonNode lastProgress = frames.subList(0, completedAt).stream().filter(ProgressCoalescingTest::isProgress)
          .reduce((a, b) -> b).orElseThrow();
      assertEquals(TICKS, completed(lastProgress), "the latest report is published before the final status");
      assertTrue(frames.subList(completedAt, frames.size()).stream().noneMatch(ProgressCoalescingTest::isProgress),
          "nothing after the final state");

      JsonNode done = seed004.await(n -> "COMPLETED".equals(n.path("payload").path("status").asText()));
      assertEquals(100, done.path("payload").path("progress").asInt());
      assertEquals("http://127.0.0.1/t.mp4", done.path("payload").path("videoUrl").asText());
      List<JsonNode> updates = seed004.ofType("taskUpdated");
      assertEquals(done, updates.get(updates.size() - 1), "the final state is the last taskUpdated");
    }
  }

  @Test
  void statusChangesAreNeverCoalescedAndFollowTheLatestProgress() {
    tasks = TaskServer.start(r -> r, f -> f.progressRate(1));
    try (WsClient client = progressAndStatusWatcher(tasks)) {
      tasks.registry.create(NewTask.of("t"));
      tick("t", 1, 100);
      tasks.registry.start("t");
      tick("t", 101, 200);
      tasks.registry.fail("t", "disk full");

      client.await(n -> isStatus(n, "failed"));
      List<JsonNode> frames = all(client);
      assertEquals(List.of("pending", "running", "failed"), frames.stream()
          .filter(n -> "task_status".equals(n.path("type").asText()))
          .map(n -> n.path("data").path("status").asText()).toList());
      assertEquals(100, completed(lastProgressBefore(frames, indexOf(frames, n -> isStatus(n, "running")))));
      assertEquals(200, completed(lastProgressBefore(frames, indexOf(frames, n -> isStatus(n, "failed")))));
    }
  }

  private static JsonNode lastProgressBefore(List<JsonNode> frames, int index) {
    return frames.subList(0, index).stream().filter(ProgressCoalescingTest::isProgress)
        .reduce((a, b) -> b).orElseThrow();
  }

  private static int indexOf(List<JsonNode> frames, java.util.function.Predicate<JsonNode> test) {
    for (int i = 0; i < frames.size(); i++) {
      if (test.test(frames.get(i))) {
        return i;
      }
    }
    throw new AssertionError("no such frame");
  }
}
