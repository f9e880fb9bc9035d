package io.pushwire.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.Progress;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.broker.InMemoryBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Positions on pushes and subscribe-since recovery, over real sockets. */
class RecoveryTest {

  private static final String TOPIC = "task:progress";

  private Hub hub;
  private PushServer server;

  private void start(int historySize, Limits limits, EndpointSpec spec) {
    hub = TestServers.hub().broker(new InMemoryBroker(historySize, 100)).limits(limits).build();
    server = TestServers.start(hub, spec);
  }

  private void start(int historySize) {
    start(historySize, Limits.builder().build(), endpoint().build());
  }

  private static EndpointSpec.Builder endpoint() {
    return EndpointSpec.builder("/ws").auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.ENVELOPE_MILLIS);
  }

  @AfterEach
  void stop() {
    server.close();
    hub.close();
  }

  private WsClient connect() {
    WsClient client = WsClient.connect(TestServers.url(server, "/ws?token=" + TestServers.TOKEN));
    return client;
  }

  private static JsonNode subscribe(WsClient client, String id, String data) {
    client.send("{\"type\":\"subscribe\",\"id\":\"" + id + "\",\"data\":" + data + "}");
    return client.await(n -> id.equals(n.path("id").asText()) && "ack".equals(n.path("type").asText())
        || id.equals(n.path("id").asText()) && "error".equals(n.path("type").asText()));
  }

  private void publish(int from, int to) {
    for (int i = from; i <= to; i++) {
      hub.publish(TOPIC, progress(i));
    }
  }

  private static TaskProgress progress(int n) {
    return new TaskProgress("t", new Progress(1_000_000, n, 0, "x", 0, "running"));
  }

  /** The {@code completed} counters of the pushes received, in order. */
  private static List<Long> received(WsClient client) {
    List<Long> seen = new ArrayList<>();
    client.ofType("task_progress").forEach(n -> seen.add(n.path("data").path("progress").path("completed").asLong()));
    return seen;
  }

  private static List<Long> range(long from, long to) {
    List<Long> r = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      r.add(i);
    }
    return r;
  }

  @Test
  void aClientThatDoesNotAskSeesNoPositionsAnywhere() {
    start(100);
    try (WsClient client = connect()) {
      JsonNode ack = subscribe(client, "s1", "{\"topics\":[\"" + TOPIC + "\"]}");
      assertEquals("{\"success\":true}", ack.path("data").toString());
      publish(1, 1);
      JsonNode push = client.awaitType("task_progress");
      assertFalse(push.has("pos"));
    }
  }

  @Test
  void positionsTrueAddsPosToPushesAndTheTopicsStateToTheAck() {
    start(100);
    publish(1, 3);
    try (WsClient client = connect()) {
      JsonNode ack = subscribe(client, "s1", "{\"topics\":[\"" + TOPIC + "\"],\"positions\":true}");
      JsonNode state = ack.path("data").path("positions").path(TOPIC);
      assertEquals(3, state.path("offset").asLong());
      String epoch = state.path("epoch").asText();
      assertFalse(epoch.isEmpty());
      assertFalse(state.has("recovered"));
      publish(4, 4);
      JsonNode push = client.awaitType("task_progress");
      assertEquals(TOPIC, push.path("pos").path("topic").asText());
      assertEquals(4, push.path("pos").path("offset").asLong());
      assertEquals(epoch, push.path("pos").path("epoch").asText());
    }
  }

  @Test
  void anEndpointWithPositionsWritesThemOnFlatFramesBesideType() {
    start(100, Limits.builder().build(),
        EndpointSpec.builder("/ws").auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.FLAT).positions(true).build());
    try (WsClient client = connect()) {
      JsonNode ack = subscribe(client, "s1", "{\"topics\":[\"" + TOPIC + "\"]}");
      assertFalse(ack.has("positions"), ack.toString());
      hub.publish(TOPIC, io.pushwire.protocol.CommonReply.OK);
      JsonNode push = client.awaitType("common_reply");
      assertEquals(1, push.path("pos").path("offset").asLong());
      assertEquals("ok", push.path("message").asText(), push.toString());
      assertEquals(List.of("type", "pos", "message"), fieldNames(push));
    }
  }

  @Test
  void subscribeSinceReplaysTheMissedPublicationsThenGoesLiveWithoutGapOrDuplicate() {
    start(100);
    String epoch;
    try (WsClient first = connect()) {
      JsonNode ack = subscribe(first, "s1", "{\"topics\":[\"" + TOPIC + "\"],\"positions\":true}");
      epoch = ack.path("data").path("positions").path(TOPIC).path("epoch").asText();
      publish(1, 5);
      await().until(() -> received(first).size() == 5);
    }
    publish(6, 10);
    try (WsClient second = connect()) {
      JsonNode ack = subscribe(second, "s2",
          "{\"topics\":[\"" + TOPIC + "\"],\"since\":{\"" + TOPIC + "\":{\"offset\":5,\"epoch\":\"" + epoch + "\"}}}");
      JsonNode state = ack.path("data").path("positions").path(TOPIC);
      assertTrue(state.path("recovered").asBoolean(), ack.toString());
      assertEquals(10, state.path("offset").asLong());
      assertEquals(range(6, 10), received(second));
      publish(11, 12);
      await().until(() -> received(second).size() == 7);
      assertEquals(range(6, 12), received(second));
      List<Long> offsets = new ArrayList<>();
      second.ofType("task_progress").forEach(n -> offsets.add(n.path("pos").path("offset").asLong()));
      assertEquals(range(6, 12), offsets);
    }
  }

  @Test
  void theSeamHoldsWhilePublicationsKeepComing() throws Exception {
    start(10_000, Limits.builder().outboundQueue(100_000, 64L * 1024 * 1024).build(), endpoint().build());
    String epoch;
    try (WsClient first = connect()) {
      epoch = subscribe(first, "s1", "{\"topics\":[\"" + TOPIC + "\"],\"positions\":true}")
          .path("data").path("positions").path(TOPIC).path("epoch").asText();
    }
    AtomicBoolean running = new AtomicBoolean(true);
    int[] published = new int[1];
    Thread publisher = new Thread(() -> {
      while (running.get() && published[0] < 3_000) {
        hub.publish(TOPIC, progress(++published[0]));
      }
    });
    publisher.start();
    await().until(() -> published[0] >= 200);
    try (WsClient second = connect()) {
      JsonNode ack = subscribe(second, "s2",
          "{\"topics\":[\"" + TOPIC + "\"],\"since\":{\"" + TOPIC + "\":{\"offset\":0,\"epoch\":\"" + epoch + "\"}}}");
      assertTrue(ack.path("data").path("positions").path(TOPIC).path("recovered").asBoolean(), ack.toString());
      publisher.join();
      int total = published[0];
      await().until(() -> received(second).size() >= total);
      assertEquals(range(1, total), received(second));
    } finally {
      running.set(false);
      publisher.join();
    }
  }

  @Test
  void aChangedEpochIsReportedAndNothingIsReplayed() {
    start(100);
    publish(1, 3);
    try (WsClient client = connect()) {
      JsonNode ack = subscribe(client, "s1",
          "{\"topics\":[\"" + TOPIC + "\"],\"since\":{\"" + TOPIC + "\":{\"offset\":2,\"epoch\":\"gone\"}}}");
      JsonNode state = ack.path("data").path("positions").path(TOPIC);
      assertFalse(state.path("recovered").asBoolean());
      assertEquals("epoch_changed", state.path("reason").asText());
      assertEquals(3, state.path("offset").asLong());
      assertTrue(received(client).isEmpty());
    }
  }

  @Test
  void aPositionOlderThanTheHistoryIsReportedAsHistoryTooShort() {
    start(5);
    String epoch = epochAfterPublishing(20);
    try (WsClient client = connect()) {
      JsonNode state = subscribe(client, "s1",
          "{\"topics\":[\"" + TOPIC + "\"],\"since\":{\"" + TOPIC + "\":{\"offset\":10,\"epoch\":\"" + epoch + "\"}}}")
          .path("data").path("positions").path(TOPIC);
      assertFalse(state.path("recovered").asBoolean());
      assertEquals("history_too_short", state.path("reason").asText());
      assertTrue(received(client).isEmpty());
    }
  }

  @Test
  void aPositionFromTheFutureIsReportedAsAhead() {
    start(100);
    String epoch = epochAfterPublishing(3);
    try (WsClient client = connect()) {
      JsonNode state = subscribe(client, "s1",
          "{\"topics\":[\"" + TOPIC + "\"],\"since\":{\"" + TOPIC + "\":{\"offset\":99,\"epoch\":\"" + epoch + "\"}}}")
          .path("data").path("positions").path(TOPIC);
      assertFalse(state.path("recovered").asBoolean());
      assertEquals("position_ahead", state.path("reason").asText());
      assertTrue(received(client).isEmpty());
    }
  }

  @Test
  void aGapLargerThanTheReplayBoundIsTooManyAndReplaysNothing() {
    start(100, Limits.builder().maxRecoveryReplay(4).build(), endpoint().build());
    String epoch = epochAfterPublishing(10);
    try (WsClient client = connect()) {
      JsonNode state = subscribe(client, "s1",
          "{\"topics\":[\"" + TOPIC + "\"],\"since\":{\"" + TOPIC + "\":{\"offset\":5,\"epoch\":\"" + epoch + "\"}}}")
          .path("data").path("positions").path(TOPIC);
      assertFalse(state.path("recovered").asBoolean());
      assertEquals("too_many", state.path("reason").asText());
      assertEquals(10, state.path("offset").asLong());
      assertTrue(received(client).isEmpty());
      publish(11, 11);
      await().until(() -> received(client).size() == 1);
      assertEquals(List.of(11L), received(client));
      assertFalse(client.isClosed());
    }
  }

  @Test
  void aMalformedSinceIsAnInvalidMessageError() {
    start(100);
    try (WsClient client = connect()) {
      client.send("{\"type\":\"subscribe\",\"id\":\"s1\",\"data\":{\"topics\":[\"" + TOPIC + "\"],"
          + "\"since\":{\"" + TOPIC + "\":{\"offset\":-3,\"epoch\":\"e\"}}}}");
      JsonNode error = client.awaitType("error");
      assertEquals("INVALID_MESSAGE", error.path("error").path("code").asText(), error.toString());
    }
  }

  @Test
  void aWildcardCannotBeResumed() {
    start(100);
    try (WsClient client = connect()) {
      JsonNode state = subscribe(client, "s1",
          "{\"topics\":[\"task:*\"],\"since\":{\"task:*\":{\"offset\":1,\"epoch\":\"e\"}}}")
          .path("data").path("positions").path("task:*");
      assertFalse(state.path("recovered").asBoolean());
      assertEquals("not_recoverable", state.path("reason").asText());
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private String epochAfterPublishing(int count) {
    publish(1, count);
    return hub.broker().history(TOPIC, null, 1).join().latest().epoch();
  }
}
