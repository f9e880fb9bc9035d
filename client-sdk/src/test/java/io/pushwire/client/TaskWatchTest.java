package io.pushwire.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pushwire.client.tasks.TaskStyle;
import io.pushwire.client.tasks.TaskUpdate.Phase;
import io.pushwire.client.tasks.TaskWatch;
import io.pushwire.protocol.CloseCode;
import io.pushwire.protocol.Progress;
import io.pushwire.server.Dialect;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Limits;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.tasks.NewTask;
import io.pushwire.server.tasks.TaskChange;
import io.pushwire.server.tasks.TaskFeature;
import io.pushwire.server.tasks.TaskRegistry;
import io.pushwire.server.tasks.TaskResult;
import io.pushwire.server.tasks.TaskTopics;
import io.pushwire.server.tasks.TaskVocabulary;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@code watchTasks} against the server's TaskFeature, one endpoint per document, mounted as
 * docs/tasks.md §1 mounts them.
 */
class TaskWatchTest extends ClientTestSupport {

  private static final String SEED_002 = "/video-generation_status";
  private static final String SEED_003 = "/ws/task";
  private static final String SEED_004 = "/ws/video";
  private static final List<EndpointSpec> ENDPOINTS = List.of(
      EndpointSpec.builder(SEED_002).auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.FLAT).build(),
      EndpointSpec.builder(SEED_003).auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.ENVELOPE_MILLIS)
          .declaredTopics(Set.of(TaskTopics.PROGRESS, TaskTopics.STATUS)).build(),
      EndpointSpec.builder(SEED_004).auth(AuthMode.FIRST_MESSAGE).dialect(Dialect.PAYLOAD_MILLIS).build());
  private static final TaskResult VIDEO = new TaskResult("Sunset", null, null, "https://cdn.example.com/v.mp4", Map.of());

  private final AtomicReference<TaskRegistry> registry = new AtomicReference<>();
  private TestServer server;

  private TaskRegistry tasks() {
    return registry.get();
  }

  private void startServer() {
    AtomicReference<TaskFeature> feature = new AtomicReference<>();
    track(() -> feature.get().close());
    server = track(TestServer.start(ENDPOINTS, Limits.defaults(), hub -> {
      registry.set(TaskRegistry.builder().build());
      feature.set(TaskFeature.builder(hub, registry.get())
          .endpoint(SEED_002, TaskVocabulary.TASK_STATUS_UPDATE)
          .endpoint(SEED_003, TaskVocabulary.TASK_TOPICS)
          .endpoint(SEED_004, TaskVocabulary.TASK_UPDATED)
          .install());
    }));
  }

  /** A connected client of the endpoint of {@code style}. */
  private PushClient client(TaskStyle style) {
    String path = switch (style) {
      case TASK_STATUS_UPDATE -> SEED_002;
      case TASK_TOPICS -> SEED_003;
      case TASK_UPDATED -> SEED_004;
    };
    TokenPlacement placement = style == TaskStyle.TASK_UPDATED ? TokenPlacement.FIRST_MESSAGE
        : TokenPlacement.QUERY_PARAMETER;
    return connected(fastClient(server.uri(path)).token(TestServer.TOKEN, placement).taskStyle(style));
  }

  private static Progress percent(int percent) {
    return new Progress(100, percent, 0, "item " + percent, percent, "working");
  }

  /** Drops the client's connection with 4000 and waits until it is open again. */
  private void reconnect(PushClient client) {
    Recorder<StateChange> states = new Recorder<>();
    client.onStateChange(states);
    server.hub().disconnect(server.onlyConnection(), CloseCode.SLOW_CONSUMER);
    await().until(() -> states.any(change -> change.state() == ConnectionState.OPEN));
  }

  // ------------------------------------------------------------------ seed 003

  @Test
  void seed003WatchGetsTheCurrentStateThenEveryChangeToTheEnd() {
    startServer();
    tasks().create(NewTask.of("task_123"));
    tasks().start("task_123");
    PushClient client = client(TaskStyle.TASK_TOPICS);
    UpdateRecorder seen = new UpdateRecorder();

    TaskWatch watch = client.watchTasks(List.of("task_123"), seen);
    await().until(() -> seen.size() >= 1);
    tasks().progress("task_123", percent(45));
    tasks().complete("task_123", VIDEO);

    await().until(() -> seen.last() != null && seen.last().terminal());
    assertEquals(List.of(Phase.RUNNING, Phase.COMPLETED), seen.phases());
    assertEquals(45.0, seen.last().percentage(), "progress carried into the final status");
    assertEquals(Set.of(), watch.taskIds(), "a finished task is no longer watched");
  }

  @Test
  void seed003WatchHearsOnlyItsTasks() {
    startServer();
    tasks().create(NewTask.of("mine"));
    tasks().create(NewTask.of("other"));
    PushClient client = client(TaskStyle.TASK_TOPICS);
    UpdateRecorder seen = new UpdateRecorder();

    client.watchTasks(List.of("mine"), seen);
    await().until(() -> seen.size() >= 1);
    tasks().start("other");
    tasks().start("mine");

    await().until(() -> seen.last().phase() == Phase.RUNNING);
    assertEquals(List.of("mine"), seen.taskIds());
  }

  @Test
  void seed003WatchSendsTheCurrentStateAgainAfterAReconnectAndCarriesOn() {
    startServer();
    tasks().create(NewTask.of("task_123"));
    PushClient client = client(TaskStyle.TASK_TOPICS);
    UpdateRecorder seen = new UpdateRecorder();
    client.watchTasks(List.of("task_123"), seen);
    await().until(() -> seen.size() >= 1);
    int before = seen.size();

    reconnect(client);
    await().until(() -> seen.size() > before); // the state again, on the new connection
    tasks().fail("task_123", "exchange API returned 503");

    await().until(() -> seen.last().terminal());
    assertEquals(List.of(Phase.QUEUED, Phase.FAILED), seen.phases());
    assertEquals("exchange API returned 503", seen.last().error());
  }

  @Test
  void seed003WatchOfEverythingHearsEveryTask() {
    startServer();
    PushClient client = client(TaskStyle.TASK_TOPICS);
    UpdateRecorder seen = new UpdateRecorder();

    client.watchAllTasks(seen);
    await().until(() -> client.subscriptions().contains(TaskTopics.STATUS) && server.hub().stats().subscriptions() == 2);
    tasks().create(NewTask.of("a"));
    tasks().create(NewTask.of("b"));
    tasks().start("b");

    await().until(() -> seen.updates().stream().anyMatch(u -> u.taskId().equals("b") && u.phase() == Phase.RUNNING));
    assertEquals(List.of("a", "b"), seen.taskIds());
  }

  @Test
  void seed003UnknownTaskIsRefused() {
    startServer();
    PushClient client = client(TaskStyle.TASK_TOPICS);
    UpdateRecorder seen = new UpdateRecorder();

    TaskWatch watch = client.watchTasks(List.of("task_999"), seen);

    await().until(() -> !seen.refusals().isEmpty());
    assertEquals(List.of("task_999: task task_999 does not exist"), seen.refusals());
    assertEquals(Set.of(), watch.taskIds());
  }

  // ------------------------------------------------------------------ seed 004

  @Test
  void seed004WatchGetsTheCurrentStateThenEveryChangeToTheEnd() {
    startServer();
    tasks().create(NewTask.of("video_yyy").ownedBy("bob"));
    PushClient client = client(TaskStyle.TASK_UPDATED);
    UpdateRecorder seen = new UpdateRecorder();

    client.watchTasks(List.of("video_yyy"), seen);
    await().until(() -> seen.size() >= 1);
    tasks().start("video_yyy");
    tasks().progress("video_yyy", TaskChange.percent(40));
    tasks().complete("video_yyy", VIDEO);

    await().until(() -> seen.last() != null && seen.last().terminal());
    assertEquals(List.of(Phase.QUEUED, Phase.RUNNING, Phase.COMPLETED), seen.phases());
    assertEquals("https://cdn.example.com/v.mp4", seen.last().resultUrl());
    assertEquals(40.0, seen.last().percentage(), "the last progress, carried into the final update");
  }

  @Test
  void seed004WatchSendsTheCurrentStateAgainAfterAReconnectAndCarriesOn() {
    startServer();
    tasks().create(NewTask.of("video_yyy").ownedBy("bob"));
    tasks().start("video_yyy");
    PushClient client = client(TaskStyle.TASK_UPDATED);
    UpdateRecorder seen = new UpdateRecorder();
    client.watchTasks(List.of("video_yyy"), seen);
    await().until(() -> seen.size() == 1);

    reconnect(client);
    await().until(() -> seen.size() == 2); // subscribe_task again: the state again
    tasks().fail("video_yyy", "content policy violation");

    await().until(() -> seen.size() == 3);
    assertEquals(List.of(Phase.RUNNING, Phase.RUNNING, Phase.FAILED),
        seen.updates().stream().map(u -> u.phase()).toList());
  }

  @Test
  void seed004UnknownTaskIsRefusedAndTheOthersAreWatched() {
    startServer();
    tasks().create(NewTask.of("video_xxx").ownedBy("bob"));
    PushClient client = client(TaskStyle.TASK_UPDATED);
    UpdateRecorder seen = new UpdateRecorder();

    TaskWatch watch = client.watchTasks(List.of("video_zzz", "video_xxx"), seen);

    await().until(() -> !seen.refusals().isEmpty() && seen.size() == 1);
    assertEquals(List.of("video_zzz: task video_zzz does not exist"), seen.refusals());
    assertEquals(Set.of("video_xxx"), watch.taskIds());
  }

  @Test
  void seed004WatchOfEverythingHearsTheUsersOwnTasks() {
    startServer();
    tasks().create(NewTask.of("mine").ownedBy(TestServer.USER));
    tasks().create(NewTask.of("bobs").ownedBy("bob"));
    PushClient client = client(TaskStyle.TASK_UPDATED);
    UpdateRecorder seen = new UpdateRecorder();

    client.watchAllTasks(seen);
    tasks().start("bobs");
    tasks().start("mine");

    await().until(() -> seen.size() >= 1 && seen.last().phase() == Phase.RUNNING);
    assertEquals(List.of("mine"), seen.taskIds(), "the user room carries only the user's tasks");
  }

  @Test
  void closedWatchHearsNothingMore() {
    startServer();
    tasks().create(NewTask.of("closed").ownedBy("bob"));
    tasks().create(NewTask.of("marker").ownedBy("bob"));
    PushClient client = client(TaskStyle.TASK_UPDATED);
    UpdateRecorder closedOne = new UpdateRecorder();
    UpdateRecorder marker = new UpdateRecorder();
    TaskWatch watch = client.watchTasks(List.of("closed"), closedOne);
    await().until(() -> closedOne.size() == 1);

    watch.close();
    client.watchTasks(List.of("marker"), marker);
    await().until(() -> marker.size() == 1);
    tasks().start("closed");
    tasks().start("marker");

    await().until(() -> marker.size() == 2);
    assertEquals(1, closedOne.size());
  }

  // ------------------------------------------------------------------ seed 002

  @Test
  void seed002WatchGetsTheCurrentStateThenTheEndWithItsCard() {
    startServer();
    tasks().create(NewTask.of("gen_1001"));
    PushClient client = client(TaskStyle.TASK_STATUS_UPDATE);
    UpdateRecorder seen = new UpdateRecorder();

    client.watchTasks(List.of("gen_1001"), seen);
    await().until(() -> seen.size() >= 1);
    tasks().complete("gen_1001", VIDEO);

    await().until(() -> seen.last().terminal());
    assertEquals(List.of(Phase.RUNNING, Phase.COMPLETED), seen.phases(), "seed 002 says generating until done");
    assertEquals("https://cdn.example.com/v.mp4", seen.last().resultUrl());
  }

  @Test
  void seed002HasNoWatchOfEverything() {
    PushClient client = track(fastClient(java.net.URI.create("ws://127.0.0.1:9" + SEED_002))
        .taskStyle(TaskStyle.TASK_STATUS_UPDATE).build());

    assertThrows(UnsupportedOperationException.class, () -> client.watchAllTasks(new UpdateRecorder()));
  }
}
