package io.pushwire.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Coverage-guided fuzzing of the codec's decoder, for both timestamp formats (every dialect's
 * codec is one of these two). The properties, for any text a client can send:
 *
 * <ul>
 *   <li>{@link PushwireCodec#decodeFrame} returns a frame or throws {@link DecodeException}:
 *       never another exception, never an {@code Error}, never {@code null};
 *   <li>a decoded frame encodes, or is refused with the documented
 *       {@link IllegalArgumentException}; what it encodes to decodes again, and encoding that
 *       gives the same JSON (one round reaches a fixed point);
 *   <li>with ISO-8601 timestamps nothing is lost on the way: the second decode equals the first.
 * </ul>
 *
 * <p>The build runs the committed seed corpus ({@code CodecFuzzTestInputs/} under test
 * resources) in regression mode; {@code JAZZER_FUZZ=1} fuzzes, as {@code docs/security.md} says.
 */
class CodecFuzzTest {

  private static final PushwireCodec ISO = PushwireCodec.builder()
      .timestampFormat(TimestampFormat.ISO_8601).maxFrameLength(64 * 1024).build();
  private static final PushwireCodec MILLIS = PushwireCodec.builder()
      .timestampFormat(TimestampFormat.EPOCH_MILLIS).maxFrameLength(64 * 1024).build();

  private static final ObjectMapper JSON = new ObjectMapper();

  @FuzzTest(maxDuration = "5m")
  void decodeYieldsAFrameOrATypedErrorAndRoundTrips(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    for (PushwireCodec codec : List.of(ISO, MILLIS)) {
      Frame frame;
      try {
        frame = codec.decodeFrame(text);
      } catch (DecodeException e) {
        assertNotNull(e.kind());
        assertNotNull(e.getMessage());
        continue;
      }
      assertNotNull(frame.message());
      roundTrips(codec, frame);
    }
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new AssertionError("the codec wrote text that is not JSON: " + json, e);
    }
  }

  private static void roundTrips(PushwireCodec codec, Frame frame) {
    String encoded;
    try {
      encoded = codec.encode(frame);
    } catch (IllegalArgumentException refused) {
      return; // documented: a body the envelope cannot hold, or a value with no JSON form
    }
    Frame again;
    try {
      again = codec.decodeFrame(encoded);
    } catch (DecodeException e) {
      throw new AssertionError("the codec cannot read what it wrote: " + encoded + " (" + e.getMessage() + ")", e);
    }
    // As JSON trees: the order of a map's keys (a metric's tags) is not part of the message.
    assertEquals(tree(encoded), tree(codec.encode(again)), "encoding is not a fixed point: " + encoded);
    if (codec == ISO) {
      assertEquals(frame, again, "an ISO-8601 round trip changed the frame: " + encoded);
    }
  }
}
