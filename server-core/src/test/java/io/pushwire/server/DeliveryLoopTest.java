package io.pushwire.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.protocol.CustomEvent;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.auth.Principal;
import io.pushwire.server.transport.DeliveryLoop;
import io.pushwire.server.transport.Handshake;
import io.pushwire.server.transport.HandshakeOutcome;
import io.pushwire.server.transport.TransportEndpoint;
import io.pushwire.server.transport.TransportListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A connection whose engine offers a {@link DeliveryLoop} gets its publications queued on that
 * loop, in order; the loop's lane is bounded for publishers but never makes a loop wait; a
 * stopped loop loses nothing.
 */
class DeliveryLoopTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aConnectionOnALoopIsWrittenOnItsLoopInPublicationOrder() throws Exception {
    try (Hub hub = TestServers.hub().deliveryThreads(2).build();
         ExecutorLoop loopA = new ExecutorLoop("loop-a");
         ExecutorLoop loopB = new ExecutorLoop("loop-b")) {
      TransportEndpoint endpoint = endpoint(hub);
      RecordingTransport onA = open(endpoint, new RecordingTransport(loopA), "a");
      RecordingTransport onA2 = open(endpoint, new RecordingTransport(loopA), "a2");
      RecordingTransport onB = open(endpoint, new RecordingTransport(loopB), "b");
      RecordingTransport noLoop = open(endpoint, new RecordingTransport(null), "c");

      for (int i = 0; i < 500; i++) {
        hub.publish("t", new CustomEvent<>("tick", Map.of("seq", i)));
      }

      for (RecordingTransport t : List.of(onA, onA2, onB, noLoop)) {
        await().atMost(WAIT).until(() -> t.seqs().size() == 500);
        List<Integer> seqs = t.seqs();
        for (int i = 0; i < 500; i++) {
          assertEquals(i, seqs.get(i), "out of order");
        }
      }
      assertEquals(Set.of("loop-a"), onA.writers);
      assertEquals(Set.of("loop-a"), onA2.writers);
      assertEquals(Set.of("loop-b"), onB.writers);
      assertTrue(noLoop.writers.stream().allMatch(n -> n.startsWith("pushwire-delivery-")), "written by " + noLoop.writers);
    }
  }

  @Test
  void aFullLoopMakesAPublisherWaitButNeverALoop() throws Exception {
    try (Hub hub = TestServers.hub().deliveryThreads(1).build();
         ExecutorLoop stuck = new ExecutorLoop("stuck");
         ExecutorLoop other = new ExecutorLoop("other")) {
      TransportEndpoint endpoint = endpoint(hub);
      RecordingTransport onStuck = open(endpoint, new RecordingTransport(stuck), "s");
      open(endpoint, new RecordingTransport(other), "o");
      CountDownLatch release = new CountDownLatch(1);
      stuck.execute(() -> awaitQuietly(release));

      // On another loop's thread, one more than the lane holds: a loop never waits.
      int full = DeliveryLanes.BATCHES_PER_LANE + 1;
      CompletableFuture<Void> fromLoop = CompletableFuture.runAsync(() -> {
        for (int i = 0; i < full; i++) {
          hub.publish("t", new CustomEvent<>("tick", Map.of("seq", i)));
        }
      }, other.executor);
      fromLoop.get(30, TimeUnit.SECONDS);

      // Any other thread waits for room while the lane is over its bound.
      Thread publisher = new Thread(() -> hub.publish("t", new CustomEvent<>("tick", Map.of("seq", full))), "publisher");
      publisher.start();
      await().atMost(WAIT).until(() -> publisher.getState() == Thread.State.TIMED_WAITING
          || publisher.getState() == Thread.State.WAITING);
      assertTrue(publisher.isAlive());
      assertTrue(onStuck.seqs().isEmpty(), "the stuck loop wrote");

      release.countDown();
      publisher.join(WAIT.toMillis());
      assertFalse(publisher.isAlive(), "the publisher still waits with room on the loop");
      await().atMost(WAIT).until(() -> onStuck.seqs().size() == full + 1);
      List<Integer> seqs = onStuck.seqs();
      for (int i = 0; i <= full; i++) {
        assertEquals(i, seqs.get(i), "out of order");
      }
    }
  }

  @Test
  void aStoppedLoopStillDeliversOnThePublishersThread() throws Exception {
    try (Hub hub = TestServers.hub().deliveryThreads(1).build();
         ExecutorLoop loop = new ExecutorLoop("stopped")) {
      TransportEndpoint endpoint = endpoint(hub);
      RecordingTransport transport = open(endpoint, new RecordingTransport(loop), "x");
      loop.close();

      hub.publish("t", new CustomEvent<>("tick", Map.of("seq", 7)));

      assertEquals(List.of(7), transport.seqs());
      assertEquals(Set.of(Thread.currentThread().getName()), transport.writers);
    }
  }

  private static TransportEndpoint endpoint(Hub hub) {
    return hub.transportEndpoint(EndpointSpec.builder("/ws").auth(AuthMode.NONE).build());
  }

  private static RecordingTransport open(TransportEndpoint endpoint, RecordingTransport transport, String id) {
    TransportListener listener = endpoint.open(transport, new Handshake(Map.of(), Map.of(), "127.0.0.1"),
        new HandshakeOutcome.Accept(Principal.anonymous(id)));
    listener.onText("{\"type\":\"subscribe\",\"id\":\"s\",\"topics\":[\"t\"]}");
    await().atMost(WAIT).until(() -> transport.sent.stream().anyMatch(f -> f.contains("\"s\"")));
    transport.writers.clear();
    return transport;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
