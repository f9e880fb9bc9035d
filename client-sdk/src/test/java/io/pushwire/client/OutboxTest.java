package io.pushwire.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pushwire.protocol.GetTask;
import io.pushwire.protocol.TaskState;
import io.pushwire.protocol.TaskStatus;
import io.pushwire.server.Limits;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutboxTest extends ClientTestSupport {

  /** The task ids the server was asked for, across restarts. */
  private final Recorder<String> asked = new Recorder<>();

  private TestServer recordingServer() {
    return track(TestServer.start(FIRST_MESSAGE_ENDPOINT, Limits.defaults(), hub ->
        hub.onRequest(GetTask.class, (request, ctx) -> {
          asked.onMessage(request.taskId());
          ctx.reply(new TaskStatus(request.taskId(), TaskState.RUNNING, null, null, null));
        })));
  }

  /** Stops {@code server} and waits until {@code client} knows and is waiting to reconnect. */
  private static void takeDown(TestServer server, PushClient client) {
    Recorder<StateChange> states = new Recorder<>();
    Registration registration = client.onStateChange(states);
    server.stop();
    await().until(() -> states.any(change -> change.state() == ConnectionState.CLOSED
        && change.nextDelay().isPresent()));
    registration.cancel();
  }

  @Test
  void sendWhileDisconnectedFailsAtOnceWithoutAnOutbox() {
    TestServer server = recordingServer();
    PushClient client = connected(fastClient(server.uri()));
    takeDown(server, client);

    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> client.send(new GetTask("a")).get(5, TimeUnit.SECONDS));

    assertInstanceOf(DisconnectedException.class, failure.getCause());
  }

  @Test
  void requestWhileDisconnectedFailsAtOnceWithoutAnOutbox() {
    PushClient client = track(fastClient(recordingServer().uri()).build());

    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> client.request(new GetTask("a")).get(5, TimeUnit.SECONDS));

    assertInstanceOf(DisconnectedException.class, failure.getCause());
  }

  @Test
  void outboxHoldsMessagesUntilReconnectedThenSendsThemInOrder() throws Exception {
    TestServer server = recordingServer();
    PushClient client = connected(fastClient(server.uri()).outbox(10).requestTimeout(Duration.ofSeconds(20)));
    takeDown(server, client);

    CompletableFuture<Void> sent = client.send(new GetTask("a"));
    CompletableFuture<TaskStatus> reply = client.request(new GetTask("b"), TaskStatus.class);
    server.startAgain();

    sent.get(20, TimeUnit.SECONDS);
    assertEquals(new TaskStatus("b", TaskState.RUNNING, null, null, null), reply.get(20, TimeUnit.SECONDS));
    assertEquals(List.of("a", "b"), asked.all());
  }

  @Test
  void fullOutboxRefusesTheNewestMessageAndKeepsTheOthers() throws Exception {
    TestServer server = recordingServer();
    PushClient client = connected(fastClient(server.uri()).outbox(2));
    takeDown(server, client);
    CompletableFuture<Void> first = client.send(new GetTask("a"));
    CompletableFuture<Void> second = client.send(new GetTask("b"));

    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> client.send(new GetTask("c")).get(5, TimeUnit.SECONDS));

    assertEquals(2, assertInstanceOf(OutboxFullException.class, failure.getCause()).capacity());
    assertFalse(first.isDone() || second.isDone());
    server.startAgain();
    CompletableFuture.allOf(first, second).get(20, TimeUnit.SECONDS);
    await().until(() -> asked.size() == 2);
    assertEquals(List.of("a", "b"), asked.all());
  }

  @Test
  void requestThatTimesOutInTheOutboxIsNeverSent() throws Exception {
    TestServer server = recordingServer();
    PushClient client = connected(fastClient(server.uri()).outbox(10).requestTimeout(Duration.ofMillis(200)));
    takeDown(server, client);

    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> client.request(new GetTask("late")).get(10, TimeUnit.SECONDS));
    CompletableFuture<Void> marker = client.send(new GetTask("marker"));
    server.startAgain();

    assertInstanceOf(RequestTimeoutException.class, failure.getCause());
    marker.get(20, TimeUnit.SECONDS);
    await().until(() -> asked.size() == 1);
    assertEquals(List.of("marker"), asked.all());
  }

  @Test
  void closingFailsWhatWaitsInTheOutbox() {
    TestServer server = recordingServer();
    PushClient client = connected(fastClient(server.uri()).outbox(10));
    takeDown(server, client);
    CompletableFuture<Void> queued = client.send(new GetTask("a"));

    client.close();

    ExecutionException failure = assertThrows(ExecutionException.class, () -> queued.get(10, TimeUnit.SECONDS));
    assertInstanceOf(DisconnectedException.class, failure.getCause());
  }
}
