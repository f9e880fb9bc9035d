package io.pushwire.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.protocol.AlertLevel;
import io.pushwire.protocol.AlertTriggered;
import io.pushwire.protocol.Auth;
import io.pushwire.protocol.ErrorCode;
import io.pushwire.protocol.ErrorMessage;
import io.pushwire.protocol.LogLevel;
import io.pushwire.protocol.RunningLog;
import io.pushwire.protocol.TaskUpdated;
import io.pushwire.protocol.VideoTaskStatus;
import org.junit.jupiter.api.Test;

/** How values outside what this version knows are read: open sets widen, closed sets reject, extra fields pass. */
class WireValuesTest {

  private static final PushwireCodec CODEC = PushwireCodec.create();

  @Test
  void anUnknownAlertLevelReadsAsUnknown() throws DecodeException {
    AlertTriggered alert = (AlertTriggered) CODEC.decode(
        "{\"type\":\"alert\",\"data\":{\"alert_id\":\"a1\",\"type\":\"cpu\",\"level\":\"emergency\",\"status\":\"active\"}}");

    assertEquals(AlertLevel.UNKNOWN, alert.level());
  }

  @Test
  void anUnknownVideoTaskStatusReadsAsUnknown() throws DecodeException {
    TaskUpdated update = (TaskUpdated) CODEC.decode(
        "{\"type\":\"taskUpdated\",\"payload\":{\"videoId\":\"v1\",\"status\":\"CANCELLED\"}}");

    assertEquals(VideoTaskStatus.UNKNOWN, update.status());
  }

  @Test
  void anUnknownErrorCodeReadsAsUnknown() throws DecodeException {
    ErrorMessage error = (ErrorMessage) CODEC.decode(
        "{\"type\":\"error\",\"error\":{\"code\":\"QUOTA_EXHAUSTED\",\"message\":\"no more\"}}");

    assertEquals(ErrorCode.UNKNOWN, error.code());
  }

  @Test
  void warnReadsAsTheWarningLogLevel() throws DecodeException {
    RunningLog log = (RunningLog) CODEC.decode("{\"type\":\"running_log\",\"log\":{\"index\":0,\"log_lines\":"
        + "[{\"level\":\"WARN\",\"date_time\":\"2022-02-11 08:51:16\",\"content\":\"x\"}]}}");

    assertEquals(LogLevel.WARNING, log.log().logLines().get(0).level());
  }

  @Test
  void anUnknownJobStatusIsRejectedAsWrongType() {
    DecodeException e = assertThrows(DecodeException.class, () -> CODEC.decode("{\"type\":\"sub_download_jobs\","
        + "\"jobs\":{\"status\":\"weird\",\"started_time\":\"2022-03-01 15:04:05\"}}"));

    assertEquals(DecodeException.Kind.WRONG_TYPE, e.kind());
    assertTrue(e.getMessage().contains("\"jobs.status\""), e.getMessage());
  }

  @Test
  void anUnknownGenerationStatusIsRejectedAsWrongType() {
    DecodeException e = assertThrows(DecodeException.class,
        () -> CODEC.decode("{\"type\":\"taskStatusUpdate\",\"generateId\":\"g1\",\"status\":\"queued\"}"));

    assertEquals(DecodeException.Kind.WRONG_TYPE, e.kind());
    assertTrue(e.getMessage().contains("generating"), e.getMessage());
  }

  @Test
  void unknownExtraFieldsAreIgnored() throws DecodeException {
    Frame frame = CODEC.decodeFrame(
        "{\"type\":\"auth\",\"token\":\"t1\",\"client_version\":\"9.9\",\"meta\":{\"trace\":[1,2]}}");

    assertEquals(new Auth("t1"), frame.message());
  }

  @Test
  void unknownExtraFieldsInsideTheBodyAreIgnored() throws DecodeException {
    TaskUpdated update = (TaskUpdated) CODEC.decode(
        "{\"type\":\"taskUpdated\",\"payload\":{\"videoId\":\"v1\",\"status\":\"QUEUED\",\"eta_seconds\":30}}");

    assertEquals(new TaskUpdated("v1", VideoTaskStatus.QUEUED, null, null, null), update);
  }
}
