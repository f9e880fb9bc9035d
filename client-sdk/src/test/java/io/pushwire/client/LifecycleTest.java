package io.pushwire.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.client.reconnect.BackoffPolicy;
import io.pushwire.client.reconnect.Disconnect;
import io.pushwire.protocol.GetTasks;
import io.pushwire.protocol.Ping;
import io.pushwire.protocol.Pong;
import io.pushwire.server.Limits;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LifecycleTest extends ClientTestSupport {

  /** The live threads of {@code group}: every thread a client started there, directly or through Tyrus and Grizzly. */
  private static List<String> liveThreads(ThreadGroup group) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getThreadGroup() == group && thread.isAlive())
        .map(Thread::getName).sorted().toList();
  }

  @Test
  void closeLeavesNoClientThreadRunning() throws Exception {
    TestServer server = server();
    // Threads inherit their creator's group, so everything the client starts lands in this one.
    ThreadGroup group = new ThreadGroup("client-under-test");
    PushClient[] client = new PushClient[1];
    FutureTask<List<String>> session = new FutureTask<>(() -> {
      client[0] = fastClient(server.uri()).build();
      client[0].subscribe("task:progress");
      client[0].connect().get(20, TimeUnit.SECONDS);
      client[0].request(new Ping(), Pong.class).get(10, TimeUnit.SECONDS);
      return liveThreads(group);
    });
    Thread runner = new Thread(group, session, "test-runner");
    runner.start();
    List<String> whileOpen = session.get(20, TimeUnit.SECONDS);
    runner.join(5_000);

    client[0].close();

    assertTrue(whileOpen.stream().anyMatch(name -> name.matches("pushwire-client-\\d+")), whileOpen.toString());
    assertTrue(whileOpen.stream().anyMatch(name -> name.contains("SelectorRunner")), whileOpen.toString());
    await().until(() -> liveThreads(group), List::isEmpty);
  }

  @Test
  void noReconnectHappensAfterClose() throws Exception {
    TestServer server = server();
    // A long backoff, so that close() surely falls between attempts, with one scheduled.
    PushClient client = connected(fastClient(server.uri())
        .reconnect(BackoffPolicy.exponential(Duration.ofMillis(300), Duration.ofMillis(600))));
    Recorder<StateChange> states = new Recorder<>();
    client.onStateChange(states);
    server.stop();
    await().until(() -> states.any(change -> change.nextDelay().isPresent()));

    client.close();
    server.startAgain();

    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10))
        .until(() -> server.hub().stats().connectionsOpened() == 0);
    assertEquals(ConnectionState.CLOSED, client.state());
    await().until(() -> states.any(StateChange::isFinal));
    StateChange last = states.all().get(states.size() - 1);
    assertTrue(last.isFinal());
    assertEquals(Optional.of(new Disconnect.ClosedByClient()), last.cause());
  }

  @Test
  void closeReportsClosingThenAFinalClosed() {
    TestServer server = server();
    PushClient client = connected(fastClient(server.uri()));
    Recorder<StateChange> states = new Recorder<>();
    client.onStateChange(states);

    client.close();

    await().until(() -> states.size() == 2);
    assertEquals(List.of(
        new StateChange(ConnectionState.CLOSING, 1, Optional.empty(), Optional.empty()),
        new StateChange(ConnectionState.CLOSED, 1, Optional.empty(), Optional.of(new Disconnect.ClosedByClient()))),
        states.all());
    await().until(() -> server.hub().stats().connections() == 0);
  }

  @Test
  void closeFailsPendingRequests() {
    TestServer server = track(TestServer.start(FIRST_MESSAGE_ENDPOINT, Limits.defaults(),
        hub -> hub.onRequest(GetTasks.class, (request, ctx) -> { })));
    PushClient client = connected(fastClient(server.uri()).requestTimeout(Duration.ofSeconds(30)));
    CompletableFuture<?> pending = client.request(new GetTasks(null));

    client.close();

    ExecutionException failure = assertThrows(ExecutionException.class, () -> pending.get(10, TimeUnit.SECONDS));
    DisconnectedException closed = assertInstanceOf(DisconnectedException.class, failure.getCause());
    assertEquals(Optional.of(new Disconnect.ClosedByClient()), closed.disconnect());
  }

  @Test
  void closedClientRefusesFurtherWork() {
    PushClient client = connected(fastClient(server().uri()));

    client.close();
    client.close();

    for (CompletableFuture<?> refused : List.of(client.connect(), client.send(new Ping()), client.request(new Ping()),
        client.subscribe("t"))) {
      ExecutionException failure = assertThrows(ExecutionException.class, () -> refused.get(5, TimeUnit.SECONDS));
      assertInstanceOf(DisconnectedException.class, failure.getCause());
    }
  }

  @Test
  void closeFromInsideACallbackCompletes() {
    TestServer server = server();
    PushClient client = track(fastClient(server.uri()).build());
    Recorder<StateChange> states = new Recorder<>();
    client.onStateChange(states);
    client.onStateChange(change -> {
      if (change.state() == ConnectionState.OPEN) {
        client.close();
      }
    });

    client.connect();

    await().until(() -> states.any(StateChange::isFinal));
    assertEquals(ConnectionState.CLOSED, client.state());
    assertFalse(states.any(change -> change.nextDelay().isPresent()));
  }
}
