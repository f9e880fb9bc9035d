package io.pushwire.broker.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.client.PushClient;
import io.pushwire.client.TokenPlacement;
import io.pushwire.client.reconnect.BackoffPolicy;
import io.pushwire.protocol.PresenceJoin;
import io.pushwire.protocol.PresenceLeave;
import io.pushwire.protocol.PresenceResult;
import io.pushwire.server.broker.PresenceStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Presence and its join/leave events across nodes sharing one real redis-server, with the Java client. */
class PresenceAcrossNodesTest {

  @RegisterExtension
  static final RedisServer redis = new RedisServer();

  private final String prefix = "p" + UUID.randomUUID().toString().substring(0, 8) + ":";
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  @BeforeAll
  static void generousAwaits() {
    Awaitility.setDefaultPollInterval(Duration.ofMillis(20));
    Awaitility.setDefaultTimeout(Duration.ofSeconds(20)); // a busy machine; a passing condition returns at once
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

  private PresenceNode node() {
    return track(PresenceNode.start(redis.uri(), prefix));
  }

  /** A client of {@code url} as {@code token}, calling itself {@code clientId}, subscribed to room:1. */
  private PushClient member(String url, String token, String clientId) throws Exception {
    PushClient client = track(PushClient.builder(url)
        .token(token, TokenPlacement.FIRST_MESSAGE)
        .clientId(clientId)
        .connectTimeout(Duration.ofSeconds(5))
        .requestTimeout(Duration.ofSeconds(5))
        .reconnect(BackoffPolicy.exponential(Duration.ofMillis(20), Duration.ofMillis(200)))
        .build());
    client.connect().get(20, TimeUnit.SECONDS);
    client.subscribe("room:1").get(10, TimeUnit.SECONDS);
    return client;
  }

  private static List<String> clientIds(PresenceResult result) {
    return result.clients().stream().map(PresenceResult.Client::client).sorted().toList();
  }

  private static PresenceResult presence(PushClient client) throws Exception {
    return client.presence("room:1").get(10, TimeUnit.SECONDS);
  }

  @Test
  void presenceOnOneNodeListsTheConnectionsOfTheOtherAndAClosedOneLeaves() throws Exception {
    PresenceNode a = node();
    PresenceNode b = node();
    PushClient laptop = member(a.url(), Node.ALICE_TOKEN, "alice-laptop");
    member(a.url(), Node.ALICE_TOKEN, "alice-phone");
    PushClient bob = member(b.url(), Node.BOB_TOKEN, "bob-desk");

    PresenceResult before = presence(bob);
    assertEquals(3, before.connections());
    assertEquals(2, before.users());
    assertEquals(List.of("alice-laptop", "alice-phone", "bob-desk"), clientIds(before));
    assertEquals(Map.of("name", "ALICE"), before.clients().stream()
        .filter(c -> c.client().equals("alice-phone")).findFirst().orElseThrow().info(), "info crosses nodes");
    assertEquals(clientIds(before), clientIds(a.hub.presence("room:1").get(10, TimeUnit.SECONDS)),
        "node A sees the same, B's connection included");

    laptop.close();
    await().until(() -> presence(bob).connections() == 2);
    PresenceResult after = presence(bob);
    assertEquals(List.of("alice-phone", "bob-desk"), clientIds(after));
    assertEquals(2, after.users());
  }

  @Test
  void joinAndLeaveEventsReachSubscribersOnTheOtherNode() throws Exception {
    PresenceNode a = node();
    PresenceNode b = node();
    PushClient bob = member(b.url(), Node.BOB_TOKEN, "bob-desk");
    List<PresenceJoin> joins = new CopyOnWriteArrayList<>();
    List<PresenceLeave> leaves = new CopyOnWriteArrayList<>();
    bob.on(PresenceJoin.class, joins::add);
    bob.on(PresenceLeave.class, leaves::add);

    PushClient alice = member(a.url(), Node.ALICE_TOKEN, "alice-laptop");
    // bob may also hear of his own join on B, queued just after his subscription's ack
    await().until(() -> joins.stream().anyMatch(j -> j.client().user().equals("alice")));
    PresenceJoin join = joins.stream().filter(j -> j.client().user().equals("alice")).findFirst().orElseThrow();
    assertEquals("room:1", join.topic());
    assertEquals("alice-laptop", join.client().client());
    assertEquals(Map.of("name", "ALICE"), join.client().info());

    alice.unsubscribe("room:1").get(10, TimeUnit.SECONDS);
    await().until(() -> leaves.size() == 1);
    assertEquals("alice-laptop", leaves.get(0).client().client());
    assertEquals(join.client().connection(), leaves.get(0).client().connection());
    assertEquals(1, joins.stream().filter(j -> j.client().user().equals("alice")).count(), "one join per subscription");
  }

  @Test
  void theConnectionsOfAKilledNodeLeavePresenceWithinTheTtl() throws Exception {
    ChildNode doomed = track(new ChildNode(redis.uri(), prefix));
    PresenceNode b = node();
    String doomedUrl = "ws://127.0.0.1:" + doomed.port + "/ws";
    member(doomedUrl, Node.ALICE_TOKEN, "alice-laptop");
    member(doomedUrl, PresenceNode.CAROL_TOKEN, "carol-tab");
    PushClient bob = member(b.url(), Node.BOB_TOKEN, "bob-desk");
    assertEquals(List.of("alice-laptop", "bob-desk", "carol-tab"), clientIds(presence(bob)));
    assertEquals(3, presence(bob).users());

    doomed.close(); // SIGKILL: its node never tells Redis that its connections went
    // Gone once the TTL ran out since the node's last renewal: bounded by the TTL, plus slack for a busy machine.
    await().atMost(PresenceNode.TTL.plusSeconds(5)).until(() -> presence(bob).connections() == 1);
    PresenceResult after = presence(bob);
    assertEquals(List.of("bob-desk"), clientIds(after));
    assertEquals(1, after.users());
    assertTrue(!after.truncated());
  }

  @Test
  void theStoreCountsEveryConnectionElsewhereAndListsAtMostTheLimit() throws Exception {
    RedisBrokerOptions options = RedisBrokerOptions.defaults().withKeyPrefix(prefix)
        .withPresence(PresenceNode.REFRESH, PresenceNode.TTL);
    RedisBroker one = track(RedisBroker.connect(redis.uri(), options));
    RedisBroker other = track(RedisBroker.connect(redis.uri(), options));
    one.presence().start(noEvents());
    for (int i = 0; i < 12; i++) {
      one.presence().add("room:big", new PresenceResult.Client("c" + i, "user" + (i % 4), "cli" + i, null), false);
    }
    // The writes go out on one's connection, the read on other's: await them.
    await().until(() -> other.presence().elsewhere("room:big", 5).get(10, TimeUnit.SECONDS).connections() == 12);
    PresenceStore.Elsewhere seen = other.presence().elsewhere("room:big", 5).get(10, TimeUnit.SECONDS);
    assertEquals(java.util.Set.of("user0", "user1", "user2", "user3"), seen.users());
    assertEquals(5, seen.clients().size());
    assertEquals(0, one.presence().elsewhere("room:big", 5).get(10, TimeUnit.SECONDS).connections(),
        "a node's own entries are not elsewhere");

    one.presence().remove("room:big", new PresenceResult.Client("c0", "user0", "cli0", null), false);
    one.presence().remove("room:big", new PresenceResult.Client("c4", "user0", "cli4", null), false);
    one.presence().remove("room:big", new PresenceResult.Client("c8", "user0", "cli8", null), false);
    await().until(() -> other.presence().elsewhere("room:big", 100).get(10, TimeUnit.SECONDS).connections() == 9);
    PresenceStore.Elsewhere fewer = other.presence().elsewhere("room:big", 100).get(10, TimeUnit.SECONDS);
    assertEquals(java.util.Set.of("user1", "user2", "user3"), fewer.users(), "user0 has no connection left");
    assertEquals(9, fewer.clients().size());
  }

  @Test
  void aLiveNodeWritesItsPresenceAgainAfterRedisLostIt() throws Exception {
    RedisBrokerOptions options = RedisBrokerOptions.defaults().withKeyPrefix(prefix)
        .withCommandTimeout(Duration.ofMillis(1_000)).withReconnectMaxDelay(Duration.ofMillis(200))
        .withPresence(PresenceNode.REFRESH, PresenceNode.TTL);
    RedisBroker one = track(RedisBroker.connect(redis.uri(), options));
    RedisBroker other = track(RedisBroker.connect(redis.uri(), options));
    one.presence().start(noEvents());
    one.presence().add("room:2", new PresenceResult.Client("c1", "alice", "cli", null), false);
    await().until(() -> other.presence().elsewhere("room:2", 10).get(10, TimeUnit.SECONDS).connections() == 1);

    redis.kill(); // no persistence: every key is gone when it comes back
    redis.start();
    await().ignoreExceptions()
        .until(() -> other.presence().elsewhere("room:2", 10).get(10, TimeUnit.SECONDS).connections() == 1);
    assertEquals("alice", other.presence().elsewhere("room:2", 10).get(10, TimeUnit.SECONDS).clients().get(0).user());
  }

  private static PresenceStore.Listener noEvents() {
    return new PresenceStore.Listener() {
      @Override
      public void joined(String topic, PresenceResult.Client client) {
      }

      @Override
      public void left(String topic, PresenceResult.Client client) {
      }
    };
  }

  /** A {@link PresenceNode} in a child JVM, killed with SIGKILL. */
  private static final class ChildNode implements AutoCloseable {
    final Process process;
    final int port;

    ChildNode(String redisUri, String prefix) throws Exception {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      process = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
          PresenceNode.class.getName(), redisUri, prefix).redirectErrorStream(true).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      List<String> lines = new ArrayList<>();
      String line;
      int found = -1;
      while (found < 0 && (line = out.readLine()) != null) {
        lines.add(line);
        if (line.startsWith("READY ")) {
          found = Integer.parseInt(line.substring(6).trim());
        }
      }
      if (found < 0) {
        throw new IllegalStateException("the child node did not start: " + lines);
      }
      port = found;
      Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "child-node-output");
      drain.setDaemon(true);
      drain.start();
    }

    @Override
    public void close() throws Exception {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
