package io.pushwire.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.CloseCode;
import io.pushwire.protocol.Progress;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.server.auth.AuthMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every limit, at its edge, over real sockets. */
class LimitsTest {

  private Hub hub;
  private PushServer server;

  private void start(Limits limits) {
    hub = TestServers.hub().limits(limits).build();
    server = TestServers.start(hub,
        EndpointSpec.builder("/ws").auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.ENVELOPE_MILLIS).build());
  }

  @AfterEach
  void stop() {
    server.close();
    hub.close();
  }

  private WsClient connect(String query) {
    return WsClient.connect(TestServers.url(server, "/ws?token=" + TestServers.TOKEN + query));
  }

  /**
   * Connects, then waits until {@code admitted} connections are authenticated: the server admits a
   * connection in its open callback, after the handshake's 101, so without the wait a later
   * connection could be admitted before an earlier one.
   */
  private WsClient connectAsNumber(int admitted, String query) {
    WsClient client = connect(query);
    await().until(() -> TestServers.authenticatedConnections(hub) == admitted);
    return client;
  }

  @Test
  void frameOverTheMaximumClosesWith1009() {
    start(Limits.builder().maxFrameBytes(1024).build());
    try (WsClient client = connect("")) {
      client.send("{\"type\":\"ping\",\"id\":\"" + "x".repeat(2000) + "\"}");
      assertEquals(1009, client.awaitClose());
    }
  }

  @Test
  void frameFarOverTheMaximumAlsoClosesWith1009() {
    start(Limits.builder().maxFrameBytes(1024).build());
    try (WsClient client = connect("")) {
      client.sendAndForget("{\"type\":\"ping\",\"id\":\"" + "x".repeat(50_000) + "\"}");
      assertEquals(1009, client.awaitClose());
    }
  }

  @Test
  void messagesOverTheRateGetRetryAfterAndPersistentAbuseIsClosed() {
    // 0.1 per second: no token comes back while the eight pings are handled, however slowly.
    start(Limits.builder().messageRate(0.1, 2).rateLimitStrikes(3).build());
    try (WsClient client = connect("")) {
      for (int i = 0; i < 8 && !client.isClosed(); i++) {
        client.send("{\"type\":\"ping\",\"id\":\"p" + i + "\",\"data\":{}}");
      }
      assertEquals(CloseCode.POLICY_VIOLATION.code(), client.awaitClose());
      List<JsonNode> errors = client.ofType("error");
      assertTrue(errors.size() >= 1, "at least one RATE_LIMIT_EXCEEDED before the close");
      JsonNode error = errors.get(0).path("error");
      assertEquals("RATE_LIMIT_EXCEEDED", error.path("code").asText());
      assertTrue(error.path("retry_after").asLong() > 0, "retry_after in ms: " + error);
      assertEquals("p2", errors.get(0).path("id").asText(), "the refused request's id, so its sender can fail it at once");
      assertEquals(2, client.ofType("pong").size(), "the burst is served");
    }
  }

  @Test
  void connectionsPerClientIdAreCapped() {
    start(Limits.builder().maxConnectionsPerClientId(2).build());
    try (WsClient a = connectAsNumber(1, "&client_id=same"); WsClient b = connectAsNumber(2, "&client_id=same");
         WsClient c = connect("&client_id=same"); WsClient other = connect("&client_id=other")) {
      assertEquals(CloseCode.TRY_AGAIN_LATER.code(), c.awaitClose());
      await().until(() -> hub.stats().connections() == 3);
      assertTrue(!a.isClosed() && !b.isClosed() && !other.isClosed());
    }
  }

  @Test
  void connectionsPerRemoteAddressAreCapped() {
    start(Limits.builder().maxConnectionsPerRemoteAddress(2).build());
    try (WsClient a = connectAsNumber(1, ""); WsClient b = connectAsNumber(2, ""); WsClient c = connect("")) {
      assertEquals(CloseCode.TRY_AGAIN_LATER.code(), c.awaitClose());
      assertEquals(2, hub.stats().connections());
    }
  }

  @Test
  void totalConnectionsAreCapped() {
    start(Limits.builder().maxConnections(1).build());
    try (WsClient a = connectAsNumber(1, ""); WsClient b = connect("")) {
      assertEquals(CloseCode.TRY_AGAIN_LATER.code(), b.awaitClose());
      assertEquals(1, hub.stats().connections());
    }
  }

  @Test
  void aClientThatStopsReadingIsClosedAsSlowWhileOthersReceiveEverything() {
    start(Limits.builder().outboundQueue(64, 1 << 20).build());
    try (WsClient healthy = connect(""); WsClient slow = connect("")) {
      for (WsClient c : List.of(healthy, slow)) {
        c.send("{\"type\":\"subscribe\",\"id\":\"s\",\"data\":{\"topics\":[\"big\"]}}");
        c.awaitType("ack");
      }
      slow.stopReading();
      String filler = "x".repeat(16 * 1024);
      int published = 0;
      // Bounded: at most 4,000 frames of 16 KiB, far more than the socket buffers and the queue hold.
      while (hub.stats().closedSlow() == 0 && published < 4_000) {
        hub.publish("big", new TaskProgress("t" + published, new Progress(1, 0, 0, filler, 0, "s")));
        published++;
        // Paced by the healthy client: where publishing never blocks on a socket (delivery
        // lanes, the Netty engine), an unpaced publisher outruns any reader, and would rightly close it as slow too.
        int sent = published;
        await().pollDelay(java.time.Duration.ZERO).pollInterval(java.time.Duration.ofMillis(1))
            .until(() -> healthy.frames.size() >= sent - 16 || hub.stats().closedSlow() > 0);
      }
      assertEquals(1, hub.stats().closedSlow(), "the slow client is closed once its queue is full");
      await().until(() -> hub.stats().connections() == 1);
      int expected = published;
      await().until(() -> healthy.ofType("task_progress").size() == expected);
      List<String> order = new ArrayList<>();
      healthy.ofType("task_progress").forEach(n -> order.add(n.path("data").path("task_id").asText()));
      assertEquals("t" + (expected - 1), order.get(order.size() - 1), "in order, nothing lost");
    }
  }
}
