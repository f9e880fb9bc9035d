package io.pushwire.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pushwire.protocol.GetTasks;
import io.pushwire.protocol.TaskList;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.topics.SubscriptionListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a closed registration takes off the hub, and what it leaves. */
class RegistrationTest {

  private Hub hub;
  private PushServer server;

  @BeforeEach
  void start() {
    hub = TestServers.hub().build();
    server = TestServers.start(hub,
        EndpointSpec.builder("/ws").auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.ENVELOPE_MILLIS).build());
  }

  @AfterEach
  void stop() {
    server.close();
    hub.close();
  }

  private WsClient connect() {
    return WsClient.connect(TestServers.url(server, "/ws?token=" + TestServers.TOKEN));
  }

  @Test
  void aClosedHandlerRegistrationMakesItsTypeUnsupportedAgain() {
    Registration handler = hub.onRequest(GetTasks.class, (request, ctx) -> ctx.reply(new TaskList(List.of())));
    try (WsClient client = connect()) {
      client.send("{\"type\":\"get_tasks\",\"id\":\"g1\",\"data\":{}}");
      assertEquals("g1", client.awaitType("task_list").path("id").asText());

      handler.close();
      handler.close(); // idempotent

      client.send("{\"type\":\"get_tasks\",\"id\":\"g2\",\"data\":{}}");
      assertEquals("UNSUPPORTED_REQUEST", client.await(f -> "g2".equals(f.path("id").asText()))
          .path("error").path("code").asText());
    }
  }

  @Test
  void aStaleRegistrationLeavesTheHandlerThatReplacedIt() {
    Registration first = hub.onRequest(GetTasks.class, (request, ctx) -> ctx.fail(io.pushwire.protocol.ErrorCode.SERVER_ERROR, "old"));
    hub.onRequest(GetTasks.class, (request, ctx) -> ctx.reply(new TaskList(List.of())));
    first.close();
    try (WsClient client = connect()) {
      client.send("{\"type\":\"get_tasks\",\"id\":\"g\",\"data\":{}}");
      assertEquals("task_list", client.await(f -> "g".equals(f.path("id").asText())).path("type").asText());
    }
  }

  @Test
  void aClosedListenerRegistrationIsToldNothingMore() {
    List<String> told = new CopyOnWriteArrayList<>();
    hub.addSubscriptionListener((SubscriptionListener) (topic, ctx) -> told.add("kept " + topic));
    Registration removed = hub.addSubscriptionListener((SubscriptionListener) (topic, ctx) -> told.add("removed " + topic));
    Registration connections = hub.addConnectionListener(new ConnectionListener() {
      @Override
      public void onAuthenticated(io.pushwire.server.requests.RequestContext context) {
        told.add("authenticated");
      }
    });
    removed.close();
    connections.close();
    try (WsClient client = connect()) {
      client.send("{\"type\":\"subscribe\",\"id\":\"s\",\"data\":{\"topics\":[\"a\"]}}");
      client.awaitType("ack");
      await().until(() -> told.contains("kept a"));
      assertEquals(List.of("kept a"), told);
    }
  }
}
