package io.pushwire.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * permessage-deflate on the standalone server: off by default, negotiated when on, and a
 * compression bomb closed with 1009 once {@code maxFrameBytes} are inflated. The JDK's WebSocket
 * client cannot negotiate extensions, so the test speaks the frames over a raw socket.
 */
class PermessageDeflateTest {

  private static final String OFFER = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n";
  private static final String AUTH = "{\"type\":\"auth\",\"token\":\"" + TestServers.TOKEN + "\"}";

  private Hub hub;
  private PushServer server;

  private void start(boolean deflate) throws IOException {
    hub = TestServers.hub().limits(Limits.builder().maxFrameBytes(8 * 1024).build()).build();
    server = PushServer.builder().hub(hub).endpoint(TestServers.firstMessage("/ws")).permessageDeflate(deflate)
        .shutdownTimeout(Duration.ofSeconds(1)).build().start();
  }

  @AfterEach
  void stop() {
    server.close();
    hub.close();
  }

  /** A compressed text frame as RFC 7692 writes it: raw deflate, sync-flushed, without its last four bytes. */
  private static byte[] compressed(byte[] data) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    deflater.setInput(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    int n;
    while ((n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH)) > 0) {
      out.write(chunk, 0, n);
    }
    deflater.end();
    byte[] all = out.toByteArray();
    byte[] payload = Arrays.copyOf(all, all.length - 4);
    byte[] frame = RawWebSocket.frame(0x1, payload, true);
    frame[0] |= 0x40; // RSV1: compressed
    return frame;
  }

  private static String inflated(RawWebSocket.Received frame) throws DataFormatException {
    Inflater inflater = new Inflater(true);
    byte[] payload = Arrays.copyOf(frame.payload(), frame.payload().length + 4);
    payload[payload.length - 2] = (byte) 0xff;
    payload[payload.length - 1] = (byte) 0xff;
    inflater.setInput(payload);
    byte[] out = new byte[65536];
    int n = inflater.inflate(out);
    inflater.end();
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  @Test
  void offByDefault() throws IOException {
    start(false);
    try (RawWebSocket ws = RawWebSocket.open(server.port(), "/ws", OFFER)) {
      assertFalse(ws.responseHead().toLowerCase().contains("permessage-deflate"), ws.responseHead());
    }
  }

  @Test
  void negotiatedWithoutContextTakeoverAndCompressedBothWays() throws Exception {
    start(true);
    try (RawWebSocket ws = RawWebSocket.open(server.port(), "/ws", OFFER)) {
      String head = ws.responseHead().toLowerCase();
      assertTrue(head.contains("permessage-deflate"), head);
      assertTrue(head.contains("server_no_context_takeover") && head.contains("client_no_context_takeover"), head);
      ws.send(compressed(AUTH.getBytes(StandardCharsets.UTF_8)));
      await().until(() -> TestServers.authenticatedConnections(hub) == 1);
      ws.send(compressed("{\"type\":\"ping\",\"id\":\"zipped\"}".getBytes(StandardCharsets.UTF_8)));
      List<RawWebSocket.Received> frames = ws.readUntilClose(Duration.ofSeconds(2));
      assertTrue(frames.size() >= 2, String.valueOf(frames));
      for (RawWebSocket.Received frame : frames) {
        assertTrue(frame.rsv1(), "the server compresses what it sends");
      }
      assertTrue(inflated(frames.get(0)).contains("auth ok"));
      assertTrue(inflated(frames.get(1)).contains("\"zipped\""));
    }
  }

  @Test
  void aCompressionBombIsClosedWith1009() throws IOException {
    start(true);
    try (RawWebSocket ws = RawWebSocket.open(server.port(), "/ws", OFFER)) {
      ws.send(compressed(AUTH.getBytes(StandardCharsets.UTF_8)));
      await().until(() -> TestServers.authenticatedConnections(hub) == 1);
      // 4 MiB of spaces compress to about 4 KiB, under the 8 KiB frame limit; inflated they are 500 times it.
      byte[] bomb = new byte[4 << 20];
      Arrays.fill(bomb, (byte) ' ');
      byte[] frame = compressed(bomb);
      assertTrue(frame.length < 8 * 1024, "the compressed frame itself is small: " + frame.length);
      ws.send(frame);
      assertEquals(1009, ws.awaitCloseCode(Duration.ofSeconds(5)));
    }
  }
}
