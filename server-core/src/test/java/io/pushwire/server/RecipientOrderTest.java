package io.pushwire.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pushwire.protocol.CustomEvent;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.auth.Principal;
import io.pushwire.server.transport.Handshake;
import io.pushwire.server.transport.HandshakeOutcome;
import io.pushwire.server.transport.OutboundFrame;
import io.pushwire.server.transport.SendCallback;
import io.pushwire.server.transport.TransportEndpoint;
import io.pushwire.server.transport.TransportListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A fan-out reaches a topic's subscribers in the order their connections were made, whatever order
 * they subscribed in: the order their objects mostly lie in the heap, which keeps a fan-out to
 * thousands from missing the CPU's caches at every recipient (see {@code PushConnection#hashCode}).
 */
class RecipientOrderTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void subscribersAreWrittenInTheOrderTheirConnectionsWereMade() {
    int n = 300;
    // No delivery threads: the publisher's thread writes the recipients one by one, in fan-out order.
    try (Hub hub = TestServers.hub().deliveryThreads(0).build()) {
      TransportEndpoint endpoint = hub.transportEndpoint(EndpointSpec.builder("/ws").auth(AuthMode.NONE).build());
      List<Integer> written = new CopyOnWriteArrayList<>();
      List<TransportListener> listeners = new ArrayList<>();
      List<RecordingTransport> transports = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        RecordingTransport transport = new StampingTransport(i, written);
        transports.add(transport);
        listeners.add(endpoint.open(transport, new Handshake(Map.of(), Map.of(), "127.0.0.1"),
            new HandshakeOutcome.Accept(Principal.anonymous("c" + i))));
      }
      List<Integer> subscribeOrder = new ArrayList<>(IntStream.range(0, n).boxed().toList());
      Collections.shuffle(subscribeOrder, new Random(42));
      for (int i : subscribeOrder) {
        listeners.get(i).onText("{\"type\":\"subscribe\",\"id\":\"s\",\"topics\":[\"t\"]}");
      }
      await().atMost(WAIT).until(() -> transports.stream().allMatch(t -> t.sent.stream().anyMatch(f -> f.contains("\"s\""))));

      hub.publish("t", new CustomEvent<>("tick", Map.of("seq", 1)));

      assertEquals(n, written.size());
      // A hash map iterates from its first bucket, which need not hold the first connection: the
      // order is the order made, started anywhere in it.
      int start = written.indexOf(0);
      List<Integer> fromFirst = new ArrayList<>(written.subList(start, n));
      fromFirst.addAll(written.subList(0, start));
      assertEquals(IntStream.range(0, n).boxed().toList(), fromFirst, "recipients in the order written");
    }
  }

  /** Records its own number in a shared list when a tick is written to it. */
  private static final class StampingTransport extends RecordingTransport {
    private final int number;
    private final List<Integer> written;

    StampingTransport(int number, List<Integer> written) {
      this.number = number;
      this.written = written;
    }

    @Override
    public void send(OutboundFrame frame, SendCallback whenReady) {
      if (frame.text().contains("\"tick\"")) {
        written.add(number);
      }
      super.send(frame, whenReady);
    }
  }
}
