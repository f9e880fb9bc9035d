package io.pushwire.server.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.pushwire.protocol.codec.DecodeException;
import io.pushwire.protocol.codec.Frame;
import io.pushwire.protocol.codec.PushwireCodec;
import io.pushwire.protocol.codec.TimestampFormat;
import io.pushwire.server.Dialect;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Coverage-guided fuzzing of the inbound frame path as a connection's reader runs it: the
 * framing reads the text frame ({@link Framing#inbound}), and a {@link Inbound.Message} goes to the
 * codec. The properties, for any text frame a client can send:
 *
 * <ul>
 *   <li>{@link Framing#inbound} returns one of the {@link Inbound} cases and never throws;
 *   <li>a message's JSON decodes to a frame or a {@link DecodeException}, nothing else;
 *   <li>every frame the server would send back because of it (an {@link Inbound.Answer}, or the
 *       decoded message re-encoded and framed as a reply or a publication) is well-formed UTF-16,
 *       so that a container can encode it as UTF-8 (a lone surrogate makes Tyrus throw an
 *       {@code Error}; issue 18, finding 2);
 *   <li>the framing's outbound side takes whatever the codec writes without throwing.
 * </ul>
 *
 * <p>The build runs the committed seed corpora ({@code InboundFuzzTestInputs/}) in regression
 * mode; {@code JAZZER_FUZZ=1} fuzzes, as {@code docs/security.md} says.
 */
class InboundFuzzTest {

  private static final List<Dialect> DIALECTS = Dialect.builtIn();
  private static final PushwireCodec ISO = PushwireCodec.builder()
      .timestampFormat(TimestampFormat.ISO_8601).maxFrameLength(64 * 1024).build();
  private static final PushwireCodec MILLIS = PushwireCodec.builder()
      .timestampFormat(TimestampFormat.EPOCH_MILLIS).maxFrameLength(64 * 1024).build();

  @FuzzTest(maxDuration = "5m")
  void plainJsonFramesReadAsMessagesOrTypedErrors(byte[] input) {
    String frame = new String(input, StandardCharsets.UTF_8);
    for (Dialect dialect : DIALECTS) {
      follow(JsonFraming.INSTANCE, dialect, frame);
    }
  }

  @FuzzTest(maxDuration = "5m")
  void socketIoPacketsReadAsInboundCasesOrTypedErrors(byte[] input) {
    String packet = new String(input, StandardCharsets.UTF_8);
    for (Dialect dialect : DIALECTS) {
      follow(new SocketIoFraming("sid-fuzz", dialect), dialect, packet);
    }
  }

  private static void follow(Framing framing, Dialect dialect, String text) {
    Inbound inbound = framing.inbound(text);
    assertNotNull(inbound, "inbound returned null for " + text);
    if (inbound instanceof Inbound.Message message) {
      decodeAndAnswer(framing, dialect, message.json());
    } else if (inbound instanceof Inbound.Answer answer) {
      assertSendable(answer.frame());
    } else if (inbound instanceof Inbound.Invalid invalid) {
      assertNotNull(invalid.why());
    } else if (inbound instanceof Inbound.Connect) {
      framing.connected().forEach(InboundFuzzTest::assertSendable);
    } // Pong, Leave, Ignored: nothing is sent
  }

  private static void decodeAndAnswer(Framing framing, Dialect dialect, String json) {
    PushwireCodec codec = dialect.timestamps() == TimestampFormat.ISO_8601 ? ISO : MILLIS;
    Frame frame;
    try {
      frame = codec.decodeFrame(json);
    } catch (DecodeException e) {
      assertNotNull(e.kind());
      return;
    }
    String encoded;
    try {
      encoded = codec.encode(frame);
    } catch (IllegalArgumentException refused) {
      return; // documented: a body its envelope cannot hold
    }
    assertSendable(encoded);
    framing.outbound(encoded).forEach(InboundFuzzTest::assertSendable);
    assertSendable(framing.publication(encoded));
  }

  /** What a container can send as a text frame: no unpaired surrogate, so it has a UTF-8 form. */
  private static void assertSendable(String frame) {
    assertNotNull(frame);
    byte[] utf8 = frame.getBytes(StandardCharsets.UTF_8);
    assertEquals(frame, new String(utf8, StandardCharsets.UTF_8), "not well-formed UTF-16, Tyrus cannot send it: " + frame);
    assertTrue(frame.length() <= 4 * 64 * 1024 + 1024, "an answer far larger than the frame it answers");
  }
}
