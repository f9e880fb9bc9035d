package io.pushwire.clientjs.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.clientjs.codegen.ProtocolModel.Field;
import io.pushwire.clientjs.codegen.ProtocolModel.MessageType;
import io.pushwire.protocol.AlertResolved;
import io.pushwire.protocol.CloseCode;
import io.pushwire.protocol.GenerationStatus;
import io.pushwire.protocol.JobStatus;
import io.pushwire.protocol.LogLevel;
import io.pushwire.protocol.MetricsHistory;
import io.pushwire.protocol.Pong;
import io.pushwire.protocol.TaskStatus;
import io.pushwire.protocol.VideoCard;
import io.pushwire.protocol.codec.MessageTypes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the generator reads from the model: the facts the generated files are made of. */
class ProtocolModelTest {

  private static final ProtocolModel MODEL = ProtocolModel.read();

  private static Field field(Class<?> record, String name) {
    return MODEL.records.get(record).fields().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void everyBuiltInTypeInOrderWithItsRecordsAndDirection() {
    assertEquals(List.copyOf(MessageTypes.builtInTypes()), MODEL.messageTypes.stream().map(MessageType::type).toList());
    MessageType alert = MODEL.messageTypes.stream().filter(m -> m.type().equals("alert")).findFirst().orElseThrow();
    assertEquals(2, alert.classes().size());
    assertTrue(alert.fromServer());
    assertFalse(alert.fromClient());
    MessageType reply = MODEL.messageTypes.stream().filter(m -> m.type().equals("common_reply")).findFirst().orElseThrow();
    assertTrue(reply.fromServer() && reply.fromClient());
  }

  @Test
  void wireNamesRequiredFieldsAndTimeForms() {
    assertTrue(field(TaskStatus.class, "task_id").required());
    assertFalse(field(TaskStatus.class, "error").required());
    assertTrue(field(TaskStatus.class, "start_time").isoTime());
    assertTrue(field(MetricsHistory.Series.class, "truncated").required(), "a primitive is required");
    assertTrue(MODEL.usesDialectTime(Pong.class));
    assertTrue(MODEL.usesDialectTime(MetricsHistory.class), "through its samples");
    assertFalse(MODEL.usesDialectTime(TaskStatus.class), "@IsoTime instants are always strings");
    assertEquals("resolved", field(AlertResolved.class, "status").constant());
    assertTrue(MODEL.records.get(VideoCard.class).openFields());
  }

  @Test
  void openAndClosedEnumerations() {
    assertTrue(MODEL.enums.get(LogLevel.class).open());
    assertFalse(MODEL.enums.get(JobStatus.class).open());
    assertFalse(MODEL.enums.get(GenerationStatus.class).open());
    assertEquals(List.of("running", "waitting"), MODEL.enums.get(JobStatus.class).values());
  }

  @Test
  void theReconnectRangesAreCloseCodeShouldReconnect() {
    for (Object[] range : ProtocolModel.reconnectRanges()) {
      for (int code = (Integer) range[0]; code <= (Integer) range[1]; code += Math.max(1, ((Integer) range[1] - (Integer) range[0]) / 50)) {
        assertEquals(range[2], CloseCode.shouldReconnect(code), "code " + code);
      }
    }
  }
}
