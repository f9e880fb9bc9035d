package io.pushwire.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pushwire.protocol.Progress;
import io.pushwire.protocol.TaskProgress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bytes and per-endpoint counters, as a monitoring system reads them, over real sockets. */
class EndpointStatsTest {

  private static final String A = "/a";
  private static final String B = "/b";

  private Hub hub;
  private PushServer server;

  private void start() {
    hub = TestServers.hub().build();
    server = TestServers.start(hub, TestServers.firstMessage(A), TestServers.firstMessage(B));
  }

  @AfterEach
  void stop() {
    server.close();
    hub.close();
  }

  private static long utf8(String frame) {
    return frame.getBytes(StandardCharsets.UTF_8).length;
  }

  private static long utf8(List<String> frames) {
    return frames.stream().mapToLong(EndpointStatsTest::utf8).sum();
  }

  @Test
  void theHubListsItsMountedEndpointsAndReportsEachOne() {
    start();
    assertEquals(Set.of(A, B), hub.endpointPaths());
    assertEquals(Set.of(A, B), hub.statsByEndpoint().keySet());
    assertEquals(new ServerStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), hub.stats(B));
  }

  @Test
  void framesOnOneEndpointMoveOnlyThatEndpointsCountersWithTheirUtf8Bytes() {
    start();
    List<String> sent = new ArrayList<>();
    try (WsClient client = TestServers.authenticated(server, A)) {
      sent.add("{\"type\":\"auth\",\"token\":\"" + TestServers.TOKEN + "\"}");
      String ping = "{\"type\":\"ping\",\"id\":\"p-é€😀\"}"; // 2-, 3- and 4-byte characters
      client.send(ping);
      sent.add(ping);
      client.await(n -> "pong".equals(n.path("type").asText()));

      ServerStats a = hub.stats(A);
      assertEquals(1, a.connections());
      assertEquals(1, a.connectionsOpened());
      assertEquals(2, a.framesIn());
      assertEquals(utf8(sent), a.bytesIn());
      assertEquals(client.frames.size(), a.framesOut()); // auth ok, pong
      assertEquals(utf8(client.frames), a.bytesOut());
      assertEquals(new ServerStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), hub.stats(B));

      ServerStats all = hub.stats();
      assertEquals(a.bytesIn(), all.bytesIn());
      assertEquals(a.bytesOut(), all.bytesOut());
      assertEquals(a.framesIn(), all.framesIn());
      assertEquals(a.framesOut(), all.framesOut());
    }
  }

  @Test
  void refusedFramesAndCredentialsCountUnderTheirEndpoint() {
    start();
    try (WsClient refused = WsClient.connect(TestServers.url(server, B))) {
      refused.send("{\"type\":\"auth\",\"token\":\"wrong\"}");
      refused.awaitClose();
    }
    try (WsClient client = TestServers.authenticated(server, A)) {
      client.send("{\"type\":\"get_tasks\",\"id\":\"g\",\"data\":{}}");
      client.awaitType("error");
      assertEquals(1, hub.stats(A).rejectedFrames());
      assertEquals(0, hub.stats(A).authFailures());
      assertEquals(1, hub.stats(B).authFailures());
      assertEquals(0, hub.stats(B).rejectedFrames());
      assertEquals(1, hub.stats().authFailures());
      assertEquals(1, hub.stats().rejectedFrames());
    }
  }

  @Test
  void aPublicationToNSubscribersAddsNTimesItsFrameBytes() {
    start();
    List<WsClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        WsClient client = TestServers.authenticated(server, A);
        clients.add(client);
        client.send("{\"type\":\"subscribe\",\"id\":\"s\",\"data\":{\"topics\":[\"task:progress\"]}}");
        client.awaitType("ack");
      }
      await().until(() -> hub.stats(A).subscriptions() == 3);
      ServerStats before = hub.stats(A);

      hub.publish("task:progress", new TaskProgress("t-ü", new Progress(100, 45, 0, "x", 45, "running")));
      List<String> received = new ArrayList<>();
      for (WsClient client : clients) {
        client.awaitType("task_progress");
        received.add(client.frames.stream().filter(f -> f.contains("task_progress")).findFirst().orElseThrow());
      }
      ServerStats after = hub.stats(A);

      assertEquals(1, Set.copyOf(received).size(), "every subscriber gets the same frame");
      assertEquals(3, after.framesOut() - before.framesOut());
      assertEquals(3 * utf8(received.get(0)), after.bytesOut() - before.bytesOut());
      assertEquals(Map.of(A, 3, B, 0), Map.of(A, hub.stats(A).connections(), B, hub.stats(B).connections()));
    } finally {
      clients.forEach(WsClient::close);
    }
  }
}
