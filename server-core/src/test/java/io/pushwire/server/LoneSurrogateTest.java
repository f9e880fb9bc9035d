package io.pushwire.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.Progress;
import io.pushwire.protocol.TaskProgress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A string with an unpaired surrogate ({@code "\ud800"} in a client's JSON, or in a published
 * message) has no UTF-8 form. Tyrus threw an {@code Error} while encoding it, which left the
 * connection's writer wedged: no frame, no close, no log. It is now sent as its JSON escape.
 */
class LoneSurrogateTest {

  @Test
  void aLoneSurrogateInARequestIdIsEchoedAsAnEscapeAndTheConnectionGoesOn() {
    try (Hub hub = TestServers.hub().build(); PushServer server = TestServers.start(hub, TestServers.firstMessage("/ws"));
        WsClient client = TestServers.authenticated(server, "/ws")) {
      client.send("{\"type\":\"ping\",\"id\":\"\\ud800\"}");
      JsonNode pong = client.await(n -> "pong".equals(n.path("type").asText()));
      assertEquals("\ud800", pong.path("id").asText());
      assertTrue(client.frames.stream().anyMatch(f -> f.contains("\"\\ud800\"")), "sent as its escape: " + client.frames);
      client.send("{\"type\":\"ping\",\"id\":\"after\"}");
      client.await(n -> "after".equals(n.path("id").asText()));
    }
  }

  @Test
  void aPublishedLoneSurrogateReachesEverySubscriberAndLaterPublicationsFollow() {
    try (Hub hub = TestServers.hub().build(); PushServer server = TestServers.start(hub, TestServers.firstMessage("/ws"));
        WsClient first = subscribed(server); WsClient second = subscribed(server)) {
      hub.publish("news", new TaskProgress("t\udc00", new Progress(100, 1, 0, null, 1, null)));
      hub.publish("news", new TaskProgress("t2", new Progress(100, 2, 0, null, 2, null)));
      for (WsClient client : List.of(first, second)) {
        client.await(n -> "t2".equals(n.path("data").path("task_id").asText()));
        assertEquals(List.of("t\udc00", "t2"), client.ofType("task_progress").stream()
            .map(n -> n.path("data").path("task_id").asText()).toList());
      }
    }
  }

  private static WsClient subscribed(PushServer server) {
    WsClient client = TestServers.authenticated(server, "/ws");
    client.send("{\"type\":\"subscribe\",\"id\":\"s1\",\"topics\":[\"news\"]}");
    client.await(n -> "s1".equals(n.path("id").asText()));
    return client;
  }
}
