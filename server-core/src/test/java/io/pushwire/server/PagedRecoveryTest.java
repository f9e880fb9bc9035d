package io.pushwire.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.Progress;
import io.pushwire.protocol.ServerMessage;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.broker.Broker;
import io.pushwire.server.broker.HistoryResult;
import io.pushwire.server.broker.InMemoryBroker;
import io.pushwire.server.broker.StreamPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A recovery larger than the connection's outbound queue is replayed in pages, over real sockets:
 * complete and in order while publications go on, without closing the client as a slow consumer;
 * a history trimmed under a recovery is reported; a close cancels it.
 */
class PagedRecoveryTest {

  private static final String TOPIC = "task:progress";
  /** The outbound queue bound of these tests, in frames: small, so that a gap of ten times it is quick. */
  private static final int QUEUE = 64;

  private Hub hub;
  private PushServer server;
  private HookedBroker broker;

  private void start(int historySize, int queueFrames) {
    broker = new HookedBroker(new InMemoryBroker(historySize, 100));
    hub = TestServers.hub().broker(broker)
        .limits(Limits.builder().outboundQueue(queueFrames, 4L * 1024 * 1024).build()).build();
    server = TestServers.start(hub,
        EndpointSpec.builder("/ws").auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.ENVELOPE_MILLIS).build());
  }

  @AfterEach
  void stop() {
    server.close();
    hub.close();
  }

  @Test
  void aGapOfTenTimesTheQueueBoundIsRecoveredInOrderWhilePublicationsContinue() throws Exception {
    start(20_000, QUEUE);
    String epoch = epoch();
    publish(1, QUEUE * 10);
    int total = 3_000;
    AtomicInteger published = new AtomicInteger(QUEUE * 10);
    Thread publisher = new Thread(() -> {
      while (published.get() < total) {
        hub.publish(TOPIC, progress(published.incrementAndGet()));
        LockSupport.parkNanos(100_000); // a steady stream, not one burst
      }
    }, "paged-recovery-publisher");
    try (WsClient client = connect()) {
      publisher.start();
      JsonNode state = subscribeSince(client, 0, epoch);
      assertTrue(state.path("recovered").asBoolean(), state.toString());
      publisher.join();
      await().atMost(Duration.ofSeconds(20)).until(() -> received(client).size() >= total);
      assertEquals(range(1, total), received(client));
      assertEquals(range(1, total), offsets(client));
      assertFalse(client.isClosed());
      assertEquals(0, hub.stats().closedSlow(), "closed as a slow consumer");
      // The ack came after every replayed publication, and live ones follow the seam.
      long seam = state.path("offset").asLong();
      assertTrue(seam >= QUEUE * 10, "went live at " + seam);
      assertTrue(indexOfAck(client) >= (int) seam, "ack at frame " + indexOfAck(client) + ", seam " + seam);
    } finally {
      publisher.join();
    }
  }

  @Test
  void aHistoryTrimmedUnderTheRecoveryIsReportedAndOnlyAnUnbrokenPrefixWasReplayed() {
    start(100, 16); // pages of 4
    String epoch = epoch();
    publish(1, 80);
    broker.beforeHistory(() -> publish(81, 280)); // the history now starts at 181
    try (WsClient client = connect()) {
      JsonNode state = subscribeSince(client, 0, epoch);
      assertFalse(state.path("recovered").asBoolean(), state.toString());
      assertEquals("history_too_short", state.path("reason").asText());
      assertEquals(280, state.path("offset").asLong());
      List<Long> replayed = received(client);
      assertFalse(replayed.isEmpty());
      assertEquals(range(1, replayed.size()), replayed); // a prefix without a gap; the ack says the rest is lost
      publish(281, 281);
      await().until(() -> received(client).size() == replayed.size() + 1);
      assertEquals(281L, received(client).get(replayed.size()));
    }
  }

  @Test
  void aCloseDuringTheRecoveryCancelsItAndTheNextRecoveryRuns() {
    start(10_000, 16);
    String epoch = epoch();
    publish(1, 500);
    WsClient first = connect();
    CountDownLatch subscribeSent = new CountDownLatch(1); // so that the close cannot fail the send
    broker.beforeHistory(() -> { // the client goes away while its recovery is paging
      awaitLatch(subscribeSent);
      first.close();
      await().until(() -> hub.stats().connections() == 0);
    });
    first.send("{\"type\":\"subscribe\",\"id\":\"s1\",\"data\":{\"topics\":[\"" + TOPIC + "\"],"
        + "\"since\":{\"" + TOPIC + "\":{\"offset\":0,\"epoch\":\"" + epoch + "\"}}}}");
    subscribeSent.countDown();
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
        .until(() -> broker.historyCalls.get() == 1 && broker.goLiveCalls.get() == 1 && hub.stats().subscriptions() == 0);
    try (WsClient second = connect()) {
      JsonNode state = subscribeSince(second, 0, epoch);
      assertTrue(state.path("recovered").asBoolean(), state.toString());
      await().until(() -> received(second).size() == 500);
      assertEquals(range(1, 500), received(second));
    }
  }

  @Test
  void anUnsubscribeDuringTheRecoveryEndsItWithoutGoingLive() {
    start(10_000, 16);
    String epoch = epoch();
    publish(1, 500);
    try (WsClient client = connect()) {
      CountDownLatch subscribeSent = new CountDownLatch(1); // the JDK client sends one frame at a time
      broker.beforeHistory(() -> { // the client unsubscribes while its recovery is paging
        awaitLatch(subscribeSent);
        client.send("{\"type\":\"unsubscribe\",\"id\":\"u1\",\"data\":{\"topics\":[\"" + TOPIC + "\"]}}");
        client.await(n -> "u1".equals(n.path("id").asText()));
      });
      client.send("{\"type\":\"subscribe\",\"id\":\"s1\",\"data\":{\"topics\":[\"" + TOPIC + "\"],"
          + "\"since\":{\"" + TOPIC + "\":{\"offset\":0,\"epoch\":\"" + epoch + "\"}}}}");
      subscribeSent.countDown();
      client.await(n -> "u1".equals(n.path("id").asText()));
      JsonNode ack = client.await(n -> "s1".equals(n.path("id").asText()));
      assertEquals("ack", ack.path("type").asText());
      assertFalse(ack.path("data").path("positions").has(TOPIC), ack.toString()); // never went live
      int before = received(client).size();
      publish(501, 501);
      await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(3))
          .until(() -> received(client).size() == before && hub.stats().subscriptions() == 0);
    }
  }

  // ------------------------------------------------------------------ helpers

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("the test thread did not get to send");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private WsClient connect() {
    return WsClient.connect(TestServers.url(server, "/ws?token=" + TestServers.TOKEN));
  }

  /** Subscribes resuming after {@code offset}; returns the topic's entry in the ack. */
  private static JsonNode subscribeSince(WsClient client, long offset, String epoch) {
    client.send("{\"type\":\"subscribe\",\"id\":\"s1\",\"data\":{\"topics\":[\"" + TOPIC + "\"],"
        + "\"since\":{\"" + TOPIC + "\":{\"offset\":" + offset + ",\"epoch\":\"" + epoch + "\"}}}}");
    JsonNode ack = client.await(n -> "s1".equals(n.path("id").asText()));
    assertEquals("ack", ack.path("type").asText(), ack.toString());
    return ack.path("data").path("positions").path(TOPIC);
  }

  /** The topic's epoch, fixed by a subscription that asks for positions. */
  private String epoch() {
    try (WsClient client = connect()) {
      client.send("{\"type\":\"subscribe\",\"id\":\"e\",\"data\":{\"topics\":[\"" + TOPIC + "\"],\"positions\":true}}");
      return client.await(n -> "e".equals(n.path("id").asText()))
          .path("data").path("positions").path(TOPIC).path("epoch").asText();
    }
  }

  private void publish(int from, int to) {
    for (int i = from; i <= to; i++) {
      hub.publish(TOPIC, progress(i));
    }
  }

  private static TaskProgress progress(int n) {
    return new TaskProgress("t", new Progress(1_000_000, n, 0, "x", 0, "running"));
  }

  private static List<Long> received(WsClient client) {
    List<Long> seen = new ArrayList<>();
    client.ofType("task_progress").forEach(n -> seen.add(n.path("data").path("progress").path("completed").asLong()));
    return seen;
  }

  private static List<Long> offsets(WsClient client) {
    List<Long> seen = new ArrayList<>();
    client.ofType("task_progress").forEach(n -> seen.add(n.path("pos").path("offset").asLong()));
    return seen;
  }

  /** How many pushes came before the ack. */
  private static int indexOfAck(WsClient client) throws Exception {
    int pushes = 0;
    for (String frame : client.frames) {
      JsonNode n = WsClient.JSON.readTree(frame);
      if ("ack".equals(n.path("type").asText()) && "s1".equals(n.path("id").asText())) {
        return pushes;
      }
      if ("task_progress".equals(n.path("type").asText())) {
        pushes++;
      }
    }
    throw new AssertionError("no ack");
  }

  private static List<Long> range(long from, long to) {
    List<Long> r = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      r.add(i);
    }
    return r;
  }

  /**
   * The in-memory broker, with a hook that runs once before the next {@code history} read (the
   * first page a recovery reads outside {@code goLive}), so a test can act at a known point of a
   * paged recovery. Counts the reads after the hook is set.
   */
  private static final class HookedBroker implements Broker {
    private final InMemoryBroker delegate;
    /** Run once by the next history read; set by the test thread, taken by a recovery thread. */
    private final java.util.concurrent.atomic.AtomicReference<Runnable> hook = new java.util.concurrent.atomic.AtomicReference<>();
    /** Whether {@link #hook} was ever set: only then are reads counted. */
    private final AtomicBoolean armed = new AtomicBoolean();
    final AtomicInteger historyCalls = new AtomicInteger();
    final AtomicInteger goLiveCalls = new AtomicInteger();

    HookedBroker(InMemoryBroker delegate) {
      this.delegate = delegate;
    }

    void beforeHistory(Runnable action) {
      hook.set(action);
      armed.set(true);
    }

    @Override
    public void start(Handler handler) {
      delegate.start(handler);
    }

    @Override
    public CompletableFuture<StreamPosition> publish(String channel, ServerMessage message, boolean droppable) {
      return delegate.publish(channel, message, droppable);
    }

    @Override
    public CompletableFuture<HistoryResult> history(String channel, StreamPosition since, int limit) {
      if (armed.get()) {
        historyCalls.incrementAndGet();
      }
      Runnable action = hook.getAndSet(null);
      if (action != null) {
        action.run();
      }
      return delegate.history(channel, since, limit);
    }

    @Override
    public boolean goLive(String channel, StreamPosition since, int limit, LiveStart start) {
      if (armed.get()) {
        goLiveCalls.incrementAndGet();
      }
      return delegate.goLive(channel, since, limit, start);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
