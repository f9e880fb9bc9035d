package io.pushwire.client;

import static io.pushwire.client.Messages.progress;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.client.reconnect.BackoffPolicy;
import io.pushwire.client.reconnect.Disconnect;
import io.pushwire.protocol.CloseCode;
import io.pushwire.protocol.ErrorCode;
import io.pushwire.protocol.ErrorMessage;
import io.pushwire.protocol.Ping;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.server.Limits;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ReconnectTest extends ClientTestSupport {

  private static Predicate<StateChange> opened() {
    return change -> change.state() == ConnectionState.OPEN;
  }

  @Test
  void serverRestartedOnTheSamePortIsRejoinedWithSubscriptionsAndNoDuplicates() throws Exception {
    TestServer server = server();
    PushClient client = track(fastClient(server.uri()).build());
    Recorder<TaskProgress> received = new Recorder<>();
    Recorder<StateChange> states = new Recorder<>();
    client.on(TaskProgress.class, received);
    client.onStateChange(states);
    var subscribed = client.subscribe("task:progress");
    client.connect().get(20, TimeUnit.SECONDS);
    subscribed.get(10, TimeUnit.SECONDS);
    server.hub().publish("task:progress", progress("before", 1));
    await().until(() -> received.size() == 1);

    server.stop();
    await().until(() -> states.any(closedWith(1001)));
    server.startAgain();

    await().until(() -> client.state() == ConnectionState.OPEN && server.hub().stats().subscriptions() == 1);
    server.hub().publish("task:progress", progress("after", 1));
    server.hub().publish("task:progress", progress("marker", 1));
    await().until(() -> received.size() >= 3);
    assertEquals(List.of(progress("before", 1), progress("after", 1), progress("marker", 1)), received.all());
    assertEquals(2, states.count(opened()));
  }

  @Test
  void networkCutIsFollowedByAReconnectThroughTheSameAddress() throws Exception {
    TestServer server = server();
    FaultProxy proxy = track(new FaultProxy(server.port()));
    PushClient client = track(fastClient(server.uriVia(proxy.port())).build());
    Recorder<StateChange> states = new Recorder<>();
    Recorder<TaskProgress> received = new Recorder<>();
    client.onStateChange(states);
    client.on(TaskProgress.class, received);
    client.subscribe("task:progress");
    client.connect().get(20, TimeUnit.SECONDS);

    proxy.cutAll();

    await().until(() -> states.any(closedWith(1006)));
    await().until(() -> states.count(opened()) == 2 && server.hub().stats().subscriptions() == 1);
    server.hub().publish("task:progress", progress("t1", 5));
    await().until(() -> received.size() == 1);
    assertEquals(2, proxy.accepted());
  }

  @Test
  void slowConsumerCloseIsFollowedByAReconnect() throws Exception {
    TestServer server = server();
    PushClient client = connected(fastClient(server.uri()));
    Recorder<StateChange> states = new Recorder<>();
    client.onStateChange(states);

    server.hub().disconnect(server.onlyConnection(), CloseCode.SLOW_CONSUMER);

    await().until(() -> states.any(closedWith(4000)));
    await().until(() -> states.any(opened()));
    StateChange closed = states.all().get(0);
    assertEquals(2, closed.attempt());
    assertTrue(closed.nextDelay().orElseThrow().compareTo(Duration.ofMillis(20)) >= 0, closed.toString());
    assertEquals(2, server.hub().stats().connectionsOpened());
  }

  @Test
  void kickedClientDoesNotReconnect() throws Exception {
    TestServer server = server();
    PushClient client = connected(fastClient(server.uri()));
    Recorder<StateChange> states = new Recorder<>();
    client.onStateChange(states);

    server.hub().disconnect(server.onlyConnection(), CloseCode.KICKED);

    await().until(() -> states.any(StateChange::isFinal));
    assertEquals(1, states.size());
    StateChange kicked = states.all().get(0);
    assertTrue(kicked.isFinal());
    assertEquals(4501, closeCode(kicked));
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10))
        .until(() -> server.hub().stats().connectionsOpened() == 1);
    ExecutionException refused = assertThrows(ExecutionException.class,
        () -> client.send(new Ping()).get(5, TimeUnit.SECONDS));
    assertInstanceOf(DisconnectedException.class, refused.getCause());
  }

  @Test
  void unansweredHandshakeTimesOutAndIsRetriedWithBackoffUntilClosed() throws Exception {
    SilentServer silent = track(new SilentServer());
    PushClient client = track(fastClient(URI.create("ws://127.0.0.1:" + silent.port() + "/ws"))
        .connectTimeout(Duration.ofMillis(200)).build());
    Recorder<StateChange> states = new Recorder<>();
    client.onStateChange(states);
    long start = System.nanoTime();

    var connecting = client.connect();

    await().until(() -> states.any(change -> change.state() == ConnectionState.CONNECTING && change.attempt() == 3));
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(elapsedMillis >= 400, "two attempts should each take the 200 ms connect timeout, took " + elapsedMillis);
    StateChange firstFailure = states.all().get(1);
    assertEquals(ConnectionState.CLOSED, firstFailure.state());
    assertEquals(2, firstFailure.attempt());
    assertInstanceOf(Disconnect.ConnectFailed.class, firstFailure.cause().orElseThrow());
    assertTrue(firstFailure.nextDelay().isPresent());

    client.close();

    ExecutionException closed = assertThrows(ExecutionException.class, () -> connecting.get(10, TimeUnit.SECONDS));
    assertInstanceOf(DisconnectedException.class, closed.getCause());
    // An attempt already under way may still reach the server; a retry loop would add several more.
    int accepted = silent.accepted();
    await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(10))
        .until(() -> silent.accepted() <= accepted + 1);
    await().until(() -> states.any(StateChange::isFinal));
  }

  @Test
  void attemptLimitEndsTheRetriesAndFailsConnect() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort();
    }
    PushClient client = track(fastClient(URI.create("ws://127.0.0.1:" + closedPort + "/ws"))
        .reconnect(BackoffPolicy.exponential(Duration.ofMillis(10), Duration.ofMillis(20)).withMaxAttempts(3)).build());
    Recorder<StateChange> states = new Recorder<>();
    client.onStateChange(states);

    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> client.connect().get(20, TimeUnit.SECONDS));

    DisconnectedException gaveUp = assertInstanceOf(DisconnectedException.class, failure.getCause());
    assertTrue(gaveUp.getMessage().contains("gave up after 3 attempts"), gaveUp.getMessage());
    await().until(() -> states.any(StateChange::isFinal));
    assertEquals(3, states.count(change -> change.state() == ConnectionState.CONNECTING));
  }

  @Test
  void rateLimitRetryAfterHoldsBackTheReconnect() throws Exception {
    TestServer server = track(TestServer.start(FIRST_MESSAGE_ENDPOINT,
        // One message per 10 s: the second and third frames are over the rate however slow the machine.
        Limits.builder().messageRate(0.1, 1).rateLimitStrikes(1).build(), hub -> { }));
    PushClient client = connected(fastClient(server.uri()).heartbeatDisabled());
    Recorder<ErrorMessage> errors = new Recorder<>();
    Recorder<StateChange> states = new Recorder<>();
    client.on(ErrorMessage.class, errors);
    client.onStateChange(states);

    client.send(new Ping()); // the auth frame used the only token: over the rate
    await().until(() -> errors.size() == 1);
    client.send(new Ping()); // over the rate again: the server closes with 1008

    ErrorMessage limited = errors.all().get(0);
    assertEquals(ErrorCode.RATE_LIMIT_EXCEEDED, limited.code());
    await().until(() -> states.any(change -> change.state() == ConnectionState.CLOSED));
    StateChange closed = states.all().get(0);
    assertEquals(1008, closeCode(closed));
    // The backoff alone would wait at most 100 ms; the server asked for about 10 s.
    assertTrue(limited.retryAfter() > 5_000, String.valueOf(limited.retryAfter()));
    assertTrue(closed.nextDelay().orElseThrow().toMillis() >= limited.retryAfter(),
        closed.nextDelay() + " < retry_after " + limited.retryAfter());
  }

  @Test
  void attemptCountGrowsWhileAttemptsFailAndStartsAgainAfterAStableConnection() throws Exception {
    TestServer server = server();
    server.stop();
    PushClient client = track(fastClient(server.uri())
        .reconnect(BackoffPolicy.exponential(Duration.ofMillis(20), Duration.ofMillis(100))
            .withResetAfter(Duration.ofMillis(200)))
        .build());
    Recorder<StateChange> states = new Recorder<>();
    client.onStateChange(states);
    client.connect();
    await().until(() -> states.count(change -> change.state() == ConnectionState.CLOSED) >= 2);

    server.startAgain();
    await().until(() -> states.any(opened()));
    int openedOnAttempt = states.all().stream().filter(opened()).findFirst().orElseThrow().attempt();
    // Open for well over resetAfter: the connection counts as stable.
    await().during(Duration.ofMillis(1_500)).until(() -> client.state() == ConnectionState.OPEN);
    server.hub().disconnect(server.onlyConnection(), CloseCode.SLOW_CONSUMER);
    await().until(() -> states.count(opened()) == 2);

    assertTrue(openedOnAttempt >= 3, "two failed attempts came first, opened on " + openedOnAttempt);
    StateChange afterStable = states.all().stream()
        .filter(closedWith(4000)).findFirst().orElseThrow();
    assertEquals(1, afterStable.attempt());
  }
}
