package io.pushwire.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.protocol.CustomEvent;
import io.pushwire.server.transport.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * On Tyrus, publications go out pre-framed through the connection's writer: the same bytes a
 * client decodes as the text {@code sendText} would have sent, for every length class of the
 * frame header (7-bit, 16-bit, 64-bit) and for multi-byte characters.
 */
class TyrusFastPathTest {

  @Test
  void tyrusConnectionsUseThePreFramedWriterAndClientsReadEveryFrameIntact() throws Exception {
    try (Hub hub = TestServers.hub().build();
         PushServer server = TestServers.start(hub, TestServers.firstMessage("/ws"));
         WsClient client = TestServers.authenticated(server, "/ws")) {
      client.send("{\"type\":\"subscribe\",\"id\":\"s\",\"topics\":[\"t\"]}");
      await().atMost(Duration.ofSeconds(10)).until(() -> client.frames.stream().anyMatch(f -> f.contains("\"s\"")));
      List<Transport> transports = hub.transports();
      assertEquals(1, transports.size());
      assertTrue(transports.get(0) instanceof TyrusRawTransport, "transport: " + transports.get(0));

      List<String> bodies = List.of("short é €", "x".repeat(200) + "😀", "y".repeat(70_000) + "ü");
      for (String body : bodies) {
        hub.publish("t", new CustomEvent("note", Map.of("text", body)));
      }

      for (String body : bodies) {
        await().atMost(Duration.ofSeconds(10)).alias("frames: " + abbreviated(client.frames)).until(() -> client.frames.stream()
            .anyMatch(f -> f.contains("\"note\"") && f.contains("\"" + body + "\"")));
      }
    }
  }

  private static String abbreviated(List<String> frames) {
    return frames.stream().map(f -> f.length() > 300 ? f.substring(0, 300) + "...(" + f.length() + ")" : f).toList().toString();
  }
}
