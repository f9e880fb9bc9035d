package io.pushwire.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.CustomEvent;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.auth.Principal;
import io.pushwire.server.transport.Handshake;
import io.pushwire.server.transport.HandshakeOutcome;
import io.pushwire.server.transport.TransportEndpoint;
import io.pushwire.server.transport.TransportListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Delivery on several threads keeps each topic in publication order for every subscriber, and
 * the publishing thread never writes to a socket.
 */
class DeliveryOrderTest {

  private static final int TOPICS = 6;
  private static final int PER_TOPIC = 2_000;

  @Test
  void everySubscriberGetsEachTopicInPublicationOrderWhileTopicsArePublishedInParallel() throws Exception {
    // Every tick fits in the outbound queue: publishers run flat out, faster than a client reads
    // (on Netty publishing never waits for a socket), and this test is about order, not about
    // the slow-consumer close.
    Limits roomForAll = Limits.builder().outboundQueue(TOPICS * PER_TOPIC + 64, 64L * 1024 * 1024).build();
    try (Hub hub = TestServers.hub().deliveryThreads(4).limits(roomForAll).build();
         PushServer server = TestServers.start(hub, TestServers.firstMessage("/ws"))) {
      List<WsClient> clients = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        WsClient client = TestServers.authenticated(server, "/ws");
        client.send("{\"type\":\"subscribe\",\"id\":\"s\",\"topics\":[\"t0\",\"t1\",\"t2\",\"t3\",\"t4\",\"t5\"]}");
        await().atMost(Duration.ofSeconds(10)).until(() -> client.frames.stream().anyMatch(f -> f.contains("\"s\"")));
        clients.add(client);
      }
      ExecutorService publishers = Executors.newFixedThreadPool(TOPICS);
      CountDownLatch start = new CountDownLatch(1);
      for (int t = 0; t < TOPICS; t++) {
        String topic = "t" + t;
        publishers.execute(() -> {
          awaitQuietly(start);
          for (int seq = 1; seq <= PER_TOPIC; seq++) {
            hub.publish(topic, new CustomEvent<>("tick", Map.of("topic", topic, "seq", seq)));
          }
        });
      }
      start.countDown();
      publishers.shutdown();
      assertTrue(publishers.awaitTermination(60, TimeUnit.SECONDS));

      for (WsClient client : clients) {
        await().atMost(Duration.ofSeconds(60))
            .failFast("connection closed", () -> client.closeCode.isDone())
            .until(() -> ticks(client) == (long) TOPICS * PER_TOPIC);
        Map<String, Integer> last = new HashMap<>();
        for (String frame : client.frames) {
          if (!frame.contains("\"tick\"")) {
            continue;
          }
          JsonNode payload = find(WsClient.JSON.readTree(frame));
          String topic = payload.get("topic").asText();
          int seq = payload.get("seq").asInt();
          assertEquals(last.getOrDefault(topic, 0) + 1, seq, "out of order on " + topic);
          last.put(topic, seq);
        }
        client.close();
      }
    }
  }

  @Test
  void thePublishingThreadNeverWritesToASocket() {
    try (Hub hub = TestServers.hub().deliveryThreads(2).build()) {
      TransportEndpoint endpoint = hub.transportEndpoint(EndpointSpec.builder("/ws").auth(AuthMode.NONE).build());
      RecordingTransport transport = new RecordingTransport();
      Handshake handshake = new Handshake(Map.of(), Map.of(), "127.0.0.1");
      TransportListener listener = endpoint.open(transport, handshake,
          new HandshakeOutcome.Accept(Principal.anonymous("c1")));
      listener.onText("{\"type\":\"subscribe\",\"id\":\"s\",\"topics\":[\"t\"]}");
      transport.writers.clear();

      for (int i = 0; i < 100; i++) {
        hub.publish("t", new CustomEvent<>("tick", Map.of("seq", i)));
      }

      await().atMost(Duration.ofSeconds(10)).until(() -> transport.sent.stream().filter(f -> f.contains("\"tick\"")).count() == 100);
      String publisher = Thread.currentThread().getName();
      assertTrue(!transport.writers.contains(publisher) && transport.writers.stream().allMatch(n -> n.startsWith("pushwire-delivery-")),
          "written by " + transport.writers);
      listener.onClosed();
    }
  }

  private static long ticks(WsClient client) {
    return client.frames.stream().filter(f -> f.contains("\"tick\"")).count();
  }

  /** The object holding {@code topic} and {@code seq}, wherever the dialect put it. */
  private static JsonNode find(JsonNode node) {
    if (node.has("seq") && node.has("topic")) {
      return node;
    }
    for (JsonNode child : node) {
      JsonNode found = child.isContainerNode() ? find(child) : null;
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
