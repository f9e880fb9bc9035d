package io.pushwire.client;

import static io.pushwire.client.Messages.progress;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.protocol.TaskProgress;
import io.pushwire.server.Limits;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackpressureTest extends ClientTestSupport {

  @Test
  void stuckListenerPushesBackUntilTheServerDropsTheSlowConsumerAndTheClientReconnects() throws Exception {
    TestServer server = track(TestServer.start(FIRST_MESSAGE_ENDPOINT,
        Limits.builder().outboundQueue(64, 1 << 20).build(), hub -> { }));
    PushClient client = connected(fastClient(server.uri()).heartbeatDisabled());
    CountDownLatch release = new CountDownLatch(1);
    track(release::countDown);
    Recorder<StateChange> states = new Recorder<>();
    client.onStateChange(states);
    client.on(TaskProgress.class, message -> {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    client.subscribe("task:progress").get(10, TimeUnit.SECONDS);

    long start = System.nanoTime();
    while (server.hub().stats().closedSlow() == 0 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20)) {
      for (int i = 0; i < 1_000; i++) {
        server.hub().publish("task:progress", progress("t" + i, 1));
      }
    }
    assertTrue(server.hub().stats().closedSlow() == 1, "the server never found the client slow");
    release.countDown();

    await().until(() -> states.any(closedWith(4000)));
    await().atMost(Duration.ofSeconds(10)).until(() -> client.state() == ConnectionState.OPEN
        && server.hub().stats().connectionsOpened() == 2);
  }
}
