package io.pushwire.client;

import static io.pushwire.client.Messages.progress;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.client.reconnect.Disconnect;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.server.Dialect;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.auth.AuthMode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConnectAndAuthTest extends ClientTestSupport {

  private static final EndpointSpec BEARER_ENDPOINT = EndpointSpec.builder("/ws/bearer")
      .auth(AuthMode.BEARER_HEADER).dialect(Dialect.ENVELOPE_ISO).build();
  private static final EndpointSpec QUERY_ENDPOINT = EndpointSpec.builder("/ws/query")
      .auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.ENVELOPE_MILLIS).build();

  @Test
  void firstMessageAuthOpensAndTypedListenerReceivesPublishedMessage() throws Exception {
    TestServer server = server();
    PushClient client = track(fastClient(server.uri()).build());
    Recorder<TaskProgress> received = new Recorder<>();
    client.on(TaskProgress.class, received);
    var subscribed = client.subscribe("task:progress");
    client.connect().get(20, TimeUnit.SECONDS);
    subscribed.get(10, TimeUnit.SECONDS);

    server.hub().publish("task:progress", progress("t1", 3));

    await().until(() -> received.size() == 1);
    assertEquals(List.of(progress("t1", 3)), received.all());
    assertEquals(ConnectionState.OPEN, client.state());
  }

  @Test
  void stateListenerSeesConnectingThenOpen() throws Exception {
    TestServer server = server();
    PushClient client = track(fastClient(server.uri()).build());
    Recorder<StateChange> states = new Recorder<>();
    client.onStateChange(states);
    client.connect().get(20, TimeUnit.SECONDS);

    await().until(() -> states.size() == 2);
    assertEquals(List.of(
        new StateChange(ConnectionState.CONNECTING, 1, java.util.Optional.empty(), java.util.Optional.empty()),
        new StateChange(ConnectionState.OPEN, 1, java.util.Optional.empty(), java.util.Optional.empty())),
        states.all());
  }

  @Test
  void refusedFirstMessageTokenFailsConnectAndNeverRetries() {
    TestServer server = server();
    PushClient client = track(fastClient(server.uri()).token("wrong", TokenPlacement.FIRST_MESSAGE).build());
    Recorder<StateChange> states = new Recorder<>();
    client.onStateChange(states);

    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> client.connect().get(20, TimeUnit.SECONDS));

    AuthenticationFailedException refused = assertInstanceOf(AuthenticationFailedException.class, failure.getCause());
    assertInstanceOf(Disconnect.AuthenticationRefused.class, refused.disconnect());
    await().until(() -> states.any(StateChange::isFinal));
    // With 20 ms backoff a retry loop would have made dozens of attempts by now.
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10))
        .until(() -> server.hub().stats().connectionsOpened() == 1);
    assertEquals(ConnectionState.CLOSED, client.state());
    assertEquals(1, states.count(change -> change.state() == ConnectionState.CONNECTING));
  }

  @Test
  void refusedBearerTokenFailsTheHandshakeAndNeverRetries() {
    TestServer server = track(TestServer.start(BEARER_ENDPOINT));
    PushClient client = track(fastClient(server.uri()).token("wrong", TokenPlacement.BEARER_HEADER).build());

    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> client.connect().get(20, TimeUnit.SECONDS));

    AuthenticationFailedException refused = assertInstanceOf(AuthenticationFailedException.class, failure.getCause());
    assertEquals(new Disconnect.AuthenticationRefused("HTTP 401 at the handshake"), refused.disconnect());
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10))
        .until(() -> server.hub().stats().authFailures() == 1);
    assertEquals(ConnectionState.CLOSED, client.state());
  }

  @Test
  void bearerHeaderTokenAndClientIdAuthenticate() throws Exception {
    TestServer server = track(TestServer.start(BEARER_ENDPOINT));
    connected(fastClient(server.uri()).token(TestServer.TOKEN, TokenPlacement.BEARER_HEADER).clientId("desk-7"));

    var principal = server.onlyPrincipal();
    assertEquals("desk-7", principal.clientId());
    assertEquals(TestServer.USER, principal.userId());
  }

  @Test
  void queryParameterTokenAndClientIdAuthenticate() throws Exception {
    TestServer server = track(TestServer.start(QUERY_ENDPOINT));
    connected(fastClient(server.uri()).token(TestServer.TOKEN, TokenPlacement.QUERY_PARAMETER).clientId("svc a&b"));

    assertEquals("svc a&b", server.onlyPrincipal().clientId());
  }

  @Test
  void tokenSupplierIsAskedOnEveryAttempt() throws Exception {
    TestServer server = server();
    java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    PushClient client = connected(fastClient(server.uri()).token(() -> {
      asked.incrementAndGet();
      return TestServer.TOKEN;
    }, TokenPlacement.FIRST_MESSAGE));

    server.hub().disconnect(server.onlyConnection(), io.pushwire.protocol.CloseCode.SLOW_CONSUMER);

    await().until(() -> asked.get() == 2 && client.state() == ConnectionState.OPEN);
  }

  @Test
  void builderRefusesWhatCannotWork() {
    assertThrows(IllegalArgumentException.class, () -> PushClient.builder("http://127.0.0.1/ws"));
    assertThrows(IllegalArgumentException.class,
        () -> PushClient.builder("ws://127.0.0.1/ws").heartbeat(Duration.ofSeconds(60), Duration.ofSeconds(30)));
    assertThrows(IllegalArgumentException.class, () -> PushClient.builder("ws://127.0.0.1/ws").outbox(-1));
    assertThrows(IllegalArgumentException.class, () -> PushClient.builder("ws://127.0.0.1/ws").maxPendingRequests(0));
    assertTrue(PushClient.builder("ws://127.0.0.1/ws").build().subscriptions().isEmpty());
  }
}
