package io.pushwire.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.protocol.ErrorCode;
import io.pushwire.protocol.GetTasks;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.requests.RequestException;
import io.pushwire.server.requests.RequestObserver.Outcome;
import io.pushwire.server.tasks.NewTask;
import io.pushwire.server.tasks.TaskFeature;
import io.pushwire.server.tasks.TaskRegistry;
import io.pushwire.server.tasks.TaskTopics;
import io.pushwire.server.tasks.TaskVocabulary;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The request observer: what it is told about each dispatched request, over real sockets. */
class RequestObserverTest {

  private static final String PATH = "/ws/task";

  /** One call of the observer. */
  private record Seen(String type, String endpoint, Outcome outcome, long nanos) {
  }

  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private Hub hub;
  private PushServer server;
  private TaskFeature feature;

  private void start(boolean withTasks) {
    hub = TestServers.hub().build();
    if (withTasks) {
      TaskRegistry registry = TaskRegistry.builder().build();
      registry.create(NewTask.of("t1"));
      feature = TaskFeature.builder(hub, registry).endpoint(PATH, TaskVocabulary.TASK_TOPICS).install();
    }
    server = TestServers.start(hub, EndpointSpec.builder(PATH).auth(AuthMode.QUERY_PARAMETER)
        .dialect(Dialect.ENVELOPE_MILLIS).declaredTopics(Set.of(TaskTopics.PROGRESS, TaskTopics.STATUS)).build());
  }

  @AfterEach
  void stop() {
    if (feature != null) {
      feature.close();
    }
    server.close();
    hub.close();
  }

  private WsClient connect() {
    WsClient client = WsClient.connect(TestServers.url(server, PATH + "?token=" + TestServers.TOKEN));
    await().until(() -> TestServers.authenticatedConnections(hub) == 1);
    return client;
  }

  @Test
  void observerSeesAFeatureHandlersRequestWithItsTypeEndpointOutcomeAndDuration() {
    start(true);
    hub.addRequestObserver((type, endpoint, outcome, nanos) -> seen.add(new Seen(type, endpoint, outcome, nanos)));
    try (WsClient client = connect()) {
      client.send("{\"type\":\"get_task\",\"id\":\"g\",\"data\":{\"task_id\":\"t1\"}}");
      assertEquals("g", client.awaitType("task_status").path("id").asText());
      await().until(() -> seen.size() == 1);
      Seen request = seen.get(0);
      assertEquals("get_task", request.type());
      assertEquals(PATH, request.endpoint());
      assertEquals(Outcome.OK, request.outcome());
      assertTrue(request.nanos() > 0, "duration " + request.nanos());
    }
  }

  @Test
  void aRequestNoHandlerServesIsSeenAsUnsupported() {
    start(false);
    hub.addRequestObserver((type, endpoint, outcome, nanos) -> seen.add(new Seen(type, endpoint, outcome, nanos)));
    try (WsClient client = connect()) {
      client.send("{\"type\":\"get_tasks\",\"id\":\"g\",\"data\":{}}");
      assertEquals("UNSUPPORTED_REQUEST", client.awaitType("error").path("error").path("code").asText());
      await().until(() -> seen.size() == 1);
      assertEquals(new Seen("get_tasks", PATH, Outcome.UNSUPPORTED, seen.get(0).nanos()), seen.get(0));
    }
  }

  @Test
  void aTypedErrorIsSeenAsErrorAndAnythingElseThrownAsFailed() {
    start(false);
    hub.addRequestObserver((type, endpoint, outcome, nanos) -> seen.add(new Seen(type, endpoint, outcome, nanos)));
    try (WsClient client = connect()) {
      hub.onRequest(GetTasks.class, (request, ctx) -> {
        throw new RequestException(ErrorCode.FORBIDDEN, "not yours");
      });
      client.send("{\"type\":\"get_tasks\",\"id\":\"e\",\"data\":{}}");
      client.await(n -> "e".equals(n.path("id").asText()));
      hub.onRequest(GetTasks.class, (request, ctx) -> {
        throw new IllegalStateException("bug");
      });
      client.send("{\"type\":\"get_tasks\",\"id\":\"f\",\"data\":{}}");
      client.await(n -> "f".equals(n.path("id").asText()));
      await().until(() -> seen.size() == 2);
      assertEquals(List.of(Outcome.ERROR, Outcome.FAILED), seen.stream().map(Seen::outcome).toList());
    }
  }

  @Test
  void closingTheRegistrationStopsTheCalls() {
    start(true);
    Registration registration =
        hub.addRequestObserver((type, endpoint, outcome, nanos) -> seen.add(new Seen(type, endpoint, outcome, nanos)));
    try (WsClient client = connect()) {
      client.send("{\"type\":\"get_task\",\"id\":\"g1\",\"data\":{\"task_id\":\"t1\"}}");
      client.await(n -> "g1".equals(n.path("id").asText()));
      await().until(() -> seen.size() == 1);
      registration.close();
      client.send("{\"type\":\"get_task\",\"id\":\"g2\",\"data\":{\"task_id\":\"t1\"}}");
      client.await(n -> "g2".equals(n.path("id").asText()));
      // the observer runs on the reader thread before the next frame is read: a ping's pong orders after it
      client.send("{\"type\":\"ping\",\"id\":\"barrier\"}");
      client.await(n -> "barrier".equals(n.path("id").asText()));
      assertEquals(1, seen.size());
    }
  }
}
