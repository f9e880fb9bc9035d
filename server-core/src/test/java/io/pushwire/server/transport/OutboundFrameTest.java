package io.pushwire.server.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The pre-framed form a frame is written in: the header lengths of RFC 6455, section 5.2. */
class OutboundFrameTest {

  @Test
  void aShortFrameHasATwoByteHeader() {
    ByteBuffer wire = OutboundFrame.of("héllo").wireFrame();

    byte[] payload = "héllo".getBytes(StandardCharsets.UTF_8);
    assertEquals(2 + payload.length, wire.remaining());
    assertEquals((byte) 0x81, wire.get(0));
    assertEquals(payload.length, wire.get(1));
    assertArrayEquals(payload, rest(wire, 2));
  }

  @Test
  void aFrameOf126To65535BytesHasASixteenBitLength() {
    String text = "x".repeat(126);
    ByteBuffer wire = OutboundFrame.of(text).wireFrame();

    assertEquals(126, wire.get(1));
    assertEquals(126, ((wire.get(2) & 0xFF) << 8) | (wire.get(3) & 0xFF));
    assertEquals(4 + 126, wire.remaining());
    assertEquals(65_535 + 4, OutboundFrame.of("y".repeat(65_535)).wireFrame().remaining());
  }

  @Test
  void aLargerFrameHasASixtyFourBitLength() {
    ByteBuffer wire = OutboundFrame.of("z".repeat(65_536)).wireFrame();

    assertEquals(127, wire.get(1));
    long length = 0;
    for (int i = 0; i < 8; i++) {
      length = (length << 8) | (wire.get(2 + i) & 0xFF);
    }
    assertEquals(65_536, length);
    assertEquals(10 + 65_536, wire.remaining());
  }

  @Test
  void itsUtf8LengthMatchesTheEncoderIncludingALoneSurrogate() {
    String text = "a\u00e9\u20ac\ud83d\ude00\ud800";
    OutboundFrame frame = OutboundFrame.of(text);

    assertEquals(text.getBytes(StandardCharsets.UTF_8).length, frame.utf8Length());
    assertEquals(frame.utf8Length(), frame.utf8().remaining());
  }

  @Test
  void anEngineAttachmentIsMadeOnceAndKept() {
    OutboundFrame frame = OutboundFrame.of("hi");
    Object first = frame.attachment(Object.class, f -> new Object());

    assertSame(first, frame.attachment(Object.class, f -> new Object()));
  }

  private static byte[] rest(ByteBuffer buffer, int from) {
    byte[] out = new byte[buffer.remaining() - from];
    buffer.duplicate().position(from).get(out);
    return out;
  }
}
