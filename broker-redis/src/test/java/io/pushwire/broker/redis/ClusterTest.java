package io.pushwire.broker.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.client.ConnectionState;
import io.pushwire.client.PushClient;
import io.pushwire.client.RecoveryIncomplete;
import io.pushwire.client.StateChange;
import io.pushwire.client.TokenPlacement;
import io.pushwire.client.reconnect.BackoffPolicy;
import io.pushwire.client.reconnect.Disconnect;
import io.pushwire.protocol.CloseCode;
import io.pushwire.protocol.Progress;
import io.pushwire.protocol.RecoveryReason;
import io.pushwire.protocol.TaskProgress;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Several nodes over real sockets sharing one real redis-server, with the Java client. */
class ClusterTest {

  @RegisterExtension
  static final RedisServer redis = new RedisServer();

  private final String prefix = "c" + UUID.randomUUID().toString().substring(0, 8) + ":";
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  @BeforeAll
  static void generousAwaits() {
    Awaitility.setDefaultPollInterval(Duration.ofMillis(10));
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

  private Node node() {
    return track(Node.start(redis.uri(), prefix, 0));
  }

  private PushClient client(String url, String token) throws Exception {
    PushClient client = track(PushClient.builder(url)
        .token(token, TokenPlacement.FIRST_MESSAGE)
        .connectTimeout(Duration.ofSeconds(5))
        .requestTimeout(Duration.ofSeconds(5))
        .heartbeat(Duration.ofMillis(200), Duration.ofSeconds(10))
        .reconnect(BackoffPolicy.exponential(Duration.ofMillis(20), Duration.ofMillis(200)))
        .build());
    client.connect().get(20, TimeUnit.SECONDS);
    return client;
  }

  private static TaskProgress numbered(String topic, long n) {
    return new TaskProgress(topic, new Progress(0, n, 0, null, 0, null));
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  @Test
  void aPublicationOnOneNodeReachesSubscribersOnEveryNode() throws Exception {
    Node a = node();
    Node b = node();
    Node c = node();
    List<TaskProgress> atA = new CopyOnWriteArrayList<>();
    List<TaskProgress> atB = new CopyOnWriteArrayList<>();
    List<TaskProgress> atC = new CopyOnWriteArrayList<>();
    PushClient onA = client(a.url(), Node.ALICE_TOKEN);
    PushClient onB = client(b.url(), Node.ALICE_TOKEN);
    PushClient onC = client(c.url(), Node.BOB_TOKEN);
    onA.on(TaskProgress.class, atA::add);
    onB.on(TaskProgress.class, atB::add);
    onC.on(TaskProgress.class, atC::add);
    onA.subscribe("news").get(10, TimeUnit.SECONDS);
    onB.subscribe("news").get(10, TimeUnit.SECONDS);
    onC.subscribe("news:*").get(10, TimeUnit.SECONDS);
    for (int i = 1; i <= 20; i++) {
      a.hub.publish("news", numbered("news", i)).get(5, TimeUnit.SECONDS);
    }
    await().until(() -> atA.size() == 20 && atB.size() == 20);
    assertEquals(range(1, 20), atB.stream().map(p -> p.progress().completed()).toList());
    assertTrue(atC.isEmpty(), "news:* does not match news");
    b.hub.publish("news:sport", numbered("news:sport", 1)).get(5, TimeUnit.SECONDS);
    await().until(() -> atC.size() == 1);
    assertTrue(c.broker.isSubscribed("news:*"));
    assertTrue(!c.broker.isSubscribed("news"), "C has no subscriber to news, so it does not receive it");
  }

  @Test
  void theLastLocalSubscriberLeavingUnsubscribesTheNode() throws Exception {
    Node a = node();
    PushClient client = client(a.url(), Node.ALICE_TOKEN);
    client.subscribe("news").get(10, TimeUnit.SECONDS);
    await().until(() -> a.broker.isSubscribed("news"));
    client.unsubscribe("news").get(10, TimeUnit.SECONDS);
    await().until(() -> !a.broker.isSubscribed("news"));
  }

  @Test
  void userConnectionAndBroadcastTargetsAndDisconnectWorkAcrossNodes() throws Exception {
    Node a = node();
    Node b = node();
    List<TaskProgress> alice = new CopyOnWriteArrayList<>();
    List<TaskProgress> bob = new CopyOnWriteArrayList<>();
    List<StateChange> aliceStates = new CopyOnWriteArrayList<>();
    PushClient aliceOnB = client(b.url(), Node.ALICE_TOKEN);
    PushClient bobOnA = client(a.url(), Node.BOB_TOKEN);
    aliceOnB.on(TaskProgress.class, alice::add);
    bobOnA.on(TaskProgress.class, bob::add);
    aliceOnB.onStateChange(aliceStates::add);

    a.hub.publishToUser("alice", numbered("user", 1)).get(5, TimeUnit.SECONDS);
    await().until(() -> alice.size() == 1);
    String aliceConnection = b.hub.connectionIds().iterator().next();
    a.hub.publishToConnection(aliceConnection, numbered("conn", 2)).get(5, TimeUnit.SECONDS);
    await().until(() -> alice.size() == 2);
    b.hub.broadcast(numbered("all", 3)).get(5, TimeUnit.SECONDS);
    await().untilAsserted(() -> assertEquals(List.of(3, 1), List.of(alice.size(), bob.size()), alice + " " + bob));
    assertEquals(List.of("user", "conn", "all"), alice.stream().map(TaskProgress::taskId).toList());
    assertEquals("all", bob.get(0).taskId(), "bob got the broadcast only");

    a.hub.disconnectUser("alice", CloseCode.KICKED).get(5, TimeUnit.SECONDS);
    await().until(() -> aliceStates.stream().anyMatch(s -> s.state() == ConnectionState.CLOSED
        && s.cause().orElse(null) instanceof Disconnect.Closed closed && closed.code() == CloseCode.KICKED.code()));
    await().until(() -> b.hub.connectionIds().isEmpty());
    assertEquals(1, a.hub.connectionIds().size(), "bob stays");
  }

  @Test
  void aClientOfAKilledNodeResumesOnAnotherWithNothingLostOrDuplicated() throws Exception {
    ChildNode first = track(new ChildNode(redis.uri(), prefix));
    ChildNode second = track(new ChildNode(redis.uri(), prefix));
    Node publisher = node();
    TcpBalancer balancer = track(new TcpBalancer(List.of(first.port, second.port)));
    List<Long> received = new CopyOnWriteArrayList<>();
    List<RecoveryIncomplete> incomplete = new CopyOnWriteArrayList<>();
    PushClient client = client("ws://127.0.0.1:" + balancer.port() + "/ws", Node.ALICE_TOKEN);
    client.on(TaskProgress.class, p -> received.add(p.progress().completed()));
    client.onRecovery(incomplete::add);
    client.subscribe("log").get(10, TimeUnit.SECONDS);
    for (int i = 1; i <= 20; i++) {
      publisher.hub.publish("log", numbered("log", i)).get(5, TimeUnit.SECONDS);
    }
    await().until(() -> received.size() == 20);

    first.close(); // SIGKILL: no close frame, no goodbye
    for (int i = 21; i <= 40; i++) { // while the client finds the other node
      publisher.hub.publish("log", numbered("log", i)).get(5, TimeUnit.SECONDS);
    }
    await().until(() -> received.size() >= 40);
    for (int i = 41; i <= 50; i++) {
      publisher.hub.publish("log", numbered("log", i)).get(5, TimeUnit.SECONDS);
    }
    await().until(() -> received.size() >= 50);
    assertEquals(range(1, 50), received, "every publication once, in order");
    assertTrue(incomplete.isEmpty(), incomplete.toString());
  }

  @Test
  void aClientResumingWhileRedisIsDownIsToldAndDeliveryResumesAfterTheRestart() throws Exception {
    Node a = node();
    Node b = node();
    List<Long> received = new CopyOnWriteArrayList<>();
    List<RecoveryIncomplete> incomplete = new CopyOnWriteArrayList<>();
    PushClient client = client(b.url(), Node.ALICE_TOKEN);
    client.on(TaskProgress.class, p -> received.add(p.progress().completed()));
    client.onRecovery(incomplete::add);
    client.subscribe("log").get(10, TimeUnit.SECONDS);
    a.hub.publish("log", numbered("log", 1)).get(5, TimeUnit.SECONDS);
    await().until(() -> received.size() == 1);

    redis.kill();
    // The client comes back (here: its connection dropped) while Redis is down: B cannot read the
    // history, so the client is told it could not resume, not given a false all-clear.
    b.hub.disconnect(b.hub.connectionIds().iterator().next(), CloseCode.GOING_AWAY);
    await().untilAsserted(() -> assertEquals(1, incomplete.size(), received + " " + client.state()));
    assertTrue(List.of(RecoveryReason.NOT_RECOVERABLE, RecoveryReason.EPOCH_CHANGED).contains(incomplete.get(0).reason()),
        incomplete.toString());
    redis.start();
    // Both nodes reconnect on their own; B subscribes to "log" again, and delivery resumes.
    await().ignoreExceptions().until(() -> {
      a.hub.publish("log", numbered("log", 2)).get(5, TimeUnit.SECONDS);
      return received.contains(2L);
    });
  }

  /** A node in a child JVM, killed with SIGKILL. */
  private static final class ChildNode implements AutoCloseable {
    final Process process;
    final int port;

    ChildNode(String redisUri, String prefix) throws Exception {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      process = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
          "-Djava.util.logging.config.file=" + System.getProperty("java.util.logging.config.file", ""),
          NodeMain.class.getName(), redisUri, prefix)
          .redirectErrorStream(true).start();
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
