package io.pushwire.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the standalone server does with frames Tyrus alone lets through (issue 18, finding 6):
 * each is refused at its header, with its close code, before Tyrus reads its payload.
 */
class FrameHeaderCheckTest {

  /** Far shorter than the idle timeout (120 s), which is what closed these connections before. */
  private static final Duration SOON = Duration.ofSeconds(5);
  private static final String AUTH = "{\"type\":\"auth\",\"token\":\"" + TestServers.TOKEN + "\"}";

  private Hub hub;
  private PushServer server;

  @BeforeEach
  void start() {
    hub = TestServers.hub().limits(Limits.builder().maxFrameBytes(4096).build()).build();
    server = TestServers.start(hub, TestServers.firstMessage("/ws"));
  }

  @AfterEach
  void stop() {
    server.close();
    hub.close();
  }

  private RawWebSocket authenticated() {
    RawWebSocket ws = RawWebSocket.open(server.port(), "/ws").send(RawWebSocket.text(AUTH));
    await().until(() -> TestServers.authenticatedConnections(hub) == 1);
    return ws;
  }

  @Test
  void anUnmaskedClientFrameIsClosedWith1002() throws IOException {
    try (RawWebSocket ws = RawWebSocket.open(server.port(), "/ws")) {
      ws.send(RawWebSocket.frame(0x1, AUTH.getBytes(), false));
      assertEquals(1002, ws.awaitCloseCode(SOON));
      assertEquals(0, TestServers.authenticatedConnections(hub), "the unmasked auth was never processed");
      assertEquals(1, hub.stats().security().protocolErrors());
    }
  }

  @Test
  void aBinaryFrameIsClosedWith1003() throws IOException {
    try (RawWebSocket ws = authenticated()) {
      ws.send(RawWebSocket.frame(0x2, new byte[100], true));
      assertEquals(1003, ws.awaitCloseCode(SOON));
    }
  }

  @Test
  void aHeaderDeclaringTwoToTheSixtyTwoBytesIsClosedWith1009AtOnce() throws IOException {
    try (RawWebSocket ws = authenticated()) {
      ws.send(new byte[] {(byte) 0x81, (byte) (0x80 | 127), 0x40, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 'a', 'b'});
      assertEquals(1009, ws.awaitCloseCode(SOON));
      await().until(() -> hub.stats().connections() == 0);
      assertEquals(1, hub.stats().security().limitCloses());
    }
  }

  @Test
  void aPingFloodIsClosedWith1008WhileOrdinaryPingsArePonged() throws IOException {
    try (RawWebSocket ws = authenticated()) {
      for (int i = 0; i < 10; i++) {
        ws.send(RawWebSocket.frame(0x9, new byte[] {(byte) i}, true));
      }
      ws.send(RawWebSocket.text("{\"type\":\"ping\",\"id\":\"after\"}"));
      List<RawWebSocket.Received> frames = ws.readUntilClose(Duration.ofSeconds(2));
      assertEquals(10, frames.stream().filter(f -> f.opcode() == 0xA).count(), "ten pings, ten pongs");
      assertTrue(frames.stream().anyMatch(f -> f.opcode() == 0x1 && f.text().contains("\"after\"")));
      for (int i = 0; i < 200; i++) {
        ws.send(RawWebSocket.frame(0x9, new byte[0], true));
      }
      assertEquals(1008, ws.awaitCloseCode(SOON));
    }
  }

  @Test
  void fragmentedAndLargeButAllowedTextStillWorks() throws IOException {
    try (RawWebSocket ws = authenticated()) {
      String id = "x".repeat(3000);
      byte[] whole = ("{\"type\":\"ping\",\"id\":\"" + id + "\"}").getBytes();
      byte[] first = RawWebSocket.frame(0x1, java.util.Arrays.copyOfRange(whole, 0, 1000), true);
      first[0] = 0x01; // FIN clear: more fragments follow
      byte[] second = RawWebSocket.frame(0x0, java.util.Arrays.copyOfRange(whole, 1000, whole.length), true);
      // Written a few bytes at a time, so headers straddle reads.
      byte[] both = new byte[first.length + second.length];
      System.arraycopy(first, 0, both, 0, first.length);
      System.arraycopy(second, 0, both, first.length, second.length);
      for (int i = 0; i < both.length; i += 3) {
        ws.send(java.util.Arrays.copyOfRange(both, i, Math.min(both.length, i + 3)));
      }
      List<RawWebSocket.Received> frames = ws.readUntilClose(Duration.ofSeconds(2));
      assertTrue(frames.stream().anyMatch(f -> f.opcode() == 0x1 && f.text().contains(id)), String.valueOf(frames));
      assertEquals(0, hub.stats().security().protocolErrors());
    }
  }
}
