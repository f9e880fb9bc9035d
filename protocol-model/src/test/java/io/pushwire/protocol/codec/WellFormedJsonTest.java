package io.pushwire.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.pushwire.protocol.Pong;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Lone surrogates have no UTF-8 form: encoded frames carry them as JSON escapes instead. */
class WellFormedJsonTest {

  private static final PushwireCodec CODEC = PushwireCodec.builder().build();

  @Test
  void textWithoutLoneSurrogatesIsReturnedAsItIs() {
    String text = "{\"type\":\"x\",\"s\":\"caf\u00e9 \u4e2d \ud83d\ude00\"}";
    assertSame(text, WellFormedJson.escapeLoneSurrogates(text), "a pair is one character, not two halves");
  }

  @Test
  void loneHighAndLowSurrogatesBecomeEscapesAndPairsStay() {
    assertEquals("\"a\\ud800b\\udc00\ud83d\ude00\\ud83d\"",
        WellFormedJson.escapeLoneSurrogates("\"a\ud800b\udc00\ud83d\ude00\ud83d\""));
  }

  @Test
  void anEchoedLoneSurrogateEncodesToStrictUtf8AndDecodesToTheSameString() throws Exception {
    Frame pong = Frame.of(new Pong(Instant.ofEpochMilli(0))).withId("\ud800");
    String json = CODEC.encode(pong);
    StandardCharsets.UTF_8.newEncoder().encode(java.nio.CharBuffer.wrap(json)); // throws if not encodable
    assertEquals("\ud800", CODEC.decodeFrame(json).id());
    ByteBuffer bytes = StandardCharsets.UTF_8.encode(json);
    assertEquals(json, StandardCharsets.UTF_8.newDecoder().decode(bytes).toString());
  }

  @Test
  void strictUtf8RefusesTheRawFormWhichIsWhyItIsEscaped() {
    org.junit.jupiter.api.Assertions.assertThrows(CharacterCodingException.class,
        () -> StandardCharsets.UTF_8.newEncoder().encode(java.nio.CharBuffer.wrap("\ud800")));
  }
}
