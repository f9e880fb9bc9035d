package io.pushwire.broker.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.client.PushClient;
import io.pushwire.client.RecoveryIncomplete;
import io.pushwire.client.TokenPlacement;
import io.pushwire.client.reconnect.BackoffPolicy;
import io.pushwire.protocol.Progress;
import io.pushwire.protocol.RecoveryReason;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.server.Hub;
import io.pushwire.server.Limits;
import io.pushwire.server.PushServer;
import io.pushwire.server.auth.TokenAuthenticator;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Issue 15's recovery acceptance run across two nodes: every publication is made on node A, and
 * the client reaches the nodes through a fault proxy that sends each new connection to the other
 * node, so every resume after a cut happens on the node the client was not on.
 */
class RecoveryAcrossNodesTest {

  @RegisterExtension
  static final RedisServer redis = new RedisServer();

  private static final List<String> TOPICS = List.of("t0", "t1", "t2", "t3");

  private final String prefix = "r" + UUID.randomUUID().toString().substring(0, 8) + ":";
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  @BeforeAll
  static void generousAwaits() {
    Awaitility.setDefaultPollInterval(Duration.ofMillis(10));
    Awaitility.setDefaultTimeout(Duration.ofSeconds(20));
  }

  @AfterEach
  void closeAll() throws Exception {
    while (!opened.isEmpty()) {
      opened.pop().close();
    }
  }

  private <T extends AutoCloseable> T track(T closeable) {
    opened.push(closeable);
    return closeable;
  }

  /** A node on the shared Redis keeping {@code history} publications per topic. */
  private Hub node(int history, Limits limits) throws Exception {
    RedisBroker broker = RedisBroker.connect(redis.uri(), RedisBrokerOptions.defaults().withKeyPrefix(prefix)
        .withHistorySize(history).withCommandTimeout(Duration.ofSeconds(2)).withReconnectMaxDelay(Duration.ofMillis(200)));
    Hub hub = track(Hub.builder().broker(broker)
        .authenticator(TokenAuthenticator.of(Map.of(Node.ALICE_TOKEN, "alice"))).limits(limits).build());
    return hub;
  }

  private PushServer serve(Hub hub) throws Exception {
    return track(PushServer.builder().host("127.0.0.1").port(0).hub(hub).shutdownTimeout(Duration.ofSeconds(2))
        .endpoint(Node.ENDPOINT).build().start());
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

  /**
   * 100,000 publications on four topics, all made on node A, while the client's connection is cut
   * at random points at least 50 times and every reconnect lands on the other node. Most outages
   * are short (the history covers them); every tenth is held until more than the history has been
   * published. Every topic's sequence must have no duplicate, and a gap only inside a range an
   * incomplete recovery reported: from the position the client resumed from to where the topic
   * went live (a report may cover more than the gap: a page replayed before the history was
   * trimmed under the recovery, or pushes delivered on a connection lost before its ack).
   */
  @Test
  void hundredThousandPublicationsThroughFiftyCutsAcrossTwoNodesLoseNothingUnreported() throws Exception {
    int perTopic = 25_000;
    int history = 1_000; // larger than the recovery budget below: short outages are paged
    int window = 250; // how far the publisher may run ahead of the client, per topic
    int longWindow = history + 200; // during a long outage: more than the history holds
    Limits limits = Limits.builder().outboundQueue(512, 16L * 1024 * 1024).build();
    Hub a = node(history, limits);
    Hub b = node(history, limits);
    PushServer serverA = serve(a);
    PushServer serverB = serve(b);
    // The first connection goes to B, the next to A, and so on: every resume changes node.
    FaultProxy proxy = track(new FaultProxy(List.of(serverB.port(), serverA.port())));
    PushClient client = track(PushClient.builder("ws://127.0.0.1:" + proxy.port() + "/ws")
        .token(Node.ALICE_TOKEN, TokenPlacement.FIRST_MESSAGE)
        .connectTimeout(Duration.ofSeconds(5))
        .requestTimeout(Duration.ofSeconds(5))
        .heartbeat(Duration.ofMillis(200), Duration.ofSeconds(10))
        .reconnect(BackoffPolicy.exponential(Duration.ofMillis(5), Duration.ofMillis(20)))
        .build());
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
    AtomicLong publishFailures = new AtomicLong();
    AtomicLong misplaced = new AtomicLong(); // publications whose offset is not their number
    long started = System.nanoTime();
    Thread publisher = new Thread(() -> {
      for (long n = 1; n <= perTopic; n++) {
        for (String topic : TOPICS) {
          awaitRoom(received, topic, n, window, longWindow, longOutage);
          long number = n;
          a.publish(topic, numbered(topic, n)).whenComplete((position, failure) -> {
            if (failure != null) {
              publishFailures.incrementAndGet();
            } else if (position.offset() != number) {
              misplaced.incrementAndGet();
            }
          });
          published.incrementAndGet();
        }
      }
    }, "recovery-across-nodes-publisher");
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
      } catch (ConditionTimeoutException e) {
        throw new AssertionError("stuck after " + cuts + " cuts: published " + published.get() + ", last seen "
            + received.last + ", client " + client.state() + ", opens " + opens.get() + ", A " + a.stats() + ", B "
            + b.stats() + ", reports " + incomplete, e);
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

    assertEquals(0, publishFailures.get(), "every publication reached Redis");
    // One publisher per topic: its n-th publication must take offset n, or the stream is out of order.
    assertEquals(0, misplaced.get(), "publications whose offset is not their place in the publisher's order");
    int gaps = 0;
    long receivedTotal = 0;
    for (String topic : TOPICS) {
      List<Long> seen = received.byTopic.get(topic);
      receivedTotal += seen.size();
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
    LoggerFactory.getLogger(RecoveryAcrossNodesTest.class).info(String.format(
        "recovery across two nodes: %d publications on %d topics (all on node A), %d cuts (%d long), "
            + "%d reconnects (every one to the other node; %d connections to B, %d to A), %d received, "
            + "%d gaps, all %d reported as incomplete (%s), %d slow-consumer closes, %d ms",
        published.get(), TOPICS.size(), cuts, longCuts, opens.get() - 1, (proxy.accepted() + 1) / 2,
        proxy.accepted() / 2, receivedTotal, gaps, incomplete.size(),
        incomplete.stream().map(e -> e.reason().wireName()).distinct().toList(),
        a.stats().closedSlow() + b.stats().closedSlow(), elapsedMs));
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
