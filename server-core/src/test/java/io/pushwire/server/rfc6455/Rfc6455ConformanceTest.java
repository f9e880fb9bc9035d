package io.pushwire.server.rfc6455;

import static io.pushwire.server.rfc6455.RawWebSocket.BINARY;
import static io.pushwire.server.rfc6455.RawWebSocket.CLOSE;
import static io.pushwire.server.rfc6455.RawWebSocket.CONTINUATION;
import static io.pushwire.server.rfc6455.RawWebSocket.PING;
import static io.pushwire.server.rfc6455.RawWebSocket.PONG;
import static io.pushwire.server.rfc6455.RawWebSocket.TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.server.rfc6455.RawWebSocket.Frame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 6455 conformance, in the manner of the Autobahn test suite's sections (1-2 framing and
 * pings, 3 reserved bits, 4 opcodes, 5 fragmentation, 6 UTF-8, 7 close handling), on every engine
 * ({@link EngineFixture#all()}), over a raw socket. Each case asserts what the RFC asks of a
 * server; the application-level answers (a {@code pong} to a {@code ping} message) show that a
 * connection that should survive did.
 */
class Rfc6455ConformanceTest extends EngineCases {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** Sends a {@code ping} message and asserts its {@code pong} comes back: the connection works. */
  private static void assertAnswers(RawWebSocket socket, String id) throws IOException {
    socket.sendText("{\"type\":\"ping\",\"id\":\"" + id + "\"}");
    assertPong(socket, id);
  }

  private static void assertPong(RawWebSocket socket, String id) throws IOException {
    Frame frame = socket.readData(WAIT);
    assertNotNull(frame, "the connection ended instead of answering " + id);
    assertEquals(TEXT, frame.opcode(), "a text frame answers " + id);
    assertTrue(frame.text().contains("\"pong\"") && frame.text().contains("\"" + id + "\""), frame.text());
  }

  // Autobahn 1.x: framing.

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void textFramesOfEveryLengthEncodingAreRead(EngineFixture.Engine engine) throws IOException {
    try (RawWebSocket socket = open(on(engine))) {
      for (int pad : new int[] {0, 100, 200, 70_000 - 40}) { // 7-bit, 16-bit and 64-bit lengths
        String id = "len" + pad + "x".repeat(pad > 0 ? pad - 40 : 0);
        if (pad < 65_000) {
          socket.sendText("{\"type\":\"ping\",\"id\":\"" + id + "\"}");
          assertPong(socket, id);
        } else {
          socket.sendRefused(true, 0, TEXT, utf8("{\"type\":\"ping\",\"id\":\"" + id + "\"}"));
          assertEquals(1009, socket.awaitClose(WAIT), "over maxFrameBytes (64 KiB) closes with 1009");
        }
      }
    }
  }

  // Autobahn 2.x: pings and pongs.

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void pingWith125BytesIsAnsweredWithThePayload(EngineFixture.Engine engine) throws IOException {
    try (RawWebSocket socket = open(on(engine))) {
      byte[] payload = new byte[125];
      Arrays.fill(payload, (byte) 0xfe);
      socket.send(true, 0, PING, payload);
      Frame pong = socket.read(WAIT);
      assertNotNull(pong);
      assertEquals(PONG, pong.opcode());
      assertArrayEquals(payload, pong.payload());
      assertAnswers(socket, "after-ping");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void pingWithMoreThan125BytesIsAProtocolError(EngineFixture.Engine engine) throws IOException {
    try (RawWebSocket socket = open(on(engine))) {
      socket.sendRefused(true, 0, PING, new byte[126]);
      assertEquals(1002, socket.awaitClose(WAIT));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void unsolicitedPongIsIgnored(EngineFixture.Engine engine) throws IOException {
    try (RawWebSocket socket = open(on(engine))) {
      socket.send(true, 0, PONG, utf8("unsolicited"));
      assertAnswers(socket, "after-pong");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void fragmentedPingIsAProtocolError(EngineFixture.Engine engine) throws IOException {
    try (RawWebSocket socket = open(on(engine))) {
      socket.send(false, 0, PING, utf8("a"));
      assertEquals(1002, socket.awaitClose(WAIT), "RFC 6455 5.5: control frames are never fragmented");
    }
  }

  // Autobahn 3.x: reserved bits.

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void reservedBitsWithoutAnExtensionAreAProtocolError(EngineFixture.Engine engine) throws IOException {
    for (int rsv = 1; rsv <= 7; rsv++) {
      try (RawWebSocket socket = open(on(engine))) {
        socket.send(true, rsv, TEXT, utf8("{\"type\":\"ping\",\"id\":\"r\"}"));
        assertEquals(1002, socket.awaitClose(WAIT), "RSV " + rsv);
      }
    }
  }

  // Autobahn 4.x: opcodes.

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void reservedOpcodesAreAProtocolError(EngineFixture.Engine engine) throws IOException {
    for (int opcode : new int[] {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
      try (RawWebSocket socket = open(on(engine))) {
        socket.send(true, 0, opcode, utf8("x"));
        assertEquals(1002, socket.awaitClose(WAIT), "opcode " + opcode);
      }
    }
  }

  // Autobahn 5.x: fragmentation.

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void fragmentsAreReassembledWithPingsBetweenThem(EngineFixture.Engine engine) throws IOException {
    try (RawWebSocket socket = open(on(engine))) {
      socket.send(false, 0, TEXT, utf8("{\"type\":\"pi"));
      socket.send(true, 0, PING, utf8("between"));
      Frame pong = socket.read(WAIT);
      assertNotNull(pong);
      assertEquals(PONG, pong.opcode(), "a ping between fragments is answered at once");
      assertEquals("between", pong.text());
      socket.send(false, 0, CONTINUATION, utf8("ng\",\"id\":"));
      socket.send(true, 0, CONTINUATION, utf8("\"frag\"}"));
      assertPong(socket, "frag");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void continuationWithoutAStartIsAProtocolError(EngineFixture.Engine engine) throws IOException {
    try (RawWebSocket socket = open(on(engine))) {
      socket.send(true, 0, CONTINUATION, utf8("{\"type\":\"ping\"}"));
      assertEquals(1002, socket.awaitClose(WAIT));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aNewMessageInsideAFragmentedOneIsAProtocolError(EngineFixture.Engine engine) throws IOException {
    try (RawWebSocket socket = open(on(engine))) {
      socket.send(false, 0, TEXT, utf8("{\"type\":"));
      socket.send(true, 0, TEXT, utf8("{\"type\":\"ping\"}"));
      assertEquals(1002, socket.awaitClose(WAIT));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aBinaryContinuationOfTextIsAProtocolErrorOrRefused(EngineFixture.Engine engine) throws IOException {
    try (RawWebSocket socket = open(on(engine))) {
      socket.send(false, 0, BINARY, new byte[] {1, 2});
      socket.send(false, 0, TEXT, utf8("x"));
      int code = socket.awaitClose(WAIT);
      // 1002 for the interleaved data frame, or 1003 where binary is refused on its first frame.
      assertTrue(code == 1002 || code == 1003, "closed with " + code);
    }
  }

  // Autobahn 6.x: UTF-8.

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void invalidUtf8IsRefusedWith1007(EngineFixture.Engine engine) throws IOException {
    byte[][] invalid = {
        {(byte) 0xc0, (byte) 0xaf}, // overlong '/'
        {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // a surrogate encoded as UTF-8
        {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
        {(byte) 0xff},
        {'{', (byte) 0xce, '}'}, // truncated sequence inside the text
    };
    for (byte[] bytes : invalid) {
      try (RawWebSocket socket = open(on(engine))) {
        socket.send(true, 0, TEXT, bytes);
        assertEquals(1007, socket.awaitClose(WAIT), Arrays.toString(bytes));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void invalidUtf8FailsFastInTheFirstFragment(EngineFixture.Engine engine) throws IOException {
    try (RawWebSocket socket = open(on(engine))) {
      socket.send(false, 0, TEXT, new byte[] {'{', (byte) 0xff, (byte) 0xfe});
      // The message is not finished: a server that validates only whole messages never answers.
      assertEquals(1007, socket.awaitClose(WAIT), "RFC 6455 8.1: fail fast on invalid UTF-8");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aCharacterSplitAcrossFragmentsIsValid(EngineFixture.Engine engine) throws IOException {
    byte[] euro = utf8("\u20ac");
    try (RawWebSocket socket = open(on(engine))) {
      socket.send(false, 0, TEXT, concat(utf8("{\"type\":\"ping\",\"id\":\"e"), new byte[] {euro[0]}));
      socket.send(true, 0, CONTINUATION, concat(new byte[] {euro[1], euro[2]}, utf8("\"}")));
      assertPong(socket, "e\u20ac");
    }
  }

  // Autobahn 7.x: close handling.

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aNormalCloseIsEchoed(EngineFixture.Engine engine) throws IOException {
    try (RawWebSocket socket = open(on(engine))) {
      socket.send(true, 0, CLOSE, closePayload(1000, "bye"));
      assertEquals(1000, socket.awaitClose(WAIT));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void anEmptyCloseIsAnsweredWithAClose(EngineFixture.Engine engine) throws IOException {
    try (RawWebSocket socket = open(on(engine))) {
      socket.send(true, 0, CLOSE, new byte[0]);
      int code = socket.awaitClose(WAIT);
      assertTrue(code == 1000 || code == RawWebSocket.NO_STATUS, "an empty close is answered with 1000 or empty: " + code);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void validCloseCodesAreAnsweredWithAClose(EngineFixture.Engine engine) throws IOException {
    for (int code : new int[] {1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999}) {
      try (RawWebSocket socket = open(on(engine))) {
        socket.send(true, 0, CLOSE, closePayload(code, ""));
        int answer = socket.awaitClose(WAIT);
        assertTrue(answer == code || answer == 1000, "close " + code + " answered with " + answer);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void invalidCloseCodesAreAProtocolError(EngineFixture.Engine engine) throws IOException {
    for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
      try (RawWebSocket socket = open(on(engine))) {
        socket.send(true, 0, CLOSE, closePayload(code, ""));
        assertEquals(1002, socket.awaitClose(WAIT), "close code " + code);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aOneByteClosePayloadIsAProtocolError(EngineFixture.Engine engine) throws IOException {
    try (RawWebSocket socket = open(on(engine))) {
      socket.send(true, 0, CLOSE, new byte[] {0x03});
      assertEquals(1002, socket.awaitClose(WAIT));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aCloseReasonThatIsNotUtf8IsRefused(EngineFixture.Engine engine) throws IOException {
    try (RawWebSocket socket = open(on(engine))) {
      socket.send(true, 0, CLOSE, concat(closePayload(1000, ""), new byte[] {(byte) 0xce, (byte) 0xba, (byte) 0xe1,
          (byte) 0xbd, (byte) 0xb9, (byte) 0xcf, (byte) 0x83, (byte) 0xce, (byte) 0xbc, (byte) 0xce, (byte) 0xb5,
          (byte) 0xed, (byte) 0xa0, (byte) 0x80}));
      int code = socket.awaitClose(WAIT);
      assertTrue(code == 1007 || code == 1002, "Autobahn 7.5.1 expects 1007 (or 1002): " + code);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aControlFrameOver125BytesIsAProtocolErrorForClosesToo(EngineFixture.Engine engine) throws IOException {
    try (RawWebSocket socket = open(on(engine))) {
      socket.send(true, 0, CLOSE, closePayload(1000, "r".repeat(124)));
      assertEquals(1002, socket.awaitClose(WAIT));
    }
  }

  private static byte[] closePayload(int code, String reason) {
    return concat(new byte[] {(byte) (code >> 8), (byte) code}, utf8(reason));
  }
}
