package io.pushwire.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.client.reconnect.BackoffPolicy;
import io.pushwire.protocol.Progress;
import io.pushwire.protocol.RecoveryReason;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.server.Hub;
import io.pushwire.server.Limits;
import io.pushwire.server.PushServer;
import io.pushwire.server.auth.TokenAuthenticator;
import io.pushwire.server.broker.InMemoryBroker;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The client resumes its topics after a reconnect, and says when it could not. */
class RecoveryTest extends ClientTestSupport {

  private static final List<String> TOPICS = List.of("t0", "t1", "t2", "t3");

  /** A hub whose broker keeps {@code historySize} publications per topic, served on 127.0.0.1. */
  private Hub hub(int historySize, Limits limits) {
    return track(Hub.builder().authenticator(TokenAuthenticator.single(TestServer.TOKEN, TestServer.USER))
        .broker(new InMemoryBroker(historySize, 100)).limits(limits).build());
  }

  private PushServer serve(Hub hub) throws IOException {
    return track(PushServer.builder().host("127.0.0.1").port(0).hub(hub).shutdownTimeout(Duration.ofSeconds(2))
        .endpoint(FIRST_MESSAGE_ENDPOINT).build().start());
  }

  private static PushClient.Builder client(int port) {
    return fastClient(URI.create("ws://127.0.0.1:" + port + "/ws"))
        .reconnect(BackoffPolicy.exponential(Duration.ofMillis(5), Duration.ofMillis(20)));
  }

  /** A push whose task id names its topic and whose {@code completed} is its sequence number there. */
  private static TaskProgress numbered(String topic, long n) {
    return new TaskProgress(topic, new Progress(0, n, 0, null, 0, null));
  }

  /** What the client received, per topic, in order; written on the callback thread. */
  private static final class Received {
    final Map<String, List<Long>> byTopic = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> last = new ConcurrentHashMap<>();
    final AtomicLong total = new AtomicLong();
    /** Notified on every push, so the publisher can pace itself. */
    final Object progress = new Object();

    Received() {
      TOPICS.forEach(t -> {
        byTopic.put(t, new CopyOnWriteArrayList<>());
        last.put(t, new AtomicLong());
      });
    }

    void skipTo(String topic, long offset) {
      last.get(topic).accumulateAndGet(offset, Math::max);
      synchronized (progress) {
        progress.notifyAll();
      }
    }

    void add(TaskProgress p) {
      byTopic.get(p.taskId()).add(p.progress().completed());
      last.get(p.taskId()).set(p.progress().completed());
      total.incrementAndGet();
      synchronized (progress) {
        progress.notifyAll();
      }
    }
  }

  @Test
  void aCutConnectionResumesFromTheLastPositionWithoutGapOrDuplicate() throws Exception {
    Hub hub = hub(100, Limits.defaults());
    PushServer server = serve(hub);
    FaultProxy proxy = track(new FaultProxy(server.port()));
    PushClient client = track(client(proxy.port()).build());
    Received received = new Received();
    List<RecoveryIncomplete> incomplete = new CopyOnWriteArrayList<>();
    client.on(TaskProgress.class, received::add);
    client.onRecovery(incomplete::add);
    client.connect().get(20, TimeUnit.SECONDS);
    client.subscribe("t0").get(10, TimeUnit.SECONDS);
    for (int i = 1; i <= 10; i++) {
      hub.publish("t0", numbered("t0", i));
    }
    await().until(() -> received.total.get() == 10);
    proxy.stall(true);
    proxy.cutAll();
    for (int i = 11; i <= 30; i++) { // while the client is away
      hub.publish("t0", numbered("t0", i));
    }
    proxy.stall(false);
    await().until(() -> received.total.get() == 30);
    hub.publish("t0", numbered("t0", 31));
    await().until(() -> received.total.get() == 31);
    List<Long> expected = new ArrayList<>();
    for (long i = 1; i <= 31; i++) {
      expected.add(i);
    }
    assertEquals(expected, received.byTopic.get("t0"));
    assertTrue(incomplete.isEmpty(), incomplete.toString());
  }

  @Test
  void aRestartedServerIsReportedAsAnIncompleteRecovery() throws Exception {
    TestServer server = server();
    PushClient client = connected(fastClient(server.uri()));
    List<RecoveryIncomplete> incomplete = new CopyOnWriteArrayList<>();
    client.onRecovery(incomplete::add);
    client.subscribe("t0").get(10, TimeUnit.SECONDS);
    server.hub().publish("t0", numbered("t0", 1));
    server.stop();
    server.startAgain();
    await().until(() -> incomplete.size() == 1);
    RecoveryIncomplete event = incomplete.get(0);
    assertEquals("t0", event.topic());
    assertEquals(RecoveryReason.EPOCH_CHANGED, event.reason());
    assertNotNull(event.lastSeen());
  }

  @Test
  void anOutageLongerThanTheHistoryIsReportedAsHistoryTooShort() throws Exception {
    Hub hub = hub(5, Limits.defaults());
    PushServer server = serve(hub);
    FaultProxy proxy = track(new FaultProxy(server.port()));
    PushClient client = track(client(proxy.port()).build());
    Received received = new Received();
    List<RecoveryIncomplete> incomplete = new CopyOnWriteArrayList<>();
    client.on(TaskProgress.class, received::add);
    client.onRecovery(incomplete::add);
    client.connect().get(20, TimeUnit.SECONDS);
    client.subscribe("t0").get(10, TimeUnit.SECONDS);
    hub.publish("t0", numbered("t0", 1));
    await().until(() -> received.total.get() == 1);
    proxy.stall(true);
    proxy.cutAll();
    for (int i = 2; i <= 20; i++) {
      hub.publish("t0", numbered("t0", i));
    }
    proxy.stall(false);
    await().until(() -> incomplete.size() == 1);
    RecoveryIncomplete event = incomplete.get(0);
    assertEquals(RecoveryReason.HISTORY_TOO_SHORT, event.reason());
    assertEquals(1, event.lastSeen().offset());
    assertEquals(20, event.resumedAt().offset());
    hub.publish("t0", numbered("t0", 21));
    await().until(() -> received.total.get() == 2);
    assertEquals(List.of(1L, 21L), received.byTopic.get("t0"));
  }

  /**
   * The acceptance test: 100,000 publications on four topics while the connection is cut
   * at random points at least 50 times. Most outages are short (the history covers them); every
   * tenth is held open until more than the history has been published. Every topic's sequence
   * must then have no duplicate, and a gap only inside a range an incomplete recovery reported
   * (one may cover more than the gap: pushes delivered on a connection lost before its ack).
   */
  @Test
  void hundredThousandPublicationsThroughFiftyCutsLoseNothingUnreported() throws Exception {
    int perTopic = 25_000;
    int history = 1_000; // larger than the outbound queue bound below: short outages are paged
    int window = 250; // how far the publisher may run ahead of the client, per topic
    int longWindow = history + 200; // during a long outage: more than the history holds
    // A queue of 512 frames pages a recovery 128 at a time, so every gap over 128 is paged.
    Hub hub = hub(history, Limits.builder().outboundQueue(512, 16L * 1024 * 1024).build());
    PushServer server = serve(hub);
    FaultProxy proxy = track(new FaultProxy(server.port()));
    PushClient client = track(client(proxy.port()).build());
    Received received = new Received();
    List<RecoveryIncomplete> incomplete = new CopyOnWriteArrayList<>();
    AtomicInteger opens = new AtomicInteger();
    client.on(TaskProgress.class, received::add);
    client.onRecovery(event -> { // as an application reloading state: it now stands at resumedAt
      incomplete.add(event);
      received.skipTo(event.topic(), event.resumedAt().offset());
    });
    client.onOpen(c -> opens.incrementAndGet());
    client.connect().get(20, TimeUnit.SECONDS);
    client.subscribe(TOPICS.toArray(String[]::new)).get(10, TimeUnit.SECONDS);

    AtomicBoolean longOutage = new AtomicBoolean();
    AtomicLong published = new AtomicLong();
    long started = System.nanoTime();
    Thread publisher = new Thread(() -> {
      for (long n = 1; n <= perTopic; n++) {
        for (String topic : TOPICS) {
          awaitRoom(received, topic, n, window, longWindow, longOutage);
          hub.publish(topic, numbered(topic, n));
          published.incrementAndGet();
        }
      }
    }, "recovery-test-publisher");
    publisher.setDaemon(true);
    publisher.start();

    Random random = new Random(15);
    int cuts = 0;
    int longCuts = 0;
    while (publisher.isAlive()) {
      long at = received.total.get() + 100 + random.nextInt(1_000);
      int openedBefore = opens.get();
      try {
        await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
            .until(() -> received.total.get() >= at || !publisher.isAlive());
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError("stuck after " + cuts + " cuts: published " + published.get() + ", last seen "
            + received.last + ", client " + client.state() + ", opens " + opens.get() + ", hub " + hub.stats()
            + ", reports " + incomplete, e);
      }
      if (!publisher.isAlive()) {
        break;
      }
      if (++cuts % 10 == 0) { // a long outage: held until the history no longer covers it
        longCuts++;
        longOutage.set(true);
        proxy.stall(true);
        proxy.cutAll();
        long lastSeen = TOPICS.stream().mapToLong(t -> received.last.get(t).get()).min().orElseThrow();
        await().atMost(Duration.ofSeconds(30))
            .until(() -> published.get() / TOPICS.size() > lastSeen + history + 10 || !publisher.isAlive());
        longOutage.set(false);
        proxy.stall(false);
      } else {
        proxy.cutAll();
      }
      await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
          .until(() -> opens.get() > openedBefore);
    }
    publisher.join();
    await().atMost(Duration.ofSeconds(30))
        .until(() -> TOPICS.stream().allMatch(t -> received.last.get(t).get() == perTopic));
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;

    int gaps = 0;
    long replayedOrLive = 0;
    for (String topic : TOPICS) {
      List<Long> seen = received.byTopic.get(topic);
      replayedOrLive += seen.size();
      assertEquals(1L, seen.get(0), topic);
      for (int i = 1; i < seen.size(); i++) {
        long prev = seen.get(i - 1);
        long next = seen.get(i);
        assertTrue(next > prev, topic + ": " + next + " after " + prev + " (a duplicate or out of order)");
        if (next != prev + 1) {
          gaps++;
          boolean reported = incomplete.stream().anyMatch(e -> e.topic().equals(topic) && e.lastSeen() != null
              && e.lastSeen().offset() <= prev && e.resumedAt().offset() >= next - 1);
          assertTrue(reported, topic + ": " + (prev + 1) + ".." + (next - 1) + " missed without a report; reports: "
              + incomplete);
        }
      }
    }
    LoggerFactory.getLogger(RecoveryTest.class).info(String.format(
        "recovery: %d publications on %d topics, %d cuts (%d long), %d reconnects, %d received, "
            + "%d gaps, all %d reported as incomplete (%s), %d slow-consumer closes, %d ms",
        published.get(), TOPICS.size(), cuts, longCuts, opens.get() - 1, replayedOrLive, gaps, incomplete.size(),
        incomplete.stream().map(e -> e.reason().wireName()).distinct().toList(), hub.stats().closedSlow(), elapsedMs));
    assertEquals(100_000, published.get());
    assertTrue(cuts >= 50, "only " + cuts + " cuts");
    assertTrue(longCuts >= 5, "only " + longCuts + " long outages");
    assertTrue(incomplete.stream().allMatch(e -> e.reason() == RecoveryReason.HISTORY_TOO_SHORT), incomplete.toString());
    // Only the long outages may lose publications: every loss lies in a reported range longer than
    // the history (a short outage, or a resume from before a lost ack, is recovered whole or not
    // at all), however many gaps one range holds.
    assertTrue(incomplete.stream().allMatch(e -> e.resumedAt().offset() - e.lastSeen().offset() > history),
        "a reported range the history could have covered: " + incomplete);
  }

  /**
   * Blocks the publisher until the client is within the window of {@code n} on {@code topic}: the
   * long one while a long outage is under way, else the short one.
   */
  private static void awaitRoom(Received received, String topic, long n, int window, int longWindow,
      AtomicBoolean longOutage) {
    synchronized (received.progress) {
      while (n - received.last.get(topic).get() > (longOutage.get() ? longWindow : window)) {
        try {
          received.progress.wait(5); // woken by every push; the timeout notices a long outage starting
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
