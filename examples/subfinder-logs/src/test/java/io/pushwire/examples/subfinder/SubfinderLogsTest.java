package io.pushwire.examples.subfinder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.examples.support.ExampleOptions;
import io.pushwire.examples.support.WireClient;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Seed 000's frames, as its web UI exchanges them. */
class SubfinderLogsTest {

  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  /**
   * Scans of 24 steps of 100 ms, the first after half a second, then two seconds apart; log
   * batches five times a second. A scan (2.4 s) must outlast the job board's one-second
   * coalescing interval ({@code JobBoard.DEFAULT_MIN_INTERVAL}). With shorter scans, only the
   * first scan has a board from its middle published. Later scans publish their first step only,
   * and the waiting board that follows within the interval replaces the held rest. A client
   * that connected after the first scan, while the board waited, never saw a scan in progress.
   */
  private static final SubfinderLogs.Pace FAST =
      new SubfinderLogs.Pace(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofMillis(200));
  private static SubfinderLogs.Running example;

  @BeforeAll
  static void start() throws Exception {
    example = SubfinderLogs.start(new ExampleOptions("127.0.0.1", 0, "t0k"), FAST);
  }

  @AfterAll
  static void stop() {
    example.close();
  }

  @Test
  void theReadyLineNamesTheSeedEndpoint() {
    assertEquals(List.of("ws://127.0.0.1:" + example.server().port() + "/ws"), example.urls());
  }

  @Test
  void authOkIsFollowedByTheJobBoard() {
    try (WireClient client = authenticated()) {
      JsonNode jobs = client.awaitType("sub_download_jobs").path("jobs");
      assertEquals(9, jobs.path("unit_count").asInt());
      assertEquals(24, jobs.path("video_count").asInt());
    }
  }

  @Test
  void theBoardCountsDownBetweenScansAndTracksTheVideoDuringOne() {
    try (WireClient client = authenticated()) {
      JsonNode waiting = client.awaitFrame(f -> f.path("jobs").path("status").asText().equals("waitting")).path("jobs");
      LocalDateTime startsAt = LocalDateTime.parse(waiting.path("started_time").asText(), DATE_TIME);
      JsonNode running = client.awaitFrame(f -> f.path("jobs").path("status").asText().equals("running")
          && f.path("jobs").path("working_video_index").asInt() > 1).path("jobs");
      assertFalse(LocalDateTime.parse(running.path("started_time").asText(), DATE_TIME).isAfter(LocalDateTime.now()));
      assertFalse(startsAt.isBefore(LocalDateTime.now().minusMinutes(1)));
      assertFalse(running.path("working_video_name").asText().isEmpty());
    }
  }

  @Test
  void getRunningLogAnswersAtOnceThenPushesEachBatchAfterItsAck() {
    try (WireClient client = authenticated()) {
      client.send("{\"type\":\"get_running_log\"}");
      JsonNode answer = client.awaitType("running_log").path("log");
      assertTrue(answer.has("log_lines"));
      client.send("{\"type\":\"common_reply\",\"message\":\"ok\"}");
      JsonNode scanLine = client.awaitFrame(f -> f.path("type").asText().equals("running_log")
          && f.path("log").path("log_lines").toString().contains("Scan ")).path("log");
      JsonNode line = scanLine.path("log_lines").get(0);
      assertTrue(List.of("INFO", "WARNING", "ERROR").contains(line.path("level").asText()), line.toString());
      LocalDateTime.parse(line.path("date_time").asText(), DATE_TIME);
    }
  }

  @Test
  void aWrongTokenGetsAuthErrorAndTheConnectionIsClosedFor4500() {
    try (WireClient client = WireClient.connect(example.webSocketUrl())) {
      client.send("{\"type\":\"auth\",\"token\":\"wrong\"}");
      client.awaitFrame(f -> f.path("message").asText().equals("auth error"));
      assertEquals(4500, client.awaitClose());
    }
  }

  private static WireClient authenticated() {
    WireClient client = WireClient.connect(example.webSocketUrl());
    client.send("{\"type\":\"auth\",\"token\":\"t0k\"}");
    client.awaitFrame(f -> f.path("type").asText().equals("common_reply") && f.path("message").asText().equals("auth ok"));
    return client;
  }
}
