package io.pushwire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.pushwire.client.PushClient;
import io.pushwire.client.StateChange;
import io.pushwire.client.TokenPlacement;
import io.pushwire.client.reconnect.BackoffPolicy;
import io.pushwire.client.reconnect.Disconnect;
import io.pushwire.protocol.CloseCode;
import io.pushwire.protocol.GetTask;
import io.pushwire.protocol.Progress;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.protocol.TaskState;
import io.pushwire.protocol.TaskStatus;
import io.pushwire.server.Dialect;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.auth.TokenAuthenticator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoint configuration deployed in embedded Jetty 12 (ee10 Jakarta WebSocket), with
 * Pushwire's own Java client on the other end.
 */
class EmbeddedJettyTest {

  private Hub hub;
  private EmbeddedJetty jetty;

  @BeforeEach
  void startJetty() throws Exception {
    hub = Hub.builder().authenticator(TokenAuthenticator.single("s3cret", "alice")).build();
    hub.onRequest(GetTask.class, (request, context) ->
        context.reply(new TaskStatus(request.taskId(), TaskState.RUNNING, null, null, null)));
    jetty = EmbeddedJetty.start(hub, List.of(
        EndpointSpec.builder("/push/ws").auth(AuthMode.FIRST_MESSAGE).dialect(Dialect.FLAT).build(),
        EndpointSpec.builder("/push/task").auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.ENVELOPE_MILLIS).build()));
  }

  @AfterEach
  void stopJetty() throws Exception {
    hub.close();
    jetty.close();
  }

  private PushClient client(String path, TokenPlacement placement, String token) {
    return PushClient.builder("ws://127.0.0.1:" + jetty.port() + path)
        .token(token, placement)
        .reconnect(BackoffPolicy.never())
        .build();
  }

  @Test
  void aQueryTokenClientSubscribesReceivesAPublishAndGetsAReply() throws Exception {
    List<TaskProgress> received = new CopyOnWriteArrayList<>();
    try (PushClient client = client("/push/task", TokenPlacement.QUERY_PARAMETER, "s3cret")) {
      client.on(TaskProgress.class, received::add);
      client.connect().get(10, TimeUnit.SECONDS);
      client.subscribe("task:progress").get(10, TimeUnit.SECONDS);
      hub.publish("task:progress", new TaskProgress("t1", new Progress(10, 4, 0, null, 40, "running")));
      Awaitility.await().until(() -> !received.isEmpty());
      assertEquals(40, received.get(0).progress().percentage());
      TaskStatus status = client.request(new GetTask("t1"), TaskStatus.class).get(10, TimeUnit.SECONDS);
      assertEquals(TaskState.RUNNING, status.status());
    }
  }

  @Test
  void firstMessageAuthWorksOnTheFlatEndpoint() throws Exception {
    List<TaskProgress> received = new CopyOnWriteArrayList<>();
    try (PushClient client = client("/push/ws", TokenPlacement.FIRST_MESSAGE, "s3cret")) {
      client.on(TaskProgress.class, received::add);
      client.subscribe("task:progress");
      client.connect().get(10, TimeUnit.SECONDS);   // completes after "auth ok"
      Awaitility.await().until(() -> hub.stats().subscriptions() == 1);
      hub.publish("task:progress", new TaskProgress("t2", new Progress(10, 9, 0, null, 90, "running")));
      Awaitility.await().until(() -> !received.isEmpty());
      assertEquals("t2", received.get(0).taskId());
    }
  }

  /**
   * Outside Tyrus a refused handshake cannot get HTTP 401 (JSR-356 has no portable way), so the
   * connection opens, gets an error frame and is closed with 4500: the client stops for good.
   */
  @Test
  void aRefusedQueryTokenEndsTheClientWithAuthFailed() {
    List<StateChange> changes = new CopyOnWriteArrayList<>();
    try (PushClient client = PushClient.builder("ws://127.0.0.1:" + jetty.port() + "/push/task")
        .token("wrong", TokenPlacement.QUERY_PARAMETER)
        .build()) {                                   // the default policy, which would reconnect
      client.onStateChange(changes::add);
      client.connect();
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> changes.stream().anyMatch(StateChange::isFinal));
      StateChange last = changes.stream().filter(StateChange::isFinal).findFirst().orElseThrow();
      Disconnect.Closed closed = assertInstanceOf(Disconnect.Closed.class, last.cause().orElseThrow());
      assertEquals(CloseCode.AUTH_FAILED.code(), closed.code());
      Awaitility.await().until(() -> hub.stats().connections() == 0);
    }
  }
}
