package io.pushwire.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.protocol.CustomEvent;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.auth.Principal;
import io.pushwire.server.transport.Handshake;
import io.pushwire.server.transport.HandshakeOutcome;
import io.pushwire.server.transport.TransportEndpoint;
import io.pushwire.server.transport.TransportListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A topic with at least {@link SubscriptionIndex#PREPARED_MIN} subscribers is fanned out from a
 * view of its subscribers grouped by lane, made again after every change: each subscriber gets
 * each publication once, in order, in its own form (with or without its position, through its
 * filter), on loops and hub threads alike, and a subscribe or unsubscribe counts from the next
 * publication.
 */
class PreparedFanOutTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int MANY = SubscriptionIndex.PREPARED_MIN + 6;

  @Test
  void manySubscribersOnLoopsAndThreadsEachGetEveryPublicationOnceInOrder() throws Exception {
    try (Hub hub = TestServers.hub().deliveryThreads(2).build();
         ExecutorLoop loopA = new ExecutorLoop("loop-a");
         ExecutorLoop loopB = new ExecutorLoop("loop-b")) {
      TransportEndpoint endpoint = endpoint(hub);
      List<RecordingTransport> all = new ArrayList<>();
      for (int i = 0; i < MANY + 30; i++) {
        RecordingTransport t = new RecordingTransport(i % 3 == 0 ? loopA : i % 3 == 1 ? loopB : null);
        subscribe(open(endpoint, t, "c" + i), t, "{\"topics\":[\"t\"]}");
        all.add(t);
      }

      for (int i = 0; i < 300; i++) {
        hub.publish("t", new CustomEvent<>("tick", Map.of("seq", i)));
      }

      List<Integer> expected = IntStream.range(0, 300).boxed().toList();
      for (RecordingTransport t : all) {
        await().pollDelay(Duration.ZERO).atMost(WAIT).until(() -> t.seqs().size() >= 300);
        assertEquals(expected, t.seqs());
      }
    }
  }

  @Test
  void aSubscribeOrUnsubscribeCountsFromTheNextPublication() {
    // No delivery threads: each publication is written before publish returns.
    try (Hub hub = TestServers.hub().deliveryThreads(0).build()) {
      TransportEndpoint endpoint = endpoint(hub);
      List<RecordingTransport> many = new ArrayList<>();
      List<TransportListener> listeners = new ArrayList<>();
      for (int i = 0; i < MANY; i++) {
        RecordingTransport t = new RecordingTransport();
        listeners.add(subscribe(open(endpoint, t, "c" + i), t, "{\"topics\":[\"t\"]}"));
        many.add(t);
      }
      hub.publish("t", tick(0));

      RecordingTransport late = new RecordingTransport();
      subscribe(open(endpoint, late, "late"), late, "{\"topics\":[\"t\"]}");
      hub.publish("t", tick(1));

      listeners.get(0).onText("{\"type\":\"unsubscribe\",\"id\":\"u\",\"data\":{\"topics\":[\"t\"]}}");
      await().atMost(WAIT).until(() -> many.get(0).sent.stream().anyMatch(f -> f.contains("\"u\"")));
      hub.publish("t", tick(2));

      assertEquals(List.of(1, 2), late.seqs(), "the late subscriber");
      assertEquals(List.of(0, 1), many.get(0).seqs(), "the one that unsubscribed");
      for (RecordingTransport t : many.subList(1, MANY)) {
        assertEquals(List.of(0, 1, 2), t.seqs());
      }
    }
  }

  @Test
  void positionedAndFilteredSubscribersAmongManyGetTheirOwnForm() {
    try (Hub hub = TestServers.hub().deliveryThreads(0).build()) {
      TransportEndpoint endpoint = endpoint(hub);
      List<RecordingTransport> plain = new ArrayList<>();
      for (int i = 0; i < MANY; i++) {
        RecordingTransport t = new RecordingTransport();
        subscribe(open(endpoint, t, "c" + i), t, "{\"topics\":[\"t\"]}");
        plain.add(t);
      }
      RecordingTransport positioned = new RecordingTransport();
      subscribe(open(endpoint, positioned, "p"), positioned, "{\"topics\":[\"t\"],\"positions\":true}");
      RecordingTransport filtered = new RecordingTransport();
      subscribe(open(endpoint, filtered, "f"), filtered, "{\"topics\":[\"t\"],\"filters\":{\"level\":[\"critical\"]}}");

      hub.publish("t", new CustomEvent<>("tick", Map.of("seq", 0, "level", "info")));
      hub.publish("t", new CustomEvent<>("tick", Map.of("seq", 1, "level", "critical")));

      for (RecordingTransport t : plain) {
        assertEquals(List.of(0, 1), t.seqs());
        assertTrue(ticks(t).stream().noneMatch(f -> f.contains("\"pos\"")), "a position to a client that did not ask");
      }
      assertEquals(List.of(0, 1), positioned.seqs());
      assertTrue(ticks(positioned).stream().allMatch(f -> f.contains("\"pos\"")), "no position: " + ticks(positioned));
      assertEquals(List.of(1), filtered.seqs(), "only the critical one passes the filter");
    }
  }

  @Test
  void aWildcardSubscriptionBesideManyExactOnesGetsEachPublicationOnce() {
    try (Hub hub = TestServers.hub().deliveryThreads(0).build()) {
      TransportEndpoint endpoint = endpoint(hub);
      List<RecordingTransport> exact = new ArrayList<>();
      for (int i = 0; i < MANY; i++) {
        RecordingTransport t = new RecordingTransport();
        subscribe(open(endpoint, t, "c" + i), t, "{\"topics\":[\"jobs.t\"]}");
        exact.add(t);
      }
      RecordingTransport both = new RecordingTransport();
      TransportListener bothListener = subscribe(open(endpoint, both, "both"), both, "{\"topics\":[\"jobs.t\"]}");
      subscribe(bothListener, both, "{\"topics\":[\"jobs.*\"]}");

      hub.publish("jobs.t", tick(0));

      for (RecordingTransport t : exact) {
        assertEquals(List.of(0), t.seqs());
      }
      assertEquals(List.of(0), both.seqs(), "the exact and the wildcard subscription reach it once");
    }
  }

  private static CustomEvent<Map<String, Integer>> tick(int seq) {
    return new CustomEvent<>("tick", Map.of("seq", seq));
  }

  private static List<String> ticks(RecordingTransport t) {
    return t.sent.stream().filter(f -> f.contains("\"tick\"")).toList();
  }

  private static TransportEndpoint endpoint(Hub hub) {
    return hub.transportEndpoint(EndpointSpec.builder("/ws").auth(AuthMode.NONE).dialect(Dialect.ENVELOPE_MILLIS).build());
  }

  private static TransportListener open(TransportEndpoint endpoint, RecordingTransport transport, String id) {
    return endpoint.open(transport, new Handshake(Map.of(), Map.of(), "127.0.0.1"),
        new HandshakeOutcome.Accept(Principal.anonymous(id)));
  }

  /** Subscribes with {@code data} and waits for the acknowledgement. */
  private static TransportListener subscribe(TransportListener listener, RecordingTransport transport, String data) {
    String id = "s" + transport.sent.size();
    listener.onText("{\"type\":\"subscribe\",\"id\":\"" + id + "\",\"data\":" + data + "}");
    await().pollDelay(Duration.ZERO).atMost(WAIT)
        .until(() -> transport.sent.stream().anyMatch(f -> f.contains("\"" + id + "\"") && f.contains("ack")));
    return listener;
  }
}
