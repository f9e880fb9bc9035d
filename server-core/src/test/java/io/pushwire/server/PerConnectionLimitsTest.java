package io.pushwire.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.protocol.CloseCode;
import io.pushwire.protocol.Progress;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.server.auth.AuthMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 18, findings 3 and 6: what one connection can make the server hold, over real sockets on Tyrus. */
class PerConnectionLimitsTest {

  private Hub hub;
  private PushServer server;

  private void start(Limits limits) {
    hub = TestServers.hub().limits(limits).build();
    server = TestServers.start(hub,
        EndpointSpec.builder("/ws").auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.ENVELOPE_MILLIS).build());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  private WsClient connect() {
    return WsClient.connect(TestServers.url(server, "/ws?token=" + TestServers.TOKEN));
  }

  @Test
  void aClientThatStopsReadingIsClosedAsSlowByTheTimerBeforeItsQueueFills() {
    // A queue far larger than what is published: only the timer can close this client.
    start(Limits.builder().outboundQueue(100_000, 1L << 30).slowConsumerTimeout(Duration.ofSeconds(1)).build());
    try (WsClient slow = connect()) {
      slow.send("{\"type\":\"subscribe\",\"id\":\"s\",\"data\":{\"topics\":[\"big\"]}}");
      slow.awaitType("ack");
      slow.stopReading();
      String filler = "x".repeat(64 * 1024);
      // 400 frames of 64 KiB (25 MiB): more than the socket buffers hold, far less than the queue.
      for (int i = 0; i < 400 && hub.stats().closedSlow() == 0; i++) {
        hub.publish("big", new TaskProgress("t" + i, new Progress(1, 0, 0, filler, 0, "s")));
      }
      await().atMost(Duration.ofSeconds(15)).until(() -> hub.stats().closedSlow() == 1);
      await().until(() -> hub.stats().connections() == 0);
    }
  }

  @Test
  void aClientThatKeepsReadingIsNotClosedAsSlow() {
    start(Limits.builder().slowConsumerTimeout(Duration.ofMillis(500)).build());
    try (WsClient reader = connect()) {
      reader.send("{\"type\":\"subscribe\",\"id\":\"s\",\"data\":{\"topics\":[\"t\"]}}");
      reader.awaitType("ack");
      for (int i = 0; i < 50; i++) {
        hub.publish("t", new TaskProgress("t" + i, new Progress(1, 0, 0, null, 0, "s")));
      }
      await().until(() -> reader.ofType("task_progress").size() == 50);
      // Past the timeout with nothing waiting: a healthy, idle reader stays.
      reader.send("{\"type\":\"ping\",\"id\":\"later\",\"data\":{}}");
      reader.await(n -> "later".equals(n.path("id").asText()));
      assertEquals(0, hub.stats().closedSlow());
      assertEquals(1, hub.stats().connections());
    }
  }

  @Test
  void aBinaryFrameIsRefusedWith1003AndCounted() throws IOException {
    start(Limits.defaults());
    try (RawClient raw = RawClient.open(server.port(), "/ws?token=" + TestServers.TOKEN)) {
      raw.sendFrame(0x2, new byte[1024]);
      assertEquals(PushConnection.UNSUPPORTED_DATA, raw.readCloseCode());
    }
    // On the standalone server the frame-header check refuses it before the hub sees it (and does
    // not count it); where the hub sees it, it counts it as a rejected frame.
    await().until(() -> hub.stats().connections() == 0);
  }

  @Test
  void aPingFloodFromAClientThatNeverReadsIsClosedAndReleased() throws IOException {
    start(Limits.builder().messageRate(50, 100).rateLimitStrikes(20).build());
    try (RawClient raw = RawClient.open(server.port(), "/ws?token=" + TestServers.TOKEN)) {
      await().until(() -> hub.stats().connections() == 1);
      int sent = 0;
      // Bounded: far more than the burst and the strikes allow; the server stops it long before.
      try {
        while (sent < 100_000 && hub.stats().connections() == 1) {
          raw.sendFrame(0x9, new byte[0]);
          sent++;
        }
      } catch (IOException closedUnderUs) {
        // the server dropped the socket mid-flood: also an answer
      }
      await().until(() -> hub.stats().connections() == 0);
      // Closed by a limit (the client never closes its socket here), whether or not every ping
      // reached the kernel's buffers before the close: the standalone server's frame-header check
      // (10 pings/s) usually closes it first, with 1008; the hub's own metering (rate limit,
      // strikes) is the second line behind it. Both count as a limit close.
      await().until(() -> hub.stats().security().limitCloses() == 1);
    }
  }

  @Test
  void aServerToClientTypeSentByAClientGetsUnsupportedRequest() {
    start(Limits.defaults());
    try (WsClient client = connect()) {
      client.send("{\"type\":\"task_progress\",\"id\":\"x1\",\"data\":{\"task_id\":\"t\",\"progress\":"
          + "{\"total\":1,\"completed\":0,\"failed\":0,\"percentage\":0}}}");
      var error = client.await(n -> "error".equals(n.path("type").asText()));
      assertEquals("UNSUPPORTED_REQUEST", error.path("error").path("code").asText());
      assertEquals("x1", error.path("id").asText());
    }
  }

  /** A bare RFC 6455 client on a socket: masked frames of any opcode, and it reads only when asked. */
  static final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private RawClient(Socket socket) throws IOException {
      this.socket = socket;
      this.out = socket.getOutputStream();
      this.in = socket.getInputStream();
    }

    static RawClient open(int port, String pathAndQuery) throws IOException {
      Socket s = new Socket("127.0.0.1", port);
      s.setSoTimeout(10_000);
      String key = Base64.getEncoder().encodeToString("pushwire-raw-key".getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
          + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      RawClient c = new RawClient(s);
      String status = c.readHeaders();
      if (!status.startsWith("HTTP/1.1 101")) {
        s.close();
        throw new IOException("not upgraded: " + status);
      }
      return c;
    }

    private String readHeaders() throws IOException {
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("closed during the handshake: " + head);
        }
        head.append((char) b);
      }
      return head.toString();
    }

    void sendFrame(int opcode, byte[] payload) throws IOException {
      int n = payload.length;
      byte[] header = n < 126 ? new byte[] {(byte) (0x80 | opcode), (byte) (0x80 | n)}
          : new byte[] {(byte) (0x80 | opcode), (byte) (0x80 | 126), (byte) (n >>> 8), (byte) n};
      byte[] mask = {1, 2, 3, 4};
      byte[] masked = new byte[n];
      for (int i = 0; i < n; i++) {
        masked[i] = (byte) (payload[i] ^ mask[i % 4]);
      }
      out.write(header);
      out.write(mask);
      out.write(masked);
      out.flush();
    }

    /** Reads frames until a close frame, and answers its code. */
    int readCloseCode() throws IOException {
      while (true) {
        int b0 = in.read();
        int b1 = in.read();
        if (b0 < 0 || b1 < 0) {
          throw new IOException("closed without a close frame");
        }
        long len = b1 & 0x7f;
        if (len == 126) {
          len = (in.read() << 8) | in.read();
        } else if (len == 127) {
          len = 0;
          for (int i = 0; i < 8; i++) {
            len = (len << 8) | in.read();
          }
        }
        byte[] payload = in.readNBytes((int) len);
        if ((b0 & 0x0f) == 0x8) {
          return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
