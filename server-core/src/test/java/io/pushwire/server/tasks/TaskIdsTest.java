package io.pushwire.server.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskIdsTest {

  @Test
  void aRestartDoesNotReuseTheIdsOfTheBootBefore() {
    TaskIds before = TaskIds.withPrefix("task_");
    TaskIds after = TaskIds.withPrefix("task_"); // what a new process makes at its start
    String first = before.next();
    assertNotEquals(first, after.next(), "the first task of each boot gets a different id");
    assertTrue(first.startsWith("task_") && first.endsWith("_1"), first);
  }

  @Test
  void idsAreUniqueAndValidTaskIds() {
    TaskIds ids = TaskIds.withPrefix("video_");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      String id = ids.next();
      NewTask.of(id); // checks the id
      seen.add(id);
    }
    assertEquals(1_000, seen.size());
  }

  @Test
  void aPrefixThatCannotStartATaskIdIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> TaskIds.withPrefix("task*"));
  }
}
