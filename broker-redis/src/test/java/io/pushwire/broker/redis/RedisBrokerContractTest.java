package io.pushwire.broker.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.protocol.ServerMessage;
import io.pushwire.protocol.SystemEvent;
import io.pushwire.server.broker.HistoryResult;
import io.pushwire.server.broker.Publication;
import io.pushwire.server.broker.StreamPosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker contract, on a real redis-server: two brokers are two nodes. It runs once per
 * PUB/SUB mode ({@link ClassicPubSubContractTest}, {@link ShardedPubSubContractTest}), each
 * against its own redis-server.
 */
abstract class RedisBrokerContractTest {

  @RegisterExtension
  static final RedisServer redis = new RedisServer();

  /** The PUB/SUB mode every broker of this run uses. */
  abstract ShardedPubSub mode();

  private final List<RedisBroker> brokers = new ArrayList<>();
  /** Each test's own prefix, so tests never see each other's keys and channels. */
  final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ":";

  @AfterEach
  void closeBrokers() {
    brokers.forEach(RedisBroker::close);
  }

  /** This test's prefix and this run's mode, other options at their defaults. */
  RedisBrokerOptions options() {
    return RedisBrokerOptions.defaults().withKeyPrefix(prefix).withShardedPubSub(mode());
  }

  RedisBroker node(List<Publication> received) {
    return node(received, options().withHistorySize(5)
        .withCommandTimeout(Duration.ofMillis(500)).withReconnectMaxDelay(Duration.ofMillis(100)));
  }

  RedisBroker node(List<Publication> received, RedisBrokerOptions options) {
    RedisBroker broker = RedisBroker.connect(redis.uri(), options);
    broker.start(received::add);
    brokers.add(broker);
    return broker;
  }

  static ServerMessage event(int n) {
    return new SystemEvent("n", Integer.toString(n), null, null);
  }

  static String payload(Publication p) {
    return ((SystemEvent) p.message()).service();
  }

  static StreamPosition publish(RedisBroker broker, String topic, int n) throws Exception {
    return broker.publish(topic, event(n), false).get(5, TimeUnit.SECONDS);
  }

  @Test
  void offsetsGrowByOnePerChannelUnderOneEpoch() throws Exception {
    RedisBroker a = node(new CopyOnWriteArrayList<>());
    StreamPosition first = publish(a, "orders", 1);
    StreamPosition second = publish(a, "orders", 2);
    StreamPosition other = publish(a, "invoices", 1);
    assertEquals(1, first.offset());
    assertEquals(2, second.offset());
    assertEquals(first.epoch(), second.epoch());
    assertEquals(1, other.offset());
  }

  @Test
  void aPublicationReachesOnlyTheNodesSubscribedToItsTopic() throws Exception {
    List<Publication> atB = new CopyOnWriteArrayList<>();
    List<Publication> atC = new CopyOnWriteArrayList<>();
    RedisBroker a = node(new CopyOnWriteArrayList<>());
    RedisBroker b = node(atB);
    RedisBroker c = node(atC);
    b.subscribe("orders").get(5, TimeUnit.SECONDS);
    c.subscribe("invoices").get(5, TimeUnit.SECONDS);
    publish(a, "orders", 1);
    publish(a, "invoices", 2);
    await().atMost(Duration.ofSeconds(5)).until(() -> atB.size() == 1 && atC.size() == 1);
    assertEquals("orders", atB.get(0).channel());
    assertEquals("1", payload(atB.get(0)));
    assertEquals(new StreamPosition(1, atB.get(0).position().epoch()), atB.get(0).position());
    assertEquals("invoices", atC.get(0).channel());
  }

  @Test
  void publicationsOnOneChannelArriveInOffsetOrder() throws Exception {
    List<Publication> atB = new CopyOnWriteArrayList<>();
    RedisBroker a = node(new CopyOnWriteArrayList<>());
    RedisBroker b = node(atB);
    b.subscribe("orders").get(5, TimeUnit.SECONDS);
    List<CompletableFuture<StreamPosition>> sent = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      sent.add(a.publish("orders", event(i), false));
    }
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(5)).until(() -> atB.size() == 200);
    assertEquals(LongStream.rangeClosed(1, 200).boxed().toList(), atB.stream().map(p -> p.position().offset()).toList());
  }

  @Test
  void anUnsubscribedNodeStopsReceivingTheTopic() throws Exception {
    List<Publication> atB = new CopyOnWriteArrayList<>();
    RedisBroker a = node(new CopyOnWriteArrayList<>());
    RedisBroker b = node(atB);
    b.subscribe("orders").get(5, TimeUnit.SECONDS);
    publish(a, "orders", 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> atB.size() == 1);
    b.unsubscribe("orders");
    assertFalse(b.isSubscribed("orders"));
    b.subscribe("marker").get(5, TimeUnit.SECONDS); // after the UNSUBSCRIBE on the same connection
    publish(a, "orders", 2);
    publish(a, "marker", 3);
    await().atMost(Duration.ofSeconds(5)).until(() -> atB.size() == 2);
    assertEquals(List.of("orders", "marker"), atB.stream().map(Publication::channel).toList());
  }

  @Test
  void aPatternSubscriptionReceivesMatchingTopicsOnceEvenWithAnExactOne() throws Exception {
    List<Publication> atB = new CopyOnWriteArrayList<>();
    RedisBroker a = node(new CopyOnWriteArrayList<>());
    RedisBroker b = node(atB);
    b.subscribe("task:*").get(5, TimeUnit.SECONDS);
    b.subscribe("task:[1]").get(5, TimeUnit.SECONDS);
    b.subscribe("*").get(5, TimeUnit.SECONDS);
    publish(a, "task:[1]", 1);
    publish(a, "task:2", 2);
    publish(a, "other", 3);
    await().atMost(Duration.ofSeconds(5)).until(() -> atB.size() >= 3);
    assertEquals(List.of("task:[1]", "task:2", "other"), atB.stream().map(Publication::channel).toList());
    b.subscribe("marker").get(5, TimeUnit.SECONDS);
    publish(a, "marker", 4);
    await().atMost(Duration.ofSeconds(5)).until(() -> atB.size() >= 4);
    assertEquals(4, atB.size(), "no publication twice");
  }

  @Test
  void targetsReachEveryNodeWithoutHistory() throws Exception {
    List<Publication> atA = new CopyOnWriteArrayList<>();
    List<Publication> atB = new CopyOnWriteArrayList<>();
    RedisBroker a = node(atA);
    RedisBroker b = node(atB);
    // start() subscribed to the targets: a topic subscription confirmed after it proves they are live.
    a.subscribe("sync").get(5, TimeUnit.SECONDS);
    b.subscribe("sync").get(5, TimeUnit.SECONDS);
    assertEquals(0, a.publish("$all", event(1), false).get(5, TimeUnit.SECONDS).offset());
    a.publish("$user:bob", event(2), true).get(5, TimeUnit.SECONDS);
    a.publish("$conn:c1", event(3), false).get(5, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(5)).until(() -> atA.size() == 3 && atB.size() == 3);
    assertEquals(List.of("$all", "$user:bob", "$conn:c1"), atB.stream().map(Publication::channel).toList());
    assertTrue(atB.get(1).droppable());
    assertEquals(0, atB.get(0).position().offset());
  }

  @Test
  void historyKeepsTheLastPublicationsAndSaysWhenSomeLeft() throws Exception {
    RedisBroker a = node(new CopyOnWriteArrayList<>());
    StreamPosition last = null;
    for (int i = 1; i <= 8; i++) {
      last = publish(a, "orders", i);
    }
    HistoryResult all = a.history("orders", null, 100).get(5, TimeUnit.SECONDS);
    assertEquals(List.of("4", "5", "6", "7", "8"), all.publications().stream().map(RedisBrokerContractTest::payload).toList());
    assertEquals(last, all.latest());
    assertTrue(all.complete());

    HistoryResult recent = a.history("orders", new StreamPosition(5, last.epoch()), 100).get(5, TimeUnit.SECONDS);
    assertEquals(List.of(6L, 7L, 8L), recent.publications().stream().map(p -> p.position().offset()).toList());
    assertTrue(recent.complete());

    HistoryResult tooOld = a.history("orders", new StreamPosition(1, last.epoch()), 100).get(5, TimeUnit.SECONDS);
    assertFalse(tooOld.complete(), "offsets 2 and 3 were trimmed");

    HistoryResult otherEpoch = a.history("orders", new StreamPosition(7, "elsewhere"), 100).get(5, TimeUnit.SECONDS);
    assertFalse(otherEpoch.complete());

    HistoryResult limited = a.history("orders", new StreamPosition(3, last.epoch()), 2).get(5, TimeUnit.SECONDS);
    assertEquals(List.of(4L, 5L), limited.publications().stream().map(p -> p.position().offset()).toList());
  }

  @Test
  void anEpochIsFixedBySubscribingAndChangesWhenTheHistoryExpires() throws Exception {
    RedisBroker a = node(new CopyOnWriteArrayList<>(), options()
        .withHistoryTtl(Duration.ofSeconds(1)));
    StreamPosition[] seen = new StreamPosition[1];
    assertTrue(a.goLive("quiet", null, 0, h -> seen[0] = h.latest()));
    assertEquals(0, seen[0].offset());
    StreamPosition first = publish(a, "quiet", 1);
    assertEquals(seen[0].epoch(), first.epoch(), "the epoch a subscriber was given names the history it resumes");
    await().atMost(Duration.ofSeconds(5)).until(() -> "0".equals(
        redis.command("EXISTS", prefix + "m:{quiet}").substring(1)));
    StreamPosition afterExpiry = publish(a, "quiet", 2);
    assertEquals(1, afterExpiry.offset());
    assertNotEquals(first.epoch(), afterExpiry.epoch());
  }

  @Test
  void goLiveRunsStartBetweenTheHistoryAndTheNextLivePublication() throws Exception {
    List<Publication> atB = new CopyOnWriteArrayList<>();
    RedisBroker a = node(new CopyOnWriteArrayList<>(), options()
        .withHistorySize(10_000));
    RedisBroker b = node(atB, a.options());
    StreamPosition start = publish(a, "orders", 0);
    // Publications keep coming from node A while node B goes live ten times on the same topic.
    CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> {
      for (int i = 1; i <= 400; i++) {
        a.publish("orders", event(i), false).join();
      }
    });
    List<List<Long>> seams = new ArrayList<>();
    for (int round = 0; round < 10 && !publisher.isDone(); round++) {
      List<Long> replayed = new ArrayList<>();
      int liveBefore = atB.size();
      int[] liveAtStart = new int[1];
      assertTrue(b.goLive("orders", start, 10_000, h -> {
        h.publications().forEach(p -> replayed.add(p.position().offset()));
        replayed.add(-h.latest().offset()); // marks the latest at the seam
        liveAtStart[0] = atB.size();
        b.subscribe("orders"); // as the hub's index does when the subscription enters it
      }));
      seams.add(replayed);
      long latest = -replayed.remove(replayed.size() - 1);
      assertEquals(LongStream.rangeClosed(start.offset() + 1, latest).boxed().toList(), replayed,
          "the history is every publication after the position up to the seam");
      await().atMost(Duration.ofSeconds(5)).until(() -> atB.size() > liveAtStart[0] || publisher.isDone());
      if (atB.size() > liveAtStart[0]) {
        assertEquals(latest + 1, atB.get(liveAtStart[0]).position().offset(),
            "the first publication handed on after the start follows the history's latest");
      }
      assertTrue(liveBefore <= liveAtStart[0]);
    }
    publisher.get(30, TimeUnit.SECONDS);
    b.subscribe("orders").get(5, TimeUnit.SECONDS);
    assertFalse(seams.isEmpty());
  }

  @Test
  void publishingWhileRedisIsDownFailsFastWithATypedError() throws Exception {
    RedisBroker a = node(new CopyOnWriteArrayList<>());
    publish(a, "orders", 1);
    redis.kill();
    try {
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        long began = System.nanoTime();
        ExecutionException failure = assertThrows(ExecutionException.class,
            () -> a.publish("orders", event(2), false).get(5, TimeUnit.SECONDS));
        long tookMillis = (System.nanoTime() - began) / 1_000_000;
        BrokerUnavailableException typed = assertInstanceOf(BrokerUnavailableException.class, failure.getCause());
        assertEquals(BrokerUnavailableException.Reason.DISCONNECTED, typed.reason());
        assertTrue(tookMillis < 600, "failed within the command timeout, took " + tookMillis + " ms");
      });
      assertFalse(a.goLive("orders", null, 0, h -> { }), "no live start without Redis");
    } finally {
      redis.start();
    }
  }

  @Test
  void afterARedisRestartNodesResubscribeAndTheEpochIsNew() throws Exception {
    List<Publication> atB = new CopyOnWriteArrayList<>();
    RedisBroker a = node(new CopyOnWriteArrayList<>());
    RedisBroker b = node(atB);
    b.subscribe("orders").get(5, TimeUnit.SECONDS);
    StreamPosition before = publish(a, "orders", 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> atB.size() == 1);
    redis.kill();
    redis.start();
    StreamPosition after = await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
        .until(() -> publish(a, "orders", 2), p -> p != null);
    assertEquals(1, after.offset());
    assertNotEquals(before.epoch(), after.epoch(), "the history was lost with the restart");
    // B resubscribed on its own: later publications reach it.
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      publish(a, "orders", 3);
      assertTrue(atB.stream().anyMatch(p -> p.position().epoch().equals(after.epoch())));
    });
    HistoryResult resumed = a.history("orders", before, 10).get(5, TimeUnit.SECONDS);
    assertFalse(resumed.complete(), "a client at the old position is told it cannot recover");
  }

  /**
   * Publishes {@code count} numbered events on {@code topic} as a steady publisher does: never
   * waiting for an answer, a call every few microseconds, so new calls keep going out while
   * earlier ones are answered (and, before the fix, retried).
   */
  static List<CompletableFuture<StreamPosition>> pipeline(RedisBroker broker, String topic, int from, int count) {
    List<CompletableFuture<StreamPosition>> calls = new ArrayList<>();
    for (int n = from; n < from + count; n++) {
      calls.add(broker.publish(topic, event(n), false));
      LockSupport.parkNanos(10_000); // the load's shape, not a wait for anything
    }
    return calls;
  }

  @Test
  void pipelinedPublicationsTakeOffsetsInCallOrderWhenRedisHasNotSeenTheScriptYet() throws Exception {
    for (int node = 0; node < 5; node++) { // each a node connecting to a Redis with an empty script cache
      assertEquals("+OK", redis.command("SCRIPT", "FLUSH"));
      RedisBroker a = node(new CopyOnWriteArrayList<>());
      String topic = "orders-" + node;
      List<CompletableFuture<StreamPosition>> calls = pipeline(a, topic, 1, 500);
      for (int i = 0; i < calls.size(); i++) {
        assertEquals(i + 1, calls.get(i).get(5, TimeUnit.SECONDS).offset(), topic + ", call " + (i + 1));
      }
    }
  }

  @Test
  void aScriptCacheFlushedUnderLiveConnectionsFailsSomePublicationsButReordersNone() throws Exception {
    RedisBroker a = node(new CopyOnWriteArrayList<>());
    publish(a, "orders", 0);
    List<CompletableFuture<StreamPosition>> calls = new ArrayList<>();
    for (int round = 0; round < 40; round++) {
      if (round >= 2) { // a flush under a publisher that does not wait, 38 times
        assertEquals("+OK", redis.command("SCRIPT", "FLUSH"));
      }
      calls.addAll(pipeline(a, "orders", 1 + round * 100, 100));
    }
    long last = 1;
    int failed = 0;
    for (int i = 0; i < calls.size(); i++) {
      try {
        long offset = calls.get(i).get(5, TimeUnit.SECONDS).offset();
        assertTrue(offset > last, "call " + (i + 1) + " took offset " + offset + " after " + last);
        last = offset;
      } catch (ExecutionException e) {
        BrokerUnavailableException typed = assertInstanceOf(BrokerUnavailableException.class, e.getCause());
        assertEquals(BrokerUnavailableException.Reason.REDIS_ERROR, typed.reason(), typed.getMessage());
        failed++;
      }
    }
    assertTrue(failed > 0, "a flush under a publisher that believes the script loaded fails its next call");
    assertEquals(calls.size() - failed + 1, last, "offsets have no holes: a failed call took none");
    // The script is loaded again: publishing goes on, by EVALSHA.
    StreamPosition next = await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
        .until(() -> publish(a, "orders", 9_999), p -> p != null);
    assertTrue(next.offset() > last);
    await().atMost(Duration.ofSeconds(5)).until(a::publishScriptLoaded);
  }

  @Test
  void afterARedisRestartPipelinedPublicationsStillTakeOffsetsInCallOrder() throws Exception {
    RedisBroker a = node(new CopyOnWriteArrayList<>());
    publish(a, "orders", 1);
    redis.kill();
    redis.start(); // empty: no history, no scripts
    // Publish at once, in rounds, while the node reconnects: the first rounds fail, none reorders.
    List<CompletableFuture<StreamPosition>> calls = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    boolean roundWhole = false;
    while (!roundWhole && System.nanoTime() < deadline) {
      List<CompletableFuture<StreamPosition>> round = pipeline(a, "orders", calls.size() + 1, 200);
      calls.addAll(round);
      CompletableFuture.allOf(round.toArray(CompletableFuture[]::new)).handle((ok, e) -> null).get(5, TimeUnit.SECONDS);
      roundWhole = round.stream().noneMatch(CompletableFuture::isCompletedExceptionally);
    }
    assertTrue(roundWhole, "publishing never came back after the restart");
    long last = 0;
    for (int i = 0; i < calls.size(); i++) {
      try {
        long offset = calls.get(i).get(5, TimeUnit.SECONDS).offset();
        assertEquals(last + 1, offset, "call " + (i + 1));
        last = offset;
      } catch (ExecutionException e) {
        assertInstanceOf(BrokerUnavailableException.class, e.getCause());
      }
    }
    // The reconnect loaded the script again: publications go by EVALSHA, not EVAL, from then on.
    await().atMost(Duration.ofSeconds(5)).until(a::publishScriptLoaded);
  }
}
