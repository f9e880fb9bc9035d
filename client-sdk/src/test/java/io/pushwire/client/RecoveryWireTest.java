package io.pushwire.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushwire.client.reconnect.BackoffPolicy;
import io.pushwire.protocol.Position;
import io.pushwire.protocol.RecoveryReason;
import io.pushwire.protocol.TaskState;
import io.pushwire.protocol.TaskStatus;
import io.pushwire.protocol.codec.PushwireCodec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the client resumes from when a connection is lost between a topic's first live push and
 * the {@code ack} of its resubscription: the server may send the push first, and the {@code ack}
 * is what says the topic went live past a gap. Scripted on a real socket, because a real hub
 * loses a connection at exactly that point only by chance.
 */
class RecoveryWireTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PushwireCodec CODEC = PushwireCodec.create();

  private final ScriptedServer server = new ScriptedServer();
  private PushClient client;

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
    server.close();
  }

  /** A push on {@code news} at {@code offset}; its task id names the offset, so the test can tell pushes apart. */
  private static String push(long offset) {
    TaskStatus status = new TaskStatus("n" + offset, TaskState.RUNNING, null, null, null);
    return CODEC.encode(CODEC.frame(status).withPosition(new Position("news", offset, "e1")));
  }

  private static String ack(String id, String positions) {
    return "{\"type\":\"ack\",\"id\":\"" + id + "\",\"data\":{\"success\":true,\"positions\":" + positions + "}}";
  }

  /** The {@code subscribe} the client sent on connection {@code n}, once it has. */
  private JsonNode subscribeOn(int n) {
    return await().atMost(Duration.ofSeconds(10)).until(() -> server.peers.size() > n
        ? server.peers.get(n).received.stream().map(RecoveryWireTest::parse)
            .filter(f -> f.path("type").asText().equals("subscribe")).findFirst().orElse(null)
        : null, f -> f != null);
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException(text, e);
    }
  }

  @Test
  void aConnectionLostBeforeTheAckResumesFromTheSameSinceAndDropsWhatWasDelivered() throws Exception {
    client = PushClient.builder(server.uri())
        .connectTimeout(Duration.ofSeconds(5))
        .requestTimeout(Duration.ofSeconds(5))
        .heartbeat(Duration.ofSeconds(30), Duration.ofSeconds(60)) // the script answers no pings
        .reconnect(BackoffPolicy.exponential(Duration.ofMillis(5), Duration.ofMillis(20)))
        .build();
    List<String> delivered = new CopyOnWriteArrayList<>();
    List<RecoveryIncomplete> reports = new CopyOnWriteArrayList<>();
    client.on(TaskStatus.class, s -> delivered.add(s.taskId()));
    client.onRecovery(reports::add);
    client.connect().get(10, TimeUnit.SECONDS);

    var subscribed = client.subscribe("news");
    JsonNode first = subscribeOn(0);
    assertNull(first.path("data").get("since"), "nothing seen yet");
    server.peers.get(0).send(ack(first.path("id").asText(), "{\"news\":{\"offset\":4,\"epoch\":\"e1\"}}"));
    subscribed.get(5, TimeUnit.SECONDS);
    server.peers.get(0).send(push(5));
    await().until(() -> delivered.equals(List.of("n5")));
    server.peers.get(0).drop();

    // Connection 2: the topic goes live past a gap (6-8), its pushes come, the ack never does.
    JsonNode second = subscribeOn(1);
    assertEquals(5, second.path("data").path("since").path("news").path("offset").asLong());
    server.peers.get(1).send(push(9));
    server.peers.get(1).send(push(10));
    await().until(() -> delivered.equals(List.of("n5", "n9", "n10")));
    server.peers.get(1).drop();

    // Connection 3: the client asks from 5 again, not from 10, or the gap would never be told.
    JsonNode third = subscribeOn(2);
    assertEquals(5, third.path("data").path("since").path("news").path("offset").asLong(),
        "resumes from the since whose ack never came");
    server.peers.get(2).send(push(9)); // what the server replays again is dropped
    server.peers.get(2).send(push(10));
    server.peers.get(2).send(ack(third.path("id").asText(),
        "{\"news\":{\"offset\":10,\"epoch\":\"e1\",\"recovered\":false,\"reason\":\"history_too_short\"}}"));
    server.peers.get(2).send(push(11));
    await().until(() -> delivered.size() == 4 && reports.size() == 1);
    assertEquals(List.of("n5", "n9", "n10", "n11"), delivered, "each push once, in order");
    RecoveryIncomplete report = reports.get(0);
    assertEquals(RecoveryReason.HISTORY_TOO_SHORT, report.reason());
    assertEquals(5, report.lastSeen().offset());
    assertEquals(10, report.resumedAt().offset());
    server.peers.get(2).drop();

    // Acknowledged: the next resume starts after the last push seen.
    JsonNode fourth = subscribeOn(3);
    assertEquals(11, fourth.path("data").path("since").path("news").path("offset").asLong());
  }
}
