package io.pushwire.client.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.client.tasks.TaskUpdate.Phase;
import io.pushwire.protocol.GenerationStatus;
import io.pushwire.protocol.Pong;
import io.pushwire.protocol.Progress;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.protocol.TaskState;
import io.pushwire.protocol.TaskStatus;
import io.pushwire.protocol.TaskStatusUpdate;
import io.pushwire.protocol.TaskUpdated;
import io.pushwire.protocol.VideoCard;
import io.pushwire.protocol.VideoTaskStatus;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One task state from the frames of three documents (docs/tasks.md §2). */
class TaskUpdateTest {

  private static final Progress HALF = new Progress(100, 50, 0, "BTCUSDT", 50.0, "Downloading");

  @Test
  void seed003StatusNamesThePhase() {
    TaskUpdate update = TaskUpdate.of(null, new TaskStatus("t1", TaskState.PENDING, null, null, null));

    assertEquals(Phase.QUEUED, update.phase());
    assertNull(update.percentage());
  }

  @Test
  void seed003ProgressKeepsThePhaseItDoesNotCarry() {
    TaskUpdate running = TaskUpdate.of(null, new TaskStatus("t1", TaskState.RUNNING, Instant.EPOCH, null, null));

    TaskUpdate update = TaskUpdate.of(running, new TaskProgress("t1", HALF));

    assertEquals(Phase.RUNNING, update.phase());
    assertEquals(50.0, update.percentage());
    assertEquals(HALF, update.progress());
  }

  @Test
  void progressBeforeAnyStatusHasAnUnknownPhase() {
    assertEquals(Phase.UNKNOWN, TaskUpdate.of(null, new TaskProgress("t1", HALF)).phase());
  }

  @Test
  void seed004ProcessingIsRunningAndCompletedCarriesTheVideo() {
    TaskUpdate running = TaskUpdate.of(null, new TaskUpdated("v1", VideoTaskStatus.PROCESSING, 40, null, null));

    TaskUpdate done = TaskUpdate.of(running, new TaskUpdated("v1", VideoTaskStatus.COMPLETED, null, "https://x/v.mp4", null));

    assertEquals(Phase.RUNNING, running.phase());
    assertEquals(Phase.COMPLETED, done.phase());
    assertEquals(40.0, done.percentage(), "a frame without progress keeps the last one");
    assertEquals("https://x/v.mp4", done.resultUrl());
    assertTrue(done.terminal());
  }

  @Test
  void seed002GeneratingIsRunningAndDoneCarriesTheCardsVideo() {
    VideoCard card = new VideoCard("g1", "done", "Sunset", null, null, "https://x/g1.mp4", null, null, Map.of());

    TaskUpdate done = TaskUpdate.of(null, new TaskStatusUpdate("g1", GenerationStatus.DONE, card));

    assertEquals(Phase.RUNNING, TaskUpdate.of(null, new TaskStatusUpdate("g1", GenerationStatus.GENERATING, null)).phase());
    assertEquals(Phase.COMPLETED, done.phase());
    assertEquals("https://x/g1.mp4", done.resultUrl());
  }

  @Test
  void aPreviousUpdateOfAnotherTaskIsIgnored() {
    TaskUpdate other = TaskUpdate.of(null, new TaskStatus("t2", TaskState.RUNNING, null, null, null));

    assertEquals(Phase.UNKNOWN, TaskUpdate.of(other, new TaskProgress("t1", HALF)).phase());
  }

  @Test
  void aFrameThatIsNoTaskFrameIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> TaskUpdate.of(null, new Pong(Instant.EPOCH)));
  }
}
