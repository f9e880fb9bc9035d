package io.pushwire.server.logs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.CloseCode;
import io.pushwire.protocol.LogLevel;
import io.pushwire.protocol.LogLine;
import io.pushwire.server.Hub;
import io.pushwire.server.Limits;
import io.pushwire.server.PushServer;
import io.pushwire.server.TestServers;
import io.pushwire.server.WsClient;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The seed-000 running log over real sockets: what a client sends and what it sees. */
class RunningLogTest {

  private static final RunningLogOptions FAST = RunningLogOptions.defaults().withBatchInterval(Duration.ofMillis(50));
  private static final String GET = "{\"type\":\"get_running_log\"}";
  private static final String OK = "{\"type\":\"common_reply\",\"message\":\"ok\"}";

  private Hub hub;
  private PushServer server;
  private LogStream stream;
  private RunningLogFeature feature;

  private void start(Retention retention, RunningLogOptions options) {
    start(Limits.defaults(), retention, options);
  }

  private void start(Limits limits, Retention retention, RunningLogOptions options) {
    hub = TestServers.hub().limits(limits).build();
    stream = LogStream.create(retention);
    feature = RunningLogFeature.install(hub, stream, options);
    server = TestServers.start(hub, TestServers.firstMessage("/ws"));
  }

  private void start() {
    start(Retention.defaults(), FAST);
  }

  @AfterEach
  void stop() {
    server.close();
    feature.close();
    hub.close();
  }

  private WsClient client() {
    return TestServers.authenticated(server, "/ws");
  }

  private void append(int from, int to) {
    for (int i = from; i < to; i++) {
      stream.append(LogLevel.INFO, "line " + i);
    }
  }

  private static List<String> expected(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> "line " + i).toList();
  }

  private static List<String> contents(JsonNode runningLog) {
    List<String> result = new ArrayList<>();
    runningLog.path("log").path("log_lines").forEach(line -> result.add(line.path("content").asText()));
    return result;
  }

  /** The n-th running_log the client received (0-based), once it has arrived. */
  private static JsonNode batch(WsClient client, int n) {
    await().until(() -> client.ofType("running_log").size() > n);
    return client.ofType("running_log").get(n);
  }

  /** Waits until the feature's pusher has run {@code n} more times: time enough for a push that must not come. */
  private void awaitTicks(int n) {
    long from = feature.ticks();
    await().until(() -> feature.ticks() >= from + n);
  }

  private static String resume(long fromIndex, long epoch) {
    return "{\"type\":\"get_running_log\",\"from_index\":" + fromIndex + ",\"epoch\":" + epoch + "}";
  }

  @Test
  void getRunningLogIsAnsweredWithTheCurrentLinesInTheSeedShape() {
    start();
    LocalDateTime at = LocalDateTime.of(2022, 2, 11, 8, 51, 16);
    stream.append(new LogLine(LogLevel.INFO, at, "ChineseSubFinder Version: unknow"));
    stream.append(new LogLine(LogLevel.INFO, at, "Need do Setup"));
    try (WsClient client = client()) {
      client.send(GET);
      assertEquals("{\"type\":\"running_log\",\"log\":{\"index\":0,\"log_lines\":["
              + "{\"level\":\"INFO\",\"date_time\":\"2022-02-11 08:51:16\",\"content\":\"ChineseSubFinder Version: unknow\"},"
              + "{\"level\":\"INFO\",\"date_time\":\"2022-02-11 08:51:16\",\"content\":\"Need do Setup\"}],"
              + "\"epoch\":" + stream.epoch() + "}}",
          batch(client, 0).toString());
    }
  }

  @Test
  void nothingIsPushedBeforeTheClientsFirstGetRunningLog() {
    start();
    try (WsClient client = client()) {
      append(0, 3);
      awaitTicks(3);
      assertTrue(client.ofType("running_log").isEmpty());
      client.send(GET);
      assertEquals(expected(0, 3), contents(batch(client, 0)));
    }
  }

  @Test
  void noSecondBatchIsSentBeforeTheFirstIsAcknowledged() {
    start();
    append(0, 2);
    try (WsClient client = client()) {
      client.send(GET);
      batch(client, 0);
      append(2, 5);
      awaitTicks(3);
      assertEquals(1, client.ofType("running_log").size(), "no push while a batch is unacknowledged");
      client.send(OK);
      JsonNode second = batch(client, 1);
      assertEquals(2, second.path("log").path("index").asLong());
      assertEquals(expected(2, 5), contents(second));
    }
  }

  @Test
  void acknowledgementsAreNotMeteredSoATightRateCannotStallTheStream() {
    // Two messages, then one every ten seconds: auth and get_running_log use them up.
    start(Limits.builder().messageRate(0.1, 2).build(), Retention.defaults(), FAST);
    try (WsClient client = client()) {
      client.send(GET);
      batch(client, 0);
      for (int n = 1; n <= 3; n++) {
        append(n * 10, n * 10 + 2);
        client.send(OK);
        assertEquals(expected(n * 10, n * 10 + 2), contents(batch(client, n)));
      }
      assertTrue(client.ofType("error").isEmpty(), "no acknowledgement was refused: " + client.ofType("error"));
      client.send("{\"type\":\"ping\",\"id\":\"p\"}");
      assertEquals("RATE_LIMIT_EXCEEDED", client.awaitType("error").path("code").asText(), "requests still are metered");
    }
  }

  @Test
  void newLinesArePushedInBatchesAtMostOncePerInterval() {
    start();
    try (LogTailClient client = LogTailClient.seedOnly(TestServers.url(server, "/ws"), TestServers.TOKEN)) {
      await().until(() -> client.batches.size() == 1); // the (empty) answer to get_running_log
      long ticksBefore = feature.ticks();
      append(0, 300);
      await().until(() -> client.lineCount() == 300);
      long ticksDuring = feature.ticks() - ticksBefore + 1;
      int pushes = client.batches.size() - 1;
      assertTrue(pushes <= ticksDuring, pushes + " pushes in " + ticksDuring + " intervals");
      assertTrue(pushes < 300, "lines are batched, not sent one by one");
      assertEquals(expected(0, 300), client.lines());
    }
  }

  @Test
  void aClientFarBehindCatchesUpInBoundedBatchesEachRightAfterItsAck() {
    start(Retention.defaults(), FAST.withBatchInterval(Duration.ofMinutes(1)).withMaxBatch(100, Long.MAX_VALUE));
    append(0, 1_000);
    try (LogTailClient client = LogTailClient.seedOnly(TestServers.url(server, "/ws"), TestServers.TOKEN)) {
      await().until(() -> client.lineCount() == 1_000);
      assertEquals(expected(0, 1_000), client.lines());
      assertEquals(10, client.batches.size());
      client.batches.forEach(b -> assertEquals(100, b.path("log").path("log_lines").size()));
      assertEquals(0, feature.ticks(), "no push interval was needed");
    }
  }

  @Test
  void linesThatLeftRetentionWhileUnacknowledgedAreReportedAsLost() {
    start(new Retention(100, Retention.DEFAULT_MAX_BYTES), FAST);
    append(0, 10);
    try (WsClient client = client()) {
      client.send(GET);
      batch(client, 0);
      append(10, 510);
      client.send(OK);
      JsonNode next = batch(client, 1).path("log");
      assertEquals(410, next.path("index").asLong());
      assertEquals(400, next.path("lost").asLong(), "the 400 lines after line 9 that retention dropped");
      assertEquals(expected(410, 510), contents(batch(client, 1)));
    }
  }

  @Test
  void retentionByBytesDropsOldLinesAndAResumeIsToldHowManyItMissed() {
    int lineBytes = LogStream.LINE_OVERHEAD_BYTES + "line 00".length();
    start(new Retention(10_000, 10L * lineBytes), FAST);
    for (int i = 0; i < 50; i++) {
      stream.append(LogLevel.INFO, String.format("line %02d", i));
    }
    try (WsClient client = client()) {
      client.send(resume(0, stream.epoch()));
      JsonNode log = batch(client, 0).path("log");
      assertEquals(40, log.path("index").asLong());
      assertEquals(40, log.path("lost").asLong());
      assertEquals(IntStream.range(40, 50).mapToObj(i -> String.format("line %02d", i)).toList(),
          contents(batch(client, 0)));
    }
  }

  @Test
  void resumingWithinTheRetainedLinesRepeatsNothingAndLosesNothing() {
    start();
    append(0, 20);
    try (WsClient client = client()) {
      client.send(resume(12, stream.epoch()));
      JsonNode log = batch(client, 0).path("log");
      assertEquals(12, log.path("index").asLong());
      assertFalse(log.has("lost"), "no gap, no marker");
      assertEquals(expected(12, 20), contents(batch(client, 0)));
    }
  }

  @Test
  void resumingFromAnEarlierRunGetsTheNewRunFromItsStartAndTheCountItMissed() {
    start();
    append(0, 10);
    long oldRun = stream.epoch();
    long newRun = stream.newRun();
    append(10, 15);
    try (WsClient client = client()) {
      client.send(resume(4, oldRun));
      JsonNode log = batch(client, 0).path("log");
      assertEquals(newRun, log.path("epoch").asLong(), "the epoch tells the client a new run began");
      assertEquals(10, log.path("index").asLong());
      assertEquals(6, log.path("lost").asLong(), "lines 4-9 of the old run were never received");
      assertEquals(expected(10, 15), contents(batch(client, 0)));
    }
  }

  @Test
  void resumingWithAnEpochThisServerNeverIssuedGetsTheCurrentRunFromItsStart() {
    start();
    append(0, 5);
    try (WsClient client = client()) {
      client.send(resume(3, 42));
      JsonNode log = batch(client, 0).path("log");
      assertEquals(stream.epoch(), log.path("epoch").asLong());
      assertEquals(0, log.path("index").asLong());
      assertEquals(expected(0, 5), contents(batch(client, 0)));
    }
  }

  @Test
  void aPlainGetRunningLogGetsOnlyTheCurrentRun() {
    start();
    append(0, 3);
    long run = stream.newRun();
    append(3, 5);
    try (WsClient client = client()) {
      client.send(GET);
      JsonNode log = batch(client, 0).path("log");
      assertEquals(3, log.path("index").asLong());
      assertEquals(run, log.path("epoch").asLong());
      assertEquals(expected(3, 5), contents(batch(client, 0)));
    }
  }

  @Test
  void aConnectedClientGetsTheEndOfTheOldRunThenTheNewRunInSeparateBatches() {
    start();
    try (WsClient client = client()) {
      client.send(GET);
      batch(client, 0);
      long oldRun = stream.epoch();
      append(0, 2);
      long newRun = stream.newRun();
      append(2, 4);
      client.send(OK);
      JsonNode endOfOldRun = batch(client, 1).path("log");
      client.send(OK);
      JsonNode newRunStart = batch(client, 2).path("log");
      assertEquals(List.of(oldRun, 0L), List.of(endOfOldRun.path("epoch").asLong(), endOfOldRun.path("index").asLong()));
      assertEquals(expected(0, 2), contents(batch(client, 1)));
      assertEquals(List.of(newRun, 2L), List.of(newRunStart.path("epoch").asLong(), newRunStart.path("index").asLong()));
      assertEquals(expected(2, 4), contents(batch(client, 2)));
    }
  }

  @Test
  void aRepeatedGetRunningLogRestartsTheStreamWithTheCurrentLines() {
    start();
    append(0, 2);
    try (WsClient client = client()) {
      client.send(GET);
      batch(client, 0);
      append(2, 3);
      client.send(GET);
      assertEquals(expected(0, 3), contents(batch(client, 1)));
    }
  }

  @Test
  void aClientThatNeverAcknowledgesIsClosedWithAckTimeout() {
    start(Retention.defaults(), FAST.withAckTimeout(Duration.ofMillis(300)));
    append(0, 2);
    try (WsClient client = client()) {
      client.send(GET);
      batch(client, 0);
      assertEquals(CloseCode.ACK_TIMEOUT.code(), client.awaitClose());
    }
  }

  @Test
  void aWrongTokenGetsExactlyAuthErrorAndAClose() {
    start();
    append(0, 2);
    try (WsClient client = WsClient.connect(TestServers.url(server, "/ws"))) {
      client.send("{\"type\":\"auth\",\"token\":\"wrong\"}");
      assertEquals(CloseCode.AUTH_FAILED.code(), client.awaitClose());
      assertEquals(List.of("{\"type\":\"common_reply\",\"message\":\"auth error\"}"), client.frames);
    }
  }

  @Test
  void aClientSpeakingOnlyTheSeedDocumentSeesEveryLineInOrder() {
    start();
    append(0, 3);
    try (LogTailClient client = LogTailClient.seedOnly(TestServers.url(server, "/ws"), TestServers.TOKEN)) {
      append(3, 3_003);
      await().until(() -> client.lineCount() == 3_003);
      assertEquals(expected(0, 3_003), client.lines());
      Set<String> seedFrames = Set.of("{\"type\":\"auth\",\"token\":\"" + TestServers.TOKEN + "\"}", GET, OK);
      client.sent.forEach(frame -> assertTrue(seedFrames.contains(frame), "not a seed frame: " + frame));
    }
  }

  @Test
  void aClosedConnectionsReaderIsReleased() {
    start();
    WsClient client = client();
    client.send(GET);
    batch(client, 0);
    assertEquals(1, feature.readerCount());
    client.close();
    await().until(() -> feature.readerCount() == 0);
  }

  @Test
  void aClosedFeatureLeavesTheHubAndItsRequestIsUnsupported() {
    start();
    try (WsClient client = client()) {
      feature.close();

      client.send(GET);

      JsonNode error = client.awaitType("error");
      assertEquals("UNSUPPORTED_REQUEST", error.path("code").asText(), error.toString());
      assertTrue(client.ofType("running_log").isEmpty());
    }
  }
}
