package io.pushwire.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.client.reconnect.Disconnect;
import io.pushwire.protocol.CloseCode;
import io.pushwire.protocol.ErrorCode;
import io.pushwire.protocol.GetTask;
import io.pushwire.protocol.GetTasks;
import io.pushwire.protocol.Ping;
import io.pushwire.protocol.Pong;
import io.pushwire.protocol.ServerMessage;
import io.pushwire.protocol.TaskList;
import io.pushwire.protocol.TaskState;
import io.pushwire.protocol.TaskStatus;
import io.pushwire.server.Limits;
import io.pushwire.server.requests.RequestContext;
import io.pushwire.server.requests.RequestException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RequestsTest extends ClientTestSupport {

  private static final Instant STARTED = Instant.parse("2024-03-01T10:00:00Z");

  /** Answers get_task for t1, refuses other ids, and never answers get_tasks. */
  private TestServer taskServer() {
    return track(TestServer.start(FIRST_MESSAGE_ENDPOINT, Limits.defaults(), hub -> {
      hub.onRequest(GetTask.class, (request, ctx) -> {
        if (!request.taskId().equals("t1")) {
          throw new RequestException(ErrorCode.TASK_NOT_FOUND, "no task " + request.taskId());
        }
        ctx.reply(new TaskStatus("t1", TaskState.RUNNING, STARTED, null, null));
      });
      hub.onRequest(GetTasks.class, (request, ctx) -> { });
    }));
  }

  @Test
  void requestCompletesWithTheTypedReply() throws Exception {
    PushClient client = connected(fastClient(taskServer().uri()));

    TaskStatus status = client.request(new GetTask("t1"), TaskStatus.class).get(10, TimeUnit.SECONDS);

    assertEquals(new TaskStatus("t1", TaskState.RUNNING, STARTED, null, null), status);
  }

  @Test
  void pingIsAnsweredWithPong() throws Exception {
    PushClient client = connected(fastClient(server().uri()));

    ServerMessage reply = client.request(new Ping()).get(10, TimeUnit.SECONDS);

    assertInstanceOf(Pong.class, reply);
  }

  @Test
  void errorReplyFailsTheRequestWithTheServersError() {
    PushClient client = connected(fastClient(taskServer().uri()));

    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> client.request(new GetTask("t9"), TaskStatus.class).get(10, TimeUnit.SECONDS));

    RequestFailedException failed = assertInstanceOf(RequestFailedException.class, failure.getCause());
    assertEquals(ErrorCode.TASK_NOT_FOUND, failed.code());
    assertEquals("no task t9", failed.error().message());
  }

  @Test
  void requestWithoutHandlerFailsWithUnsupportedRequest() {
    PushClient client = connected(fastClient(server().uri()));

    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> client.request(new GetTask("t1"), TaskStatus.class).get(10, TimeUnit.SECONDS));

    assertEquals(ErrorCode.UNSUPPORTED_REQUEST,
        assertInstanceOf(RequestFailedException.class, failure.getCause()).code());
  }

  @Test
  void replyOfAnotherTypeFailsWithUnexpectedReply() {
    PushClient client = connected(fastClient(taskServer().uri()));

    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> client.request(new GetTask("t1"), TaskList.class).get(10, TimeUnit.SECONDS));

    UnexpectedReplyException unexpected = assertInstanceOf(UnexpectedReplyException.class, failure.getCause());
    assertInstanceOf(TaskStatus.class, unexpected.reply());
  }

  @Test
  void unansweredRequestTimesOutAfterTheRequestTimeout() {
    PushClient client = connected(fastClient(taskServer().uri()).requestTimeout(Duration.ofMillis(300)));
    long start = System.nanoTime();

    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> client.request(new GetTasks(null), TaskList.class).get(10, TimeUnit.SECONDS));

    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    RequestTimeoutException timeout = assertInstanceOf(RequestTimeoutException.class, failure.getCause());
    assertEquals(Duration.ofMillis(300), timeout.timeout());
    assertTrue(elapsedMillis >= 300 && elapsedMillis < 3_000, "failed after " + elapsedMillis + " ms");
    assertEquals(ConnectionState.OPEN, client.state());
  }

  @Test
  void aReplyThatArrivesAfterItsRequestTimedOutIsDroppedNotDeliveredAsAPush() throws Exception {
    AtomicReference<RequestContext> unanswered = new AtomicReference<>();
    TestServer server = track(TestServer.start(FIRST_MESSAGE_ENDPOINT, Limits.defaults(),
        hub -> hub.onRequest(GetTasks.class, (request, ctx) -> unanswered.set(ctx))));
    PushClient client = connected(fastClient(server.uri()).requestTimeout(Duration.ofMillis(300)));
    Recorder<TaskList> pushes = new Recorder<>();
    client.on(TaskList.class, pushes);

    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> client.request(new GetTasks(null), TaskList.class).get(10, TimeUnit.SECONDS));
    assertInstanceOf(RequestTimeoutException.class, failure.getCause());
    unanswered.get().reply(new TaskList(List.of()));                       // the late reply
    client.request(new Ping(), Pong.class).get(10, TimeUnit.SECONDS);       // after it, in order

    assertEquals(0, pushes.size(), "the late reply reached the listeners");
  }

  @Test
  void lostConnectionFailsPendingRequestsWithDisconnected() {
    TestServer server = taskServer();
    PushClient client = connected(fastClient(server.uri()).requestTimeout(Duration.ofSeconds(30)));
    CompletableFuture<TaskList> pending = client.request(new GetTasks(null), TaskList.class);
    await().until(() -> server.hub().stats().framesIn() >= 2); // auth, then the request

    server.hub().disconnect(server.onlyConnection(), CloseCode.SLOW_CONSUMER);

    ExecutionException failure = assertThrows(ExecutionException.class, () -> pending.get(10, TimeUnit.SECONDS));
    DisconnectedException lost = assertInstanceOf(DisconnectedException.class, failure.getCause());
    assertEquals(4000, ((Disconnect.Closed) lost.disconnect().orElseThrow()).code());
  }

  @Test
  void requestsPastThePendingLimitFailAtOnce() throws Exception {
    PushClient client = connected(fastClient(taskServer().uri()).maxPendingRequests(2));
    client.request(new GetTasks(null));
    client.request(new GetTasks(null));

    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> client.request(new GetTasks(null)).get(5, TimeUnit.SECONDS));

    assertEquals(2, assertInstanceOf(TooManyPendingRequestsException.class, failure.getCause()).limit());
  }

  @Test
  void repliesArriveOnlyAtTheirFuturesNotAtListeners() throws Exception {
    PushClient client = connected(fastClient(taskServer().uri()));
    Recorder<ServerMessage> listened = new Recorder<>();
    client.on(ServerMessage.class, listened);

    List<TaskStatus> replies = List.of(
        client.request(new GetTask("t1"), TaskStatus.class).get(10, TimeUnit.SECONDS),
        client.request(new GetTask("t1"), TaskStatus.class).get(10, TimeUnit.SECONDS));

    assertEquals(2, replies.size());
    assertEquals(List.of(), listened.all());
  }
}
