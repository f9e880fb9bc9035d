package io.pushwire.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pushwire.protocol.Ack;
import io.pushwire.protocol.CommonReply;
import io.pushwire.protocol.Position;
import io.pushwire.protocol.RecoveryReason;
import io.pushwire.protocol.StreamState;
import io.pushwire.protocol.Subscribe;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The recovery extensions: {@code pos} on frames, {@code since}/{@code positions} on subscribe, the ack's positions. */
class PositionsTest {

  private final PushwireCodec millis = PushwireCodec.builder().timestampFormat(TimestampFormat.EPOCH_MILLIS).build();
  private final PushwireCodec iso = PushwireCodec.create();

  @Test
  void aPushInAnEnvelopeCarriesPosAfterTimestamp() throws DecodeException {
    Frame frame = millis.frame(CommonReply.AUTH_OK).withEnvelope(Envelope.DATA).withId("m1")
        .withTimestamp(Instant.ofEpochMilli(1_677_824_400_000L)).withPosition(new Position("task:progress", 42, "ab12-1"));
    String text = millis.encode(frame);
    assertEquals("{\"type\":\"common_reply\",\"id\":\"m1\",\"timestamp\":1677824400000,"
        + "\"pos\":{\"topic\":\"task:progress\",\"offset\":42,\"epoch\":\"ab12-1\"},"
        + "\"data\":{\"message\":\"auth ok\"}}", text);
    assertEquals(frame, millis.decodeFrame(text));
  }

  @Test
  void aFlatPushCarriesPosBesideTypeAndItIsNotPartOfTheBody() throws DecodeException {
    Frame frame = iso.frame(CommonReply.AUTH_OK).withPosition(new Position("news", 7, "e"));
    String text = iso.encode(frame);
    assertEquals("{\"type\":\"common_reply\",\"pos\":{\"topic\":\"news\",\"offset\":7,\"epoch\":\"e\"},"
        + "\"message\":\"auth ok\"}", text);
    Frame back = iso.decodeFrame(text);
    assertEquals(CommonReply.AUTH_OK, back.message());
    assertEquals(new Position("news", 7, "e"), back.position());
  }

  @Test
  void aFrameWithoutPositionIsWrittenAsBefore() {
    assertEquals("{\"type\":\"common_reply\",\"message\":\"auth ok\"}", iso.encode(CommonReply.AUTH_OK));
    assertNull(iso.frame(CommonReply.AUTH_OK).position());
  }

  @Test
  void subscribeWithSinceRoundTrips() throws DecodeException {
    String text = "{\"type\":\"subscribe\",\"id\":\"r1\",\"data\":{\"topics\":[\"a\",\"b\"],\"positions\":true,"
        + "\"since\":{\"a\":{\"offset\":12,\"epoch\":\"x-1\"}}}}";
    Subscribe s = (Subscribe) millis.decode(text);
    assertEquals(List.of("a", "b"), s.topics());
    assertEquals(Position.of(12, "x-1"), s.sinceFor("a"));
    assertNull(s.sinceFor("b"));
    assertEquals(text, millis.encode(millis.frame(s).withId("r1").withEnvelope(Envelope.DATA)));
  }

  @Test
  void aPlainSubscribeIsWrittenAsBefore() {
    assertEquals("{\"type\":\"subscribe\",\"data\":{\"topics\":[\"a\"]}}", millis.encode(Subscribe.topics(List.of("a"))));
  }

  @Test
  void malformedSincePositionsAreRejected() {
    for (String since : List.of("{\"a\":{\"offset\":-1,\"epoch\":\"e\"}}", "{\"a\":{\"offset\":1}}",
        "{\"a\":{\"offset\":1,\"epoch\":\"\"}}", "{\"a\":{\"offset\":\"1\",\"epoch\":\"e\"}}", "{\"a\":null}",
        "{\"a\":5}")) {
      String text = "{\"type\":\"subscribe\",\"data\":{\"topics\":[\"a\"],\"since\":" + since + "}}";
      assertThrows(DecodeException.class, () -> millis.decode(text), since);
    }
  }

  @Test
  void malformedPosOnAPushIsRejected() {
    assertThrows(DecodeException.class,
        () -> millis.decode("{\"type\":\"common_reply\",\"pos\":{\"offset\":1.5,\"epoch\":\"e\"},\"message\":\"x\"}"));
  }

  @Test
  void theAckSaysWhereEachTopicStoodAndWhetherItRecovered() throws DecodeException {
    Map<String, StreamState> positions = new LinkedHashMap<>();
    positions.put("a", StreamState.recovered(20, "x-1"));
    positions.put("b", StreamState.incomplete(9, "x-2", RecoveryReason.EPOCH_CHANGED));
    positions.put("c", StreamState.live(0, "x-3"));
    String text = millis.encode(millis.frame(Ack.ok(positions)).withId("r1").withEnvelope(Envelope.DATA));
    assertEquals("{\"type\":\"ack\",\"id\":\"r1\",\"data\":{\"success\":true,\"positions\":{"
        + "\"a\":{\"offset\":20,\"epoch\":\"x-1\",\"recovered\":true},"
        + "\"b\":{\"offset\":9,\"epoch\":\"x-2\",\"recovered\":false,\"reason\":\"epoch_changed\"},"
        + "\"c\":{\"offset\":0,\"epoch\":\"x-3\"}}}}", text);
    assertEquals(Ack.ok(positions), millis.decode(text));
    assertEquals("{\"type\":\"ack\",\"success\":true}", millis.encode(Ack.ok()));
  }
}
