package io.pushwire.server.topics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicPatternTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void starMatchesAnyRunAndQuestionMarkOneCharacter() {
    assertTrue(TopicPattern.of("task:*").matches("task:progress"));
    assertTrue(TopicPattern.of("alert.*").matches("alert.cpu"));
    assertFalse(TopicPattern.of("alert.*").matches("alerts.cpu"));
    assertTrue(TopicPattern.of("alert.c?u").matches("alert.cpu"));
    assertFalse(TopicPattern.of("alert.c?u").matches("alert.cpuu"));
  }

  @Test
  void regexCharactersAreLiteral() {
    assertTrue(TopicPattern.of("a.b(c)+*").matches("a.b(c)+x"));
    assertFalse(TopicPattern.of("a.b").matches("axb"));
  }

  @Test
  void emptyOverlongOrControlCharacterNamesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> TopicPattern.of(""));
    assertThrows(IllegalArgumentException.class, () -> TopicPattern.of("x".repeat(201)));
    assertThrows(IllegalArgumentException.class, () -> TopicPattern.of("a\nb"));
  }

  @Test
  void filterPassesWhenEveryFieldHasAnAcceptedValue() throws Exception {
    MessageFilter filter = MessageFilter.of(Map.of("level", List.of("warning", "critical"), "type", List.of("cpu")));
    assertTrue(filter.test(JSON.readTree("{\"level\":\"critical\",\"type\":\"cpu\"}")));
    assertFalse(filter.test(JSON.readTree("{\"level\":\"info\",\"type\":\"cpu\"}")));
    assertFalse(filter.test(JSON.readTree("{\"level\":\"critical\"}")), "a missing field does not pass");
  }

  @Test
  void arrayFieldPassesIfAnyElementIsAccepted() throws Exception {
    MessageFilter filter = MessageFilter.of(Map.of("tags", List.of("prod")));
    assertTrue(filter.test(JSON.readTree("{\"tags\":[\"dev\",\"prod\"]}")));
    assertFalse(filter.test(JSON.readTree("{\"tags\":[\"dev\"]}")));
  }

  @Test
  void oversizedFiltersAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> MessageFilter.of(Map.of("level", java.util.Collections.nCopies(65, "x"))));
  }
}
