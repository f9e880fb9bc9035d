package io.pushwire.server.jobs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.DownloadJobs;
import io.pushwire.protocol.JobStatus;
import io.pushwire.server.Dialect;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import io.pushwire.server.PushServer;
import io.pushwire.server.TestServers;
import io.pushwire.server.WsClient;
import io.pushwire.server.auth.AuthMode;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Seed 000's sub_download_jobs over real sockets. */
class JobBoardTest {

  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private Hub hub;
  private PushServer server;
  private JobBoard board;

  private void start(Duration minInterval) {
    hub = TestServers.hub().build();
    board = JobBoard.install(hub, minInterval);
    server = TestServers.start(hub, EndpointSpec.builder("/ws").auth(AuthMode.FIRST_MESSAGE)
        .dialect(Dialect.FLAT).autoSubscribe(JobBoard.TOPIC).build());
  }

  @AfterEach
  void stop() {
    server.close();
    board.close();
    hub.close();
  }

  /**
   * An authenticated client whose automatic subscription to the board is in place: the server
   * makes it after sending auth ok, and answers the ping sent here only after it.
   */
  private WsClient client() {
    WsClient client = TestServers.authenticated(server, "/ws");
    client.send("{\"type\":\"ping\",\"id\":\"subscribed\"}");
    client.await(n -> "pong".equals(n.path("type").asText()));
    return client;
  }

  /** Waits until the board has published {@code count} boards, so that none is still on its way. */
  private void awaitPublished(int count) {
    await().until(() -> hub.broker().history(JobBoard.TOPIC, null, 100).join().publications().size() == count);
  }

  private static DownloadJobs running(LocalDateTime startedAt, int video) {
    return new DownloadJobs(JobStatus.RUNNING, startedAt, 10, 1000, "电影名称，或者连续剧的名称",
        video, 1500, "电影名称，或者是连续剧中某一季、某一集的名称");
  }

  private static DownloadJobs waitingUntil(LocalDateTime nextRun) {
    return new DownloadJobs(JobStatus.WAITING, nextRun, 0, 0, null, 0, 0, null);
  }

  private static List<JsonNode> boards(WsClient client) {
    return client.ofType("sub_download_jobs").stream().map(frame -> frame.path("jobs")).toList();
  }

  private static LocalDateTime startedTime(JsonNode jobs) {
    return LocalDateTime.parse(jobs.path("started_time").asText(), DATE_TIME);
  }

  @Test
  void aNewlyAuthenticatedClientGetsTheCurrentBoardRightAfterAuthOk() {
    start(Duration.ofMillis(50));
    board.update(running(LocalDateTime.of(2022, 3, 1, 15, 4, 5), 10));
    awaitPublished(1); // else its publication could reach the new client after the snapshot, a second time
    try (WsClient client = TestServers.authenticated(server, "/ws")) {
      await().until(() -> client.frames.size() == 2);
      assertEquals(List.of("{\"type\":\"common_reply\",\"message\":\"auth ok\"}",
          "{\"type\":\"sub_download_jobs\",\"jobs\":{\"status\":\"running\",\"started_time\":\"2022-03-01 15:04:05\","
              + "\"working_unit_index\":10,\"unit_count\":1000,\"working_unit_name\":\"电影名称，或者连续剧的名称\","
              + "\"working_video_index\":10,\"video_count\":1500,"
              + "\"working_video_name\":\"电影名称，或者是连续剧中某一季、某一集的名称\"}}"),
          client.frames);
    }
  }

  @Test
  void aChangeIsPushedToEveryConnectedClient() {
    start(Duration.ofMillis(50));
    try (WsClient first = client(); WsClient second = client()) {
      board.update(running(LocalDateTime.now().minusMinutes(1), 7));
      for (WsClient client : List.of(first, second)) {
        assertEquals(7, client.awaitType("sub_download_jobs").path("jobs").path("working_video_index").asInt());
      }
    }
  }

  @Test
  void aBurstOfUpdatesIsCoalescedAndTheFinalStateGoesOut() {
    start(Duration.ofMillis(500));
    LocalDateTime started = LocalDateTime.now().minusMinutes(1);
    try (WsClient client = client()) {
      for (int video = 1; video <= 100; video++) {
        board.update(running(started, video));
      }
      await().until(() -> {
        List<JsonNode> seen = boards(client);
        return !seen.isEmpty() && seen.get(seen.size() - 1).path("working_video_index").asInt() == 100;
      });
      assertTrue(boards(client).size() <= 3, "100 updates coalesced into " + boards(client).size() + " pushes");
    }
  }

  @Test
  void anUnchangedBoardIsNotSentAgain() {
    start(Duration.ofMillis(50));
    LocalDateTime started = LocalDateTime.now().minusMinutes(1);
    try (WsClient client = client()) {
      board.update(running(started, 1));
      await().until(() -> boards(client).size() == 1);
      board.update(running(started, 1));
      board.update(running(started, 2));
      await().until(() -> boards(client).stream().anyMatch(b -> b.path("working_video_index").asInt() == 2));
      assertEquals(List.of(1, 2), boards(client).stream().map(b -> b.path("working_video_index").asInt()).toList());
    }
  }

  @Test
  void aWaitingBoardsStartedTimeIsACountdownToTheNextRun() {
    start(Duration.ofMillis(50));
    board.update(waitingUntil(LocalDateTime.now().plusMinutes(10)));
    try (WsClient client = client()) {
      JsonNode jobs = client.awaitType("sub_download_jobs").path("jobs");
      assertEquals("waitting", jobs.path("status").asText());
      assertTrue(startedTime(jobs).isAfter(LocalDateTime.now().plusMinutes(9)), jobs.toString());
    }
  }

  @Test
  void aRunningBoardsStartedTimeIsWhenTheRunBegan() {
    start(Duration.ofMillis(50));
    board.update(running(LocalDateTime.now().minusMinutes(5), 1));
    try (WsClient client = client()) {
      JsonNode jobs = client.awaitType("sub_download_jobs").path("jobs");
      assertEquals("running", jobs.path("status").asText());
      assertTrue(startedTime(jobs).isBefore(LocalDateTime.now().minusMinutes(4)), jobs.toString());
    }
  }

  @Test
  void aBoardWhoseStartedTimeContradictsItsStatusIsRefusedAndNeverSent() {
    start(Duration.ofMillis(50));
    try (WsClient client = client()) {
      assertThrows(IllegalArgumentException.class,
          () -> board.update(running(LocalDateTime.now().plusMinutes(5), 1)));
      assertThrows(IllegalArgumentException.class,
          () -> board.update(waitingUntil(LocalDateTime.now().minusMinutes(5))));
      board.update(running(LocalDateTime.now().minusMinutes(5), 3));
      await().until(() -> !boards(client).isEmpty());
      assertEquals(List.of(3), boards(client).stream().map(b -> b.path("working_video_index").asInt()).toList());
    }
  }

  @Test
  void closingTheBoardSendsTheStateItWasHolding() {
    start(Duration.ofMinutes(1));
    LocalDateTime started = LocalDateTime.now().minusMinutes(1);
    try (WsClient client = client()) {
      board.update(running(started, 1));
      await().until(() -> boards(client).size() == 1);
      board.update(running(started, 2));
      board.close();
      await().until(() -> boards(client).size() == 2);
      assertEquals(2, boards(client).get(1).path("working_video_index").asInt());
    }
  }
}
