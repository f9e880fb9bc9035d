package io.pushwire.server.netty;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.protocol.Progress;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.server.Dialect;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import io.pushwire.server.Limits;
import io.pushwire.server.PushServer;
import io.pushwire.server.TestServers;
import io.pushwire.server.WsClient;
import io.pushwire.server.auth.AuthMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Netty engine's answers to bad input, each over a real socket, and what the engine does that
 * server-core's behaviour tests (run here on Netty as well) do not reach.
 */
class NettyEngineTest {

  private static final String AUTH = "?token=" + TestServers.TOKEN;

  private Hub hub;
  private PushServer server;

  private PushServer start(Limits limits) throws IOException {
    return start(limits, null);
  }

  private PushServer start(Limits limits, Path files) throws IOException {
    hub = TestServers.hub().limits(limits).build();
    PushServer.Builder builder = PushServer.builder().engine("netty").hub(hub)
        .shutdownTimeout(Duration.ofSeconds(2))
        .endpoint(EndpointSpec.builder("/ws").auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.ENVELOPE_MILLIS).build());
    if (files != null) {
      builder.staticFiles(files);
    }
    server = builder.build().start();
    return server;
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

  @Test
  void aRequestWithoutUpgradeHeadersGets400AndItsConnectionStaysUsable() throws IOException {
    start(Limits.defaults());
    try (RawWebSocket raw = RawWebSocket.connect(server.port());
         WsClient other = WsClient.connect(TestServers.url(server, "/ws" + AUTH))) {
      raw.write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      String head = raw.readHead();
      assertTrue(head.startsWith("HTTP/1.1 400"), head);
      assertTrue(head.toLowerCase().contains("content-length: 0"), head);
      // The same connection, kept alive, still gets answers.
      raw.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      String health = raw.readHead();
      assertTrue(health.startsWith("HTTP/1.1 200"), health);
      other.send("{\"type\":\"ping\",\"id\":\"p\"}");
      other.awaitType("pong");
    }
  }

  @Test
  void aWebSocketVersionOtherThan13Gets426() throws IOException {
    start(Limits.defaults());
    try (RawWebSocket raw = RawWebSocket.connect(server.port())) {
      raw.write("GET /ws" + AUTH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n");
      String head = raw.readHead();
      assertTrue(head.startsWith("HTTP/1.1 426"), head);
      assertTrue(head.toLowerCase().contains("sec-websocket-version: 13"), head);
    }
  }

  @Test
  void aRefusedHandshakeGetsItsStatusWithNoBodyAndIsNotUpgraded() throws IOException {
    start(Limits.defaults());
    try (RawWebSocket raw = RawWebSocket.connect(server.port())) {
      raw.write("GET /ws?token=wrong HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
      String head = raw.readHead().toLowerCase();
      assertTrue(head.startsWith("http/1.1 401"), head);
      assertTrue(head.contains("content-length: 0"), head);
      assertTrue(!head.contains("upgrade: websocket"), head);
    }
    assertEquals(403, WsClient.handshakeStatus(TestServers.url(server, "/ws" + AUTH),
        Map.of("Origin", "https://elsewhere.example")));
    assertEquals(0, hub.stats().connections());
  }

  @Test
  void aMessageOverTheEngineBufferIsClosedWith1009() throws IOException {
    start(Limits.builder().maxFrameBytes(1024).build()); // the engine buffers max(1 MiB, 4 x 1024)
    try (RawWebSocket raw = RawWebSocket.upgrade(server.port(), "/ws" + AUTH)) {
      raw.send(RawWebSocket.TEXT, "x".repeat(2 << 20).getBytes(StandardCharsets.UTF_8));
      assertEquals(1009, raw.awaitClose());
      assertTrue(raw.drainToEnd());
    }
    await().until(() -> hub.stats().connections() == 0);
  }

  @Test
  void fragmentsAreJoinedAndTheirSumIsBounded() throws IOException {
    start(Limits.builder().maxFrameBytes(1024).build());
    try (RawWebSocket raw = RawWebSocket.upgrade(server.port(), "/ws" + AUTH)) {
      // One ping request in three fragments: joined, it is answered.
      byte[] whole = "{\"type\":\"ping\",\"id\":\"joined\"}".getBytes(StandardCharsets.UTF_8);
      raw.sendFragment(RawWebSocket.TEXT, java.util.Arrays.copyOfRange(whole, 0, 5), false);
      raw.sendFragment(0, java.util.Arrays.copyOfRange(whole, 5, 12), false);
      raw.sendFragment(0, java.util.Arrays.copyOfRange(whole, 12, whole.length), true);
      raw.awaitText("joined");
      // 2 MiB in fragments of 512 KiB, each under the engine's limit: closed when the sum passes it.
      byte[] part = new byte[512 * 1024];
      java.util.Arrays.fill(part, (byte) 'x');
      raw.sendFragment(RawWebSocket.TEXT, part, false);
      for (int i = 0; i < 3; i++) {
        raw.sendFragment(0, part, i == 2);
      }
      assertEquals(1009, raw.awaitClose());
    }
  }

  @Test
  void invalidUtf8IsClosedWith1007() throws IOException {
    start(Limits.defaults());
    try (RawWebSocket raw = RawWebSocket.upgrade(server.port(), "/ws" + AUTH)) {
      raw.send(RawWebSocket.TEXT, new byte[] {'{', (byte) 0xC3, 0x28, '}'});
      assertEquals(1007, raw.awaitClose());
    }
    await().until(() -> hub.stats().connections() == 0);
  }

  @Test
  void anUnmaskedFrameIsAProtocolErrorClosedWith1002() throws IOException {
    start(Limits.defaults());
    try (RawWebSocket raw = RawWebSocket.upgrade(server.port(), "/ws" + AUTH)) {
      raw.send(RawWebSocket.TEXT, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8), false);
      assertEquals(1002, raw.awaitClose());
    }
  }

  @Test
  void binaryFramesAreClosedWith1003() throws IOException {
    start(Limits.defaults());
    try (RawWebSocket raw = RawWebSocket.upgrade(server.port(), "/ws" + AUTH)) {
      raw.send(RawWebSocket.BINARY, new byte[] {1, 2, 3});
      assertEquals(1003, raw.awaitClose());
    }
    await().until(() -> hub.stats().connections() == 0);
  }

  @Test
  void pingsAreAnsweredWithTheirPayloadAndPongsCountAsTraffic() throws IOException {
    start(Limits.defaults());
    try (RawWebSocket raw = RawWebSocket.upgrade(server.port(), "/ws" + AUTH)) {
      raw.send(RawWebSocket.PING, "hello".getBytes(StandardCharsets.UTF_8));
      RawWebSocket.Frame pong = raw.read();
      while (pong.opcode() != RawWebSocket.PONG) {
        pong = raw.read();
      }
      assertEquals("hello", pong.text());
      raw.send(RawWebSocket.CLOSE, new byte[] {0x03, (byte) 0xE8}); // 1000
      assertEquals(1000, raw.awaitClose(), "the client's close is echoed");
      assertTrue(raw.drainToEnd());
    }
    await().until(() -> hub.stats().connections() == 0);
  }

  @Test
  void aClientThatStopsReadingIsClosedAsSlowAndReleased() throws IOException {
    start(Limits.builder().outboundQueue(64, 1 << 20).build());
    try (RawWebSocket slow = RawWebSocket.upgrade(server.port(), "/ws" + AUTH)) {
      slow.sendText("{\"type\":\"subscribe\",\"id\":\"s\",\"data\":{\"topics\":[\"big\"]}}");
      slow.awaitText("\"ack\"");
      String filler = "x".repeat(16 * 1024);
      int published = 0;
      // Bounded: 4,000 frames of 16 KiB are far more than the socket buffers, Netty's water mark
      // and the hub's queue of 64 hold.
      while (hub.stats().closedSlow() == 0 && published < 4_000) {
        hub.publish("big", new TaskProgress("t" + published, new Progress(1, 0, 0, filler, 0, "s")));
        published++;
      }
      assertEquals(1, hub.stats().closedSlow());
      await().until(() -> hub.stats().connections() == 0);
      // The engine closes the socket within its grace, though the client never read the close frame.
      assertTrue(slow.drainToEnd());
    }
  }

  @Test
  void staticFilesNeverLeaveTheirFolder(@TempDir Path dir) throws IOException {
    Path folder = Files.createDirectories(dir.resolve("public"));
    Files.writeString(folder.resolve("index.html"), "<h1>home</h1>");
    Files.writeString(dir.resolve("secret.txt"), "secret");
    start(Limits.defaults(), folder);
    try (RawWebSocket raw = RawWebSocket.connect(server.port())) {
      for (String path : new String[] {"/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/public/../../secret.txt"}) {
        raw.write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        String head = raw.readHead();
        assertTrue(head.startsWith("HTTP/1.1 404"), path + ": " + head);
      }
      raw.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      String head = raw.readHead();
      assertTrue(head.startsWith("HTTP/1.1 200"), head);
      assertTrue(head.toLowerCase().contains("content-type: text/html"), head);
      assertEquals("<h1>home</h1>", raw.readBody(13));
    }
  }

  @Test
  void anEngineThatIsNotOnTheClassPathIsAClearError() {
    Hub lone = TestServers.hub().build();
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> PushServer.builder().engine("tyrus")
          .hub(lone).endpoint(EndpointSpec.builder("/ws").build()).build().start());
      assertTrue(e.getMessage().contains("'tyrus'") && e.getMessage().contains("[netty]"), e.getMessage());
    } finally {
      lone.close();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void ioThreadsIsHowManyEventLoopsServeTheSockets(int threads) throws IOException {
    Pattern loop = Pattern.compile("pushwire-netty-\\d+-\\d+");
    Set<Long> before = threadIds(loop);
    hub = TestServers.hub().build();
    server = PushServer.builder().engine("netty").hub(hub).ioThreads(threads).shutdownTimeout(Duration.ofSeconds(2))
        .endpoint(EndpointSpec.builder("/ws").auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.ENVELOPE_MILLIS).build())
        .build().start();
    List<WsClient> clients = new ArrayList<>();
    try {
      // Netty hands out its loops in turn (the listening socket took one): five sockets reach
      // every loop there is, and with the default of two per core more than three.
      for (int i = 0; i < 5; i++) {
        WsClient client = WsClient.connect(TestServers.url(server, "/ws" + AUTH));
        clients.add(client);
        client.send("{\"type\":\"ping\",\"id\":\"p\"}");
        client.awaitType("pong");
      }
      Set<Long> loops = threadIds(loop);
      loops.removeAll(before);
      assertEquals(threads, loops.size());
    } finally {
      clients.forEach(WsClient::close);
    }
  }

  @Test
  void ioThreadsOutOfRangeIsRefusedByTheBuilder() {
    assertThrows(IllegalArgumentException.class, () -> PushServer.builder().ioThreads(0));
    assertThrows(IllegalArgumentException.class, () -> PushServer.builder().ioThreads(1_025));
  }

  private static Set<Long> threadIds(Pattern name) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> name.matcher(t.getName()).matches())
        .map(Thread::getId).collect(Collectors.toCollection(HashSet::new));
  }

  @Test
  void theCloseReasonIsCutToWhatAFrameHolds() {
    String reason = "é".repeat(100);
    String cut = NettyTransport.truncate(reason);
    assertTrue(cut.getBytes(StandardCharsets.UTF_8).length <= 123);
    assertEquals(61, cut.length());
    assertEquals("short", NettyTransport.truncate("short"));
  }
}
