package io.pushwire.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.protocol.ErrorCode;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bad input never yields {@code null} or a raw Jackson exception: each class of bad frame is a
 * {@link DecodeException} of its own kind, answered with {@code INVALID_MESSAGE}, naming the field
 * at fault, and carrying the frame's type and id whenever they could be read.
 */
class DecodeErrorsTest {

  private static final PushwireCodec CODEC = PushwireCodec.create();
  private static final PushwireCodec SMALL_FRAMES = PushwireCodec.builder().maxFrameLength(64).build();
  private static final PushwireCodec SHALLOW = PushwireCodec.builder().maxNestingDepth(4).build();

  /** One bad frame per kind, with the codec that rejects it. */
  private static final Map<DecodeException.Kind, Map.Entry<PushwireCodec, String>> ONE_PER_KIND =
      new EnumMap<>(Map.of(
          DecodeException.Kind.NOT_JSON, Map.entry(CODEC, "{not json"),
          DecodeException.Kind.NOT_AN_OBJECT, Map.entry(CODEC, "[1,2]"),
          DecodeException.Kind.MISSING_TYPE, Map.entry(CODEC, "{\"id\":\"r1\",\"data\":{}}"),
          DecodeException.Kind.UNKNOWN_TYPE, Map.entry(CODEC, "{\"type\":\"teleport\"}"),
          DecodeException.Kind.MISSING_FIELD, Map.entry(CODEC, "{\"type\":\"get_task\",\"data\":{}}"),
          DecodeException.Kind.WRONG_TYPE, Map.entry(CODEC, "{\"type\":\"get_task\",\"data\":{\"task_id\":7}}"),
          DecodeException.Kind.TOO_LARGE, Map.entry(SMALL_FRAMES, "{\"type\":\"auth\",\"token\":\"" + "x".repeat(100) + "\"}"),
          DecodeException.Kind.TOO_DEEP, Map.entry(SHALLOW, "{\"type\":\"config\",\"data\":{\"old_values\":{\"a\":{\"b\":{}}}}}")));

  @ParameterizedTest
  @EnumSource(DecodeException.Kind.class)
  void everyKindIsAnsweredWithInvalidMessage(DecodeException.Kind kind) {
    Map.Entry<PushwireCodec, String> bad = ONE_PER_KIND.get(kind);
    assertNotNull(bad, "no sample frame for " + kind);

    DecodeException e = assertThrows(DecodeException.class, () -> bad.getKey().decodeFrame(bad.getValue()));

    assertAll(
        () -> assertEquals(kind, e.kind()),
        () -> assertEquals(ErrorCode.INVALID_MESSAGE, e.errorCode()));
  }

  @Test
  void textThatIsNotJsonIsNotJsonWithItsPosition() {
    DecodeException e = rejected(CODEC, "{not json", DecodeException.Kind.NOT_JSON);

    assertAll(
        () -> assertTrue(e.getMessage().contains("line 1, column 2"), e.getMessage()),
        () -> assertNull(e.type()),
        () -> assertNull(e.id()));
  }

  @Test
  void anEmptyFrameIsNotJson() {
    DecodeException e = rejected(CODEC, "", DecodeException.Kind.NOT_JSON);

    assertTrue(e.getMessage().contains("empty"), e.getMessage());
  }

  @Test
  void aJsonArrayIsNotAnObject() {
    DecodeException e = rejected(CODEC, "[{\"type\":\"ping\"}]", DecodeException.Kind.NOT_AN_OBJECT);

    assertAll(
        () -> assertTrue(e.getMessage().contains("array"), e.getMessage()),
        () -> assertNull(e.type()));
  }

  @Test
  void aFrameWithoutTypeIsMissingTypeAndKeepsItsId() {
    DecodeException e = rejected(CODEC, "{\"id\":\"r1\",\"data\":{}}", DecodeException.Kind.MISSING_TYPE);

    assertAll(
        () -> assertTrue(e.getMessage().contains("\"type\""), e.getMessage()),
        () -> assertEquals("r1", e.id()),
        () -> assertNull(e.type()));
  }

  @Test
  void aNumericTypeIsMissingType() {
    DecodeException e = rejected(CODEC, "{\"type\":42,\"id\":\"r1\"}", DecodeException.Kind.MISSING_TYPE);

    assertEquals("r1", e.id());
  }

  @Test
  void anUnknownTypeIsUnknownTypeAndKeepsTypeAndId() {
    DecodeException e = rejected(CODEC, "{\"type\":\"teleport\",\"id\":\"r2\"}", DecodeException.Kind.UNKNOWN_TYPE);

    assertAll(
        () -> assertTrue(e.getMessage().contains("\"teleport\""), e.getMessage()),
        () -> assertEquals("teleport", e.type()),
        () -> assertEquals("r2", e.id()));
  }

  @Test
  void anAbsentRequiredFieldIsMissingFieldNamingIt() {
    DecodeException e = rejected(CODEC, "{\"type\":\"get_task\",\"id\":\"r3\",\"data\":{}}",
        DecodeException.Kind.MISSING_FIELD);

    assertAll(
        () -> assertTrue(e.getMessage().contains("\"task_id\""), e.getMessage()),
        () -> assertEquals("get_task", e.type()),
        () -> assertEquals("r3", e.id()));
  }

  @Test
  void aNullRequiredFieldIsMissingFieldNamingIt() {
    DecodeException e = rejected(CODEC, "{\"type\":\"get_task\",\"id\":\"r3\",\"data\":{\"task_id\":null}}",
        DecodeException.Kind.MISSING_FIELD);

    assertAll(
        () -> assertTrue(e.getMessage().contains("\"task_id\""), e.getMessage()),
        () -> assertEquals("r3", e.id()));
  }

  @Test
  void anAbsentNumberIsMissingFieldNamingIt() {
    DecodeException e = rejected(CODEC,
        "{\"type\":\"task_progress\",\"id\":\"r7\",\"data\":{\"task_id\":\"t\",\"progress\":{\"completed\":1}}}",
        DecodeException.Kind.MISSING_FIELD);

    assertAll(
        () -> assertTrue(e.getMessage().contains("\"progress.total\""), e.getMessage()),
        () -> assertEquals("r7", e.id()));
  }

  @Test
  void aNullBooleanIsMissingFieldNamingIt() {
    DecodeException e = rejected(CODEC, "{\"type\":\"ack\",\"success\":null}", DecodeException.Kind.MISSING_FIELD);

    assertTrue(e.getMessage().contains("\"success\""), e.getMessage());
  }

  @Test
  void aMissingFieldInsideAListIsNamedByItsPath() {
    DecodeException e = rejected(CODEC,
        "{\"type\":\"running_log\",\"log\":{\"index\":1,\"log_lines\":[{\"level\":\"INFO\",\"content\":\"x\"}]}}",
        DecodeException.Kind.MISSING_FIELD);

    assertTrue(e.getMessage().contains("log.log_lines[0].date_time"), e.getMessage());
  }

  @Test
  void textWhereANumberBelongsIsWrongTypeNamingTheField() {
    DecodeException e = rejected(CODEC,
        "{\"type\":\"task_progress\",\"id\":\"r4\",\"data\":{\"task_id\":\"t\",\"progress\":{\"total\":\"many\"}}}",
        DecodeException.Kind.WRONG_TYPE);

    assertAll(
        () -> assertTrue(e.getMessage().contains("\"progress.total\""), e.getMessage()),
        () -> assertEquals("task_progress", e.type()),
        () -> assertEquals("r4", e.id()));
  }

  @Test
  void aNumberWhereTextBelongsIsWrongTypeNamingTheField() {
    DecodeException e = rejected(CODEC, "{\"type\":\"get_task\",\"data\":{\"task_id\":7}}",
        DecodeException.Kind.WRONG_TYPE);

    assertTrue(e.getMessage().contains("\"task_id\""), e.getMessage());
  }

  @Test
  void aDataEnvelopeThatIsNotAnObjectIsWrongType() {
    DecodeException e = rejected(CODEC, "{\"type\":\"get_task\",\"id\":\"r5\",\"data\":[1]}",
        DecodeException.Kind.WRONG_TYPE);

    assertAll(
        () -> assertTrue(e.getMessage().contains("\"data\""), e.getMessage()),
        () -> assertEquals("r5", e.id()));
  }

  @Test
  void anUnreadableTimestampIsWrongType() {
    DecodeException e = rejected(CODEC,
        "{\"type\":\"ping\",\"id\":\"r6\",\"timestamp\":\"yesterday\",\"data\":{}}", DecodeException.Kind.WRONG_TYPE);

    assertAll(
        () -> assertTrue(e.getMessage().contains("\"timestamp\""), e.getMessage()),
        () -> assertEquals("ping", e.type()),
        () -> assertEquals("r6", e.id()));
  }

  @Test
  void aFrameLongerThanTheLimitIsTooLarge() {
    DecodeException e = rejected(SMALL_FRAMES, "{\"type\":\"auth\",\"token\":\"" + "x".repeat(100) + "\"}",
        DecodeException.Kind.TOO_LARGE);

    assertTrue(e.getMessage().contains("64"), e.getMessage());
  }

  @Test
  void aFrameNestedDeeperThanTheLimitIsTooDeep() {
    DecodeException e = rejected(SHALLOW,
        "{\"type\":\"config\",\"data\":{\"action\":\"u\",\"old_values\":{\"a\":{\"b\":{}}}}}",
        DecodeException.Kind.TOO_DEEP);

    assertTrue(e.getMessage().contains("deeper"), e.getMessage());
  }

  private static DecodeException rejected(PushwireCodec codec, String frame, DecodeException.Kind kind) {
    DecodeException e = assertThrows(DecodeException.class, () -> codec.decodeFrame(frame));
    assertEquals(kind, e.kind(), e.getMessage());
    assertEquals(ErrorCode.INVALID_MESSAGE, e.errorCode());
    return e;
  }
}
