package io.pushwire.client;

import static io.pushwire.client.Messages.progress;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pushwire.protocol.ErrorCode;
import io.pushwire.protocol.Subscribe;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.server.Dialect;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Limits;
import io.pushwire.server.auth.AuthMode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SubscriptionsTest extends ClientTestSupport {

  private static final EndpointSpec DECLARED = EndpointSpec.builder("/ws").auth(AuthMode.FIRST_MESSAGE)
      .dialect(Dialect.ENVELOPE_MILLIS).declaredTopics(Set.of("task:progress", "task:status")).build();

  @Test
  void subscribeCompletesWhenTheServerAcknowledges() throws Exception {
    TestServer server = server();
    PushClient client = connected(fastClient(server.uri()));

    client.subscribe("task:progress").get(10, TimeUnit.SECONDS);

    assertEquals(1, server.hub().stats().subscriptions());
    assertEquals(Set.of("task:progress"), client.subscriptions());
  }

  @Test
  void subscribeToAnUndeclaredTopicFailsWithTopicNotFoundAndIsForgotten() throws Exception {
    TestServer server = track(TestServer.start(DECLARED));
    PushClient client = connected(fastClient(server.uri()));

    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> client.subscribe("no:such:topic").get(10, TimeUnit.SECONDS));

    RequestFailedException refused = assertInstanceOf(RequestFailedException.class, failure.getCause());
    assertEquals(ErrorCode.TOPIC_NOT_FOUND, refused.code());
    assertEquals(Set.of(), client.subscriptions());
  }

  @Test
  void subscriptionLimitIsReportedWithTheServersCode() throws Exception {
    TestServer server = track(TestServer.start(FIRST_MESSAGE_ENDPOINT,
        Limits.builder().maxSubscriptionsPerConnection(1).build(), hub -> { }));
    PushClient client = connected(fastClient(server.uri()));

    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> client.subscribe("a", "b").get(10, TimeUnit.SECONDS));

    assertEquals(ErrorCode.SUBSCRIPTION_LIMIT_EXCEEDED,
        assertInstanceOf(RequestFailedException.class, failure.getCause()).code());
  }

  @Test
  void subscribeBeforeConnectIsSentOnceConnected() throws Exception {
    TestServer server = server();
    PushClient client = track(fastClient(server.uri()).build());
    var subscribed = client.subscribe("task:progress");

    client.connect().get(20, TimeUnit.SECONDS);

    subscribed.get(10, TimeUnit.SECONDS);
    assertEquals(1, server.hub().stats().subscriptions());
  }

  @Test
  void eventSubscriptionWithFiltersReceivesOnlyMatchingMessages() throws Exception {
    TestServer server = server();
    PushClient client = connected(fastClient(server.uri()));
    Recorder<TaskProgress> received = new Recorder<>();
    client.on(TaskProgress.class, received);
    client.subscribe(Subscribe.events(List.of("task:progress"), Map.of("task_id", List.of("t2"))))
        .get(10, TimeUnit.SECONDS);

    server.hub().publish("task:progress", progress("t1", 1));
    server.hub().publish("task:progress", progress("t2", 2));

    await().until(() -> received.size() == 1);
    assertEquals(List.of(progress("t2", 2)), received.all());
  }

  @Test
  void unsubscribeStopsDeliveryAndIsForgotten() throws Exception {
    TestServer server = server();
    PushClient client = connected(fastClient(server.uri()));
    Recorder<TaskProgress> received = new Recorder<>();
    client.on(TaskProgress.class, received);
    client.subscribe("task:progress", "task:marker").get(10, TimeUnit.SECONDS);

    client.unsubscribe("task:progress").get(10, TimeUnit.SECONDS);
    server.hub().publish("task:progress", progress("dropped", 1));
    server.hub().publish("task:marker", progress("marker", 1));

    await().until(() -> received.size() == 1);
    assertEquals(List.of(progress("marker", 1)), received.all());
    assertEquals(Set.of("task:marker"), client.subscriptions());
  }
}
