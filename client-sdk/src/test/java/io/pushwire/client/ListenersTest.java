package io.pushwire.client;

import static io.pushwire.client.Messages.progress;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.protocol.CustomEvent;
import io.pushwire.protocol.Ping;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.protocol.codec.PushwireCodec;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import javax.swing.SwingUtilities;
import org.junit.jupiter.api.Test;

class ListenersTest extends ClientTestSupport {

  /** An application's own message type. */
  record DeployFinished(String service, int version) {
  }

  @Test
  void throwingListenerIsIsolatedAndDeliveryContinues() throws Exception {
    TestServer server = server();
    PushClient client = connected(fastClient(server.uri()));
    AtomicInteger thrown = new AtomicInteger();
    Recorder<TaskProgress> received = new Recorder<>();
    client.on(TaskProgress.class, message -> {
      thrown.incrementAndGet();
      throw new IllegalStateException("listener bug");
    });
    client.on(TaskProgress.class, received);
    client.subscribe("task:progress").get(10, TimeUnit.SECONDS);

    server.hub().publish("task:progress", progress("t1", 1));
    server.hub().publish("task:progress", progress("t1", 2));

    await().until(() -> received.size() == 2);
    assertEquals(List.of(progress("t1", 1), progress("t1", 2)), received.all());
    assertEquals(2, thrown.get());
    assertEquals(ConnectionState.OPEN, client.state());
  }

  @Test
  void frameOfAnUnknownTypeGoesToTheCatchAllWithItsText() throws Exception {
    TestServer server = server();
    PushClient client = connected(fastClient(server.uri()));
    Recorder<UnknownFrame> unknown = new Recorder<>();
    client.onUnknown(unknown);
    client.subscribe("deploys").get(10, TimeUnit.SECONDS);

    server.hub().publish("deploys", new CustomEvent<>("deploy_finished", new DeployFinished("billing", 42)));

    await().until(() -> unknown.size() == 1);
    UnknownFrame frame = unknown.all().get(0);
    assertEquals("deploy_finished", frame.type());
    assertTrue(frame.text().contains("\"service\":\"billing\""), frame.text());
    assertEquals(ConnectionState.OPEN, client.state());
  }

  @Test
  void typeRegisteredWithTheCodecArrivesAsACustomEvent() throws Exception {
    TestServer server = server();
    PushClient client = connected(fastClient(server.uri())
        .codec(PushwireCodec.builder().register("deploy_finished", DeployFinished.class).build()));
    Recorder<CustomEvent<?>> received = new Recorder<>();
    client.on(CustomEvent.class, received::onMessage);
    client.subscribe("deploys").get(10, TimeUnit.SECONDS);

    server.hub().publish("deploys", new CustomEvent<>("deploy_finished", new DeployFinished("billing", 42)));

    await().until(() -> received.size() == 1);
    assertEquals(new CustomEvent<>("deploy_finished", new DeployFinished("billing", 42)), received.all().get(0));
  }

  @Test
  void callbacksAndFutureCompletionsRunOnTheConfiguredExecutor() throws Exception {
    ExecutorService ui = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "ui-thread"));
    track(ui::shutdownNow);
    TestServer server = server();
    Recorder<String> threads = new Recorder<>();
    PushClient client = track(fastClient(server.uri()).callbackExecutor(ui).build());
    client.onStateChange(change -> threads.onMessage("state:" + Thread.currentThread().getName()));
    client.on(TaskProgress.class, message -> threads.onMessage("message:" + Thread.currentThread().getName()));

    // A stage attached after its future completed runs on the attaching thread, so each stage is
    // attached while the ui thread is held: the completion, queued behind the hold, comes later.
    String connectedOn = whileHeld(ui, () -> client.connect().thenApply(ok -> Thread.currentThread().getName()))
        .get(20, TimeUnit.SECONDS);
    client.subscribe("task:progress").get(10, TimeUnit.SECONDS);
    server.hub().publish("task:progress", progress("t1", 1));
    String repliedOn = whileHeld(ui, () -> client.request(new Ping()).thenApply(pong -> Thread.currentThread().getName()))
        .get(10, TimeUnit.SECONDS);

    await().until(() -> threads.size() == 3);
    assertEquals(Set.of("state:ui-thread", "message:ui-thread"), Set.copyOf(threads.all()));
    assertEquals("ui-thread", connectedOn);
    assertEquals("ui-thread", repliedOn);
  }

  /** Runs {@code start} while {@code executor}'s one thread is busy, so nothing it runs for the client runs before. */
  private static <T> CompletableFuture<T> whileHeld(Executor executor,
      Supplier<CompletableFuture<T>> start) {
    CountDownLatch hold = new CountDownLatch(1);
    executor.execute(() -> {
      try {
        hold.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try {
      return start.get();
    } finally {
      hold.countDown();
    }
  }

  @Test
  void swingInvokeLaterRunsEveryCallbackOnTheEventDispatchThread() throws Exception {
    System.setProperty("java.awt.headless", "true");
    TestServer server = server();
    Recorder<Boolean> onEdt = new Recorder<>();
    PushClient client = track(fastClient(server.uri()).callbackExecutor(SwingUtilities::invokeLater).build());
    client.onStateChange(change -> onEdt.onMessage(SwingUtilities.isEventDispatchThread()));
    client.on(TaskProgress.class, message -> onEdt.onMessage(SwingUtilities.isEventDispatchThread()));

    boolean connectedOnEdt = whileHeld(SwingUtilities::invokeLater,
        () -> client.connect().thenApply(ok -> SwingUtilities.isEventDispatchThread())).get(20, TimeUnit.SECONDS);
    client.subscribe("task:progress").get(10, TimeUnit.SECONDS);
    server.hub().publish("task:progress", progress("t1", 1));

    await().until(() -> onEdt.size() == 3);
    assertEquals(List.of(true, true, true), onEdt.all());
    assertTrue(connectedOnEdt);
  }

  @Test
  void defaultCallbacksArriveInOrderOnOneClientThread() throws Exception {
    TestServer server = server();
    PushClient client = connected(fastClient(server.uri()));
    Recorder<TaskProgress> received = new Recorder<>();
    Recorder<String> threads = new Recorder<>();
    client.on(TaskProgress.class, message -> {
      threads.onMessage(Thread.currentThread().getName());
      received.onMessage(message);
    });
    client.subscribe("task:progress").get(10, TimeUnit.SECONDS);

    IntStream.range(0, 200).forEach(i -> server.hub().publish("task:progress", progress("t" + i, 1)));

    await().until(() -> received.size() == 200);
    assertEquals(IntStream.range(0, 200).mapToObj(i -> progress("t" + i, 1)).toList(), received.all());
    assertEquals(1, Set.copyOf(threads.all()).size());
    assertTrue(threads.all().get(0).matches("pushwire-client-\\d+-callbacks"), threads.all().get(0));
  }

  @Test
  void cancelledRegistrationReceivesNothingFurther() throws Exception {
    TestServer server = server();
    PushClient client = connected(fastClient(server.uri()));
    Recorder<TaskProgress> cancelled = new Recorder<>();
    Recorder<TaskProgress> kept = new Recorder<>();
    client.on(TaskProgress.class, cancelled).cancel();
    client.on(TaskProgress.class, kept);
    client.subscribe("task:progress").get(10, TimeUnit.SECONDS);

    server.hub().publish("task:progress", progress("t1", 1));

    await().until(() -> kept.size() == 1);
    assertEquals(0, cancelled.size());
  }

  @Test
  void listenerForASupertypeSeesEveryPushedMessage() throws Exception {
    TestServer server = server();
    PushClient client = connected(fastClient(server.uri()));
    Recorder<Object> all = new Recorder<>();
    client.on(io.pushwire.protocol.ServerMessage.class, all::onMessage);
    client.subscribe("task:progress").get(10, TimeUnit.SECONDS);

    server.hub().publish("task:progress", progress("t1", 1));
    server.hub().broadcast(new io.pushwire.protocol.CommonReply("hello"));

    await().until(() -> all.size() == 2);
    assertEquals(List.of(progress("t1", 1), new io.pushwire.protocol.CommonReply("hello")), all.all());
  }
}
