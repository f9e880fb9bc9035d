package io.pushwire.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushwire.protocol.Pong;
import io.pushwire.protocol.TaskState;
import io.pushwire.protocol.TaskStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Timestamps are read in either form whatever the codec writes; each codec writes its configured form. */
class TimestampsTest {

  private static final Instant NOON = Instant.parse("2023-03-03T06:20:00Z");
  private static final PushwireCodec ISO = PushwireCodec.builder().timestampFormat(TimestampFormat.ISO_8601).build();
  private static final PushwireCodec EPOCH = PushwireCodec.builder().timestampFormat(TimestampFormat.EPOCH_MILLIS).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void anIsoStringTimestampIsReadByAnEpochCodec() throws DecodeException {
    Frame frame = EPOCH.decodeFrame("{\"type\":\"ping\",\"timestamp\":\"2023-03-03T06:20:00Z\"}");

    assertEquals(NOON, frame.timestamp());
  }

  @Test
  void anEpochMillisTimestampIsReadByAnIsoCodec() throws DecodeException {
    Frame frame = ISO.decodeFrame("{\"type\":\"ping\",\"timestamp\":1677824400000}");

    assertEquals(NOON, frame.timestamp());
  }

  @Test
  void anIsoStringWithAnOffsetIsRead() throws DecodeException {
    Frame frame = ISO.decodeFrame("{\"type\":\"ping\",\"timestamp\":\"2023-03-03T14:20:00+08:00\"}");

    assertEquals(NOON, frame.timestamp());
  }

  @Test
  void aBodyInstantIsReadInEitherForm() throws DecodeException {
    Pong fromMillis = (Pong) ISO.decode("{\"type\":\"pong\",\"data\":{\"server_time\":1677824400000}}");
    Pong fromIso = (Pong) EPOCH.decode("{\"type\":\"pong\",\"data\":{\"server_time\":\"2023-03-03T06:20:00Z\"}}");

    assertEquals(new Pong(NOON), fromMillis);
    assertEquals(new Pong(NOON), fromIso);
  }

  @Test
  void anIsoCodecWritesIsoStrings() throws Exception {
    JsonNode frame = JSON.readTree(ISO.encode(new Frame(new Pong(NOON), "p1", NOON, Envelope.DATA)));

    assertEquals("2023-03-03T06:20:00Z", frame.get("timestamp").asText());
    assertEquals("2023-03-03T06:20:00Z", frame.at("/data/server_time").asText());
  }

  @Test
  void anEpochCodecWritesEpochMillis() throws Exception {
    JsonNode frame = JSON.readTree(EPOCH.encode(new Frame(new Pong(NOON), "p1", NOON, Envelope.DATA)));

    assertEquals(1677824400000L, frame.get("timestamp").longValue());
    assertEquals(1677824400000L, frame.at("/data/server_time").longValue());
  }

  @Test
  void isoTimeFieldsStayIsoStringsUnderAnEpochCodec() throws Exception {
    TaskStatus status = new TaskStatus("t1", TaskState.COMPLETED, NOON, NOON.plusSeconds(600), null);

    JsonNode frame = JSON.readTree(EPOCH.encode(new Frame(status, "s1", NOON, Envelope.DATA)));

    assertEquals(1677824400000L, frame.get("timestamp").longValue());
    assertEquals("2023-03-03T06:20:00Z", frame.at("/data/start_time").asText());
    assertEquals("2023-03-03T06:30:00Z", frame.at("/data/end_time").asText());
  }
}
