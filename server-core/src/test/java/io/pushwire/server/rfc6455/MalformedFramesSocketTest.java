package io.pushwire.server.rfc6455;

import static io.pushwire.server.rfc6455.RawWebSocket.BINARY;
import static io.pushwire.server.rfc6455.RawWebSocket.CLOSE;
import static io.pushwire.server.rfc6455.RawWebSocket.CONTINUATION;
import static io.pushwire.server.rfc6455.RawWebSocket.PING;
import static io.pushwire.server.rfc6455.RawWebSocket.TEXT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushwire.protocol.Progress;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.server.TestServers;
import io.pushwire.server.WsClient;
import io.pushwire.server.rfc6455.RawWebSocket.Frame;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Socket-level fuzzing: malformed frames of every kind that issue 18's tester sent, over a raw
 * RFC 6455 client, on every engine. Each kind gets its documented answer (close 1002, 1007, 1009,
 * 1008, or a typed {@code error} frame on a connection that stays), and after each one a separate
 * well-behaved client still receives a fresh publication. A bounded random run (a fixed seed,
 * {@value #DEFAULT_FRAMES} frames per engine; {@code -Dpushwire.fuzz.frames} and
 * {@code -Dpushwire.fuzz.seed} change them) adds mutated frames whose only requirement is that the
 * server answers each one in bounded time with one of those answers.
 */
class MalformedFramesSocketTest extends EngineCases {

  private static final Logger LOG = LoggerFactory.getLogger(MalformedFramesSocketTest.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(5);
  static final int DEFAULT_FRAMES = 120;
  /** Close codes a malformed frame may get: protocol error, bad UTF-8, too big, policy (rate). */
  private static final Set<Integer> REFUSALS = Set.of(1002, 1003, 1007, 1008, 1009);
  private static final AtomicInteger MARKS = new AtomicInteger();

  /** Asserts that a client subscribed to {@code news} receives a publication made now. */
  private static void assertOthersStillServed(EngineFixture fixture) {
    try (WsClient watcher = WsClient.connect(fixture.url())) {
      watcher.send("{\"type\":\"subscribe\",\"id\":\"w\",\"data\":{\"topics\":[\"news\"]}}");
      watcher.await(n -> "w".equals(n.path("id").asText()));
      String mark = "mark-" + MARKS.incrementAndGet();
      fixture.hub().publish("news", new TaskProgress(mark, new Progress(1, 1, 0, null, 100, null)));
      watcher.await(n -> n.toString().contains(mark));
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void badOpcodesAndReservedBitsClose1002(EngineFixture.Engine engine) throws IOException {
    EngineFixture fixture = on(engine);
    for (int opcode : new int[] {3, 7, 0xB, 0xF}) {
      try (RawWebSocket socket = open(fixture)) {
        assertEquals(1002, socket.send(true, 0, opcode, new byte[10]).awaitClose(WAIT), "opcode " + opcode);
      }
    }
    try (RawWebSocket socket = open(fixture)) {
      assertEquals(1002, socket.send(true, 4, TEXT, utf8("{}")).awaitClose(WAIT));
    }
    assertOthersStillServed(fixture);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void fragmentsOutOfOrderClose1002(EngineFixture.Engine engine) throws IOException {
    EngineFixture fixture = on(engine);
    try (RawWebSocket socket = open(fixture)) {
      assertEquals(1002, socket.send(false, 0, CONTINUATION, utf8("{\"type\"")).awaitClose(WAIT));
    }
    try (RawWebSocket socket = open(fixture)) {
      socket.send(false, 0, TEXT, utf8("{\"type\""));
      assertEquals(1002, socket.send(false, 0, TEXT, utf8(":\"ping\"}")).awaitClose(WAIT));
    }
    assertOthersStillServed(fixture);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void invalidUtf8Closes1007(EngineFixture.Engine engine) throws IOException {
    EngineFixture fixture = on(engine);
    try (RawWebSocket socket = open(fixture)) {
      byte[] frame = utf8("{\"type\":\"ping\",\"id\":\"xx\"}");
      frame[20] = (byte) 0xc3; // a lead byte followed by an ASCII byte
      assertEquals(1007, socket.send(true, 0, TEXT, frame).awaitClose(WAIT));
    }
    assertOthersStillServed(fixture);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void loneSurrogatesInJsonAreAnsweredAndPublishedEscaped(EngineFixture.Engine engine) throws IOException {
    EngineFixture fixture = on(engine);
    try (RawWebSocket socket = open(fixture)) {
      socket.sendText("{\"type\":\"ping\",\"id\":\"\\ud800\"}");
      Frame pong = socket.readData(WAIT);
      assertNotNull(pong, "the connection ended instead of answering");
      JsonNode reply = JSON.readTree(pong.text());
      assertEquals("pong", reply.path("type").asText());
      assertEquals("\ud800", reply.path("id").asText(), "the id comes back as the same string, escaped");
      socket.sendText("{\"type\":\"ping\",\"id\":\"next\"}");
      assertTrue(socket.readData(WAIT).text().contains("\"next\""), "the connection is not wedged");
    }
    try (WsClient watcher = WsClient.connect(fixture.url())) {
      watcher.send("{\"type\":\"subscribe\",\"id\":\"w\",\"data\":{\"topics\":[\"surrogates\"]}}");
      watcher.await(n -> "w".equals(n.path("id").asText()));
      fixture.hub().publish("surrogates", new TaskProgress("lone-\udc00", new Progress(1, 1, 0, null, 1, null)));
      fixture.hub().publish("surrogates", new TaskProgress("after", new Progress(1, 1, 0, null, 1, null)));
      watcher.await(n -> n.toString().contains("after"));
    }
    assertOthersStillServed(fixture);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void controlFramesOver125BytesClose1002AndAPingFloodIsRateLimited(EngineFixture.Engine engine) throws IOException {
    EngineFixture fixture = on(engine);
    try (RawWebSocket socket = open(fixture)) {
      assertEquals(1002, socket.sendRefused(true, 0, PING, new byte[64 * 1024]).awaitClose(WAIT));
    }
    long limitClosesBefore = fixture.hub().stats().security().limitCloses();
    try (RawWebSocket socket = open(fixture)) {
      // Default limits: 50/s, burst 100, 20 strikes: 400 ping messages at once must end in 1008.
      int sent = 0;
      try {
        for (; sent < 400; sent++) {
          socket.sendText("{\"type\":\"ping\",\"id\":\"f" + sent + "\"}");
        }
      } catch (IOException closedWhileSending) {
        // the server may close while the flood is still being written
      }
      int closeCode = socket.awaitClose(WAIT);
      // Tyrus and Tomcat close the socket as soon as their close frame is written. A client still
      // writing then gets a reset, which can discard the close frame it had not read yet; the
      // count below shows the hub closed it for the rate all the same. Netty waits for the answer.
      if (closeCode != RawWebSocket.DROPPED || "netty".equals(fixture.name())) {
        assertEquals(1008, closeCode, "after " + sent + " pings");
      }
    }
    await().atMost(WAIT).until(() -> fixture.hub().stats().security().limitCloses() == limitClosesBefore + 1);
    assertOthersStillServed(fixture);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aBinaryFloodNeitherWedgesTheConnectionNorStarvesOthers(EngineFixture.Engine engine) throws IOException {
    EngineFixture fixture = on(engine);
    try (RawWebSocket socket = open(fixture)) {
      int sent = 0;
      try {
        for (; sent < 256; sent++) {
          socket.send(true, 0, BINARY, new byte[32 * 1024]);
        }
        socket.sendText("{\"type\":\"ping\",\"id\":\"after-binary\"}");
      } catch (IOException closedWhileSending) {
        // refused mid-flood
      }
      Answer answer = answer(socket, "after-binary");
      assertTrue(answer.answered() || REFUSALS.contains(answer.closeCode()),
          "8 MiB of binary frames: " + answer);
    }
    assertOthersStillServed(fixture);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aFrameOverMaxFrameBytesCloses1009(EngineFixture.Engine engine) throws IOException {
    EngineFixture fixture = on(engine);
    try (RawWebSocket socket = open(fixture)) {
      socket.sendRefused(true, 0, TEXT, utf8("{\"type\":\"ping\",\"id\":\"" + "x".repeat(70_000) + "\"}"));
      assertEquals(1009, socket.awaitClose(WAIT));
    }
    assertOthersStillServed(fixture);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void anUnmaskedClientFrameCloses1002(EngineFixture.Engine engine) throws IOException {
    EngineFixture fixture = on(engine);
    try (RawWebSocket socket = open(fixture)) {
      socket.send(true, 0, TEXT, utf8("{\"type\":\"ping\",\"id\":\"p\"}"), false);
      assertEquals(1002, socket.awaitClose(WAIT));
    }
    assertOthersStillServed(fixture);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aHeaderDeclaringAHugeLengthCloses1009BeforeAnyPayload(EngineFixture.Engine engine) throws IOException {
    EngineFixture fixture = on(engine);
    for (long declared : new long[] {1L << 62, 1L << 32, 100L << 20}) {
      try (RawWebSocket socket = open(fixture)) {
        socket.sendHeaderOnly(TEXT, declared);
        if (fixture.name().equals("tomcat")) {
          // Tomcat reads the payload into its fixed message buffer and refuses when it overflows:
          // nothing is reserved for the declared length, but the refusal waits for the bytes.
          socket.sendRefused(new byte[80 * 1024]);
        }
        assertEquals(1009, socket.awaitClose(WAIT), "a header declaring " + declared + " bytes");
      }
    }
    assertOthersStillServed(fixture);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void truncatedHeadersAreReleasedWhenTheClientGoes(EngineFixture.Engine engine) throws IOException {
    EngineFixture fixture = on(engine);
    // The fixture is shared by the class: the server releases the earlier cases' connections after
    // their clients have gone, so a count read at once may still hold one. Every case closes its
    // sockets; start from none.
    await().until(() -> fixture.hub().stats().connections() == 0);
    for (byte[] partial : new byte[][] {{(byte) 0x81}, {(byte) 0x81, (byte) 0xfe, 0x01}, {(byte) 0x81, (byte) 0x85, 1, 2}}) {
      RawWebSocket socket = open(fixture);
      await().until(() -> fixture.hub().stats().connections() == 1);
      socket.sendRaw(partial);
      socket.close();
      await().until(() -> fixture.hub().stats().connections() == 0);
    }
    assertOthersStillServed(fixture);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void garbageBeforeTheUpgradeIsNeverUpgraded(EngineFixture.Engine engine) throws IOException {
    EngineFixture fixture = on(engine);
    byte[][] garbage = {
        utf8("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003"), // a TLS client hello's start
        utf8("GARBAGE / HTTP/1.1\r\nHost: x\r\n\r\n"),
        utf8("GET /ws?token=" + TestServers.TOKEN + " HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Version: 13\r\n\r\n"), // no key
        new byte[] {0, 1, 2, 3, (byte) 0xff, '\r', '\n', '\r', '\n'},
    };
    for (byte[] bytes : garbage) {
      try (Socket socket = RawWebSocket.tcp(fixture.port())) {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        socket.shutdownOutput();
        String head = readWhatComes(socket.getInputStream());
        assertTrue(!head.startsWith("HTTP/1.1 101"), "upgraded after garbage: " + head);
      }
    }
    assertOthersStillServed(fixture);
  }

  /** What the server sends before it closes (an HTTP error or nothing), within the socket timeout. */
  private static String readWhatComes(InputStream in) {
    StringBuilder head = new StringBuilder();
    try {
      byte[] buffer = new byte[512];
      for (int n; head.length() < 4096 && (n = in.read(buffer)) > 0; ) {
        head.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
      }
    } catch (IOException resetOrTimeout) {
      // a reset is an answer too; a server that says nothing within 5 s has not upgraded
    }
    return head.toString();
  }

  /** How a connection answered a frame followed by the probe {@code ping}: its pong, or a close. */
  record Answer(boolean answered, int closeCode, int typedErrors) {
  }

  /**
   * Reads until the {@code pong} for {@code probeId} or the end of the connection. Every text frame
   * on the way must be a typed message; an {@code error} must carry a code.
   */
  private static Answer answer(RawWebSocket socket, String probeId) throws IOException {
    int errors = 0;
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Frame frame;
      try {
        frame = socket.readData(WAIT);
      } catch (java.net.SocketTimeoutException e) {
        break;
      } catch (java.net.SocketException | java.io.EOFException e) {
        return new Answer(false, RawWebSocket.DROPPED, errors);
      }
      if (frame == null) {
        return new Answer(false, RawWebSocket.DROPPED, errors);
      }
      if (frame.opcode() == CLOSE) {
        return new Answer(false, frame.closeCode(), errors);
      }
      if (frame.opcode() == RawWebSocket.PONG) {
        continue; // the answer to a ping frame among the random ones
      }
      assertEquals(TEXT, frame.opcode(), "the server sends text frames only");
      JsonNode message = JSON.readTree(frame.text());
      assertTrue(message.path("type").isTextual(), "an untyped frame: " + frame.text());
      if (message.path("type").asText().equals("error")) {
        assertTrue(message.path("error").path("code").isTextual(), "an error without a code: " + frame.text());
        errors++;
      } else if (message.path("type").asText().equals("pong") && probeId.equals(message.path("id").asText())) {
        return new Answer(true, 0, errors);
      }
    }
    return fail("no answer and no close within " + WAIT);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void randomMalformedFramesAllGetABoundedDocumentedAnswer(EngineFixture.Engine engine) throws IOException {
    EngineFixture fixture = on(engine);
    long seed = Long.getLong("pushwire.fuzz.seed", 18L);
    int frames = Integer.getInteger("pushwire.fuzz.frames", DEFAULT_FRAMES);
    Random random = new Random(seed);
    String[] shapes = {"{\"type\":\"ping\",\"id\":\"a\"}", "{\"type\":\"subscribe\",\"id\":\"s\",\"data\":{\"topics\":[\"a*b\"]}}",
        "{\"type\":\"auth\",\"token\":\"x\"}", "{\"type\":\"pong\"}", "[1,{\"a\":null}]", "{\"type\":\"get_tasks\",\"data\":{}}"};
    int answered = 0;
    int closed = 0;
    int typedErrors = 0;
    for (int i = 0; i < frames; i++) {
      int opcode = random.nextInt(10) < 7 ? TEXT : random.nextInt(16);
      int rsv = random.nextInt(10) == 0 ? 1 + random.nextInt(7) : 0;
      boolean fin = random.nextInt(10) != 0;
      byte[] payload = utf8(shapes[random.nextInt(shapes.length)]);
      for (int flips = random.nextInt(4); flips > 0; flips--) {
        payload[random.nextInt(payload.length)] = (byte) random.nextInt(256);
      }
      if (opcode >= 8 && random.nextBoolean()) {
        payload = new byte[random.nextInt(300)]; // control frames, some over 125 bytes
      }
      try (RawWebSocket socket = open(fixture)) {
        String what = "frame " + i + " (seed " + seed + "): fin " + fin + ", rsv " + rsv + ", opcode " + opcode
            + ", " + payload.length + " bytes";
        try {
          socket.send(fin, rsv, opcode, payload);
          if (opcode != CLOSE) {
            socket.sendText("{\"type\":\"ping\",\"id\":\"probe\"}");
          }
        } catch (IOException refusedMidFrame) {
          // the server may refuse a frame on its header and reset before the rest is written
        }
        Answer answer = answer(socket, "probe");
        typedErrors += answer.typedErrors();
        if (answer.answered()) {
          answered++;
        } else {
          closed++;
          if (opcode == CLOSE) {
            assertNotEquals(0, answer.closeCode(), what);
          } else {
            assertTrue(REFUSALS.contains(answer.closeCode()), what + ": closed with " + answer.closeCode());
          }
        }
      }
      if (i % 50 == 49) {
        assertOthersStillServed(fixture);
      }
    }
    assertOthersStillServed(fixture);
    LOG.info("{}: {} random frames (seed {}): {} connections answered the probe, {} closed with a documented code, "
        + "{} typed errors, 0 failures", engine, frames, seed, answered, closed, typedErrors);
    assertEquals(frames, answered + closed);
  }
}
