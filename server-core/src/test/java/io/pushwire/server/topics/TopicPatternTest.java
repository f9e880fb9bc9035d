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
  void starsMatchAnyRunIncludingNoneWhereverTheyStand() {
    assertTrue(TopicPattern.of("*").matches("anything:at.all"));
    assertTrue(TopicPattern.of("a*b*c").matches("abc"));
    assertTrue(TopicPattern.of("a*b*c").matches("aXXbYYc"));
    assertFalse(TopicPattern.of("a*b*c").matches("aXXbYY"));
    assertTrue(TopicPattern.of("*a").matches("banana"));
    assertFalse(TopicPattern.of("*a").matches("bananas"));
    assertTrue(TopicPattern.of("*an*s").matches("bananas"));
    assertTrue(TopicPattern.of("task:**").matches("task:progress"), "a run of stars is one star");
    assertTrue(TopicPattern.of("?*?").matches("ab"));
    assertFalse(TopicPattern.of("?*?").matches("a"));
  }

  @Test
  void aPatternOfManyStarsThatCannotMatchIsRefusedByMatchingNotByTime() {
    // With a backtracking regex this pattern took seconds per topic; it is a plain false now.
    TopicPattern stars = TopicPattern.of("*".repeat(18) + "X");
    assertFalse(stars.matches("a".repeat(190)));
    assertTrue(stars.matches("a".repeat(189) + "X"));
    TopicPattern alternating = TopicPattern.of("*a".repeat(15) + "*X");
    assertFalse(alternating.matches("a".repeat(199)));
    assertTrue(alternating.matches("a".repeat(198) + "X"));
  }

  @Test
  void aPatternWithMoreThanSixteenWildcardsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> TopicPattern.of("?".repeat(17)));
    assertThrows(IllegalArgumentException.class, () -> TopicPattern.of("*a".repeat(17)));
    assertTrue(TopicPattern.of("?".repeat(16)).isWildcard());
    assertTrue(TopicPattern.of("*".repeat(40) + "x").matches("xx"), "forty stars in a row are one");
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
