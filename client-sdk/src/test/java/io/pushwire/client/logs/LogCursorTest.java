package io.pushwire.client.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.pushwire.protocol.GetRunningLog;
import io.pushwire.protocol.LogBatch;
import io.pushwire.protocol.LogLevel;
import io.pushwire.protocol.LogLine;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The resume rules of docs/logs.md §3, batch by batch. */
class LogCursorTest {

  private static final long RUN = 1_795_276_084_816L;
  private static final long NEXT_RUN = RUN + 3_627;

  /** Lines "line <from>" .. "line <to - 1>". */
  private static List<LogLine> lines(long from, long to) {
    return LongStream.range(from, to)
        .mapToObj(i -> new LogLine(LogLevel.INFO, LocalDateTime.of(2022, 2, 11, 8, 51, 16), "line " + i)).toList();
  }

  private static LogBatch batch(long index, long count, long epoch, Long lost) {
    return new LogBatch(index, lines(index, index + count), epoch, lost);
  }

  /** A cursor that has applied lines 0..9 of RUN. */
  private static LogCursor atTen() {
    LogCursor cursor = new LogCursor();
    cursor.apply(batch(0, 10, RUN, null));
    return cursor;
  }

  @Test
  void aNewCursorAsksForTheCurrentRun() {
    assertEquals(GetRunningLog.current(), new LogCursor().request());
  }

  @Test
  void afterABatchItResumesFromTheOffsetAfterItsLastLineInItsEpoch() {
    assertEquals(GetRunningLog.resumeFrom(10, RUN), atTen().request());
  }

  @Test
  void theFirstBatchIsDeliveredWholeWithoutAGap() {
    LogCursor.Step step = new LogCursor().apply(batch(40, 5, RUN, null));

    assertNull(step.gap());
    assertEquals(lines(40, 45), step.lines());
  }

  @Test
  void aContiguousBatchHasNoGap() {
    LogCursor cursor = atTen();

    LogCursor.Step step = cursor.apply(batch(10, 3, RUN, null));

    assertNull(step.gap());
    assertEquals(lines(10, 13), step.lines());
    assertEquals(13, cursor.nextOffset());
  }

  @Test
  void lostLinesAnnouncedByTheServerAreAGapBeforeTheLines() {
    LogCursor.Step step = atTen().apply(batch(14, 2, RUN, 4L));

    assertEquals(new LogGap(4, false), step.gap());
    assertEquals(lines(14, 16), step.lines());
  }

  @Test
  void aLostCountCoveringOnlyLinesAlreadyAppliedIsNoGap() {
    LogCursor.Step step = atTen().apply(batch(10, 2, RUN, 7L));

    assertNull(step.gap());
    assertEquals(lines(10, 12), step.lines());
  }

  @Test
  void aLostCountOnTheFirstBatchIsNoGap() {
    assertNull(new LogCursor().apply(batch(40, 5, RUN, 40L)).gap());
  }

  @Test
  void aBatchStartingBeyondTheOffsetIsAGapEvenUnannounced() {
    LogCursor.Step step = atTen().apply(batch(25, 1, RUN, null));

    assertEquals(new LogGap(15, false), step.gap());
  }

  @Test
  void linesAlreadyAppliedAreDropped() {
    LogCursor cursor = atTen();

    LogCursor.Step step = cursor.apply(batch(7, 6, RUN, null));

    assertNull(step.gap());
    assertEquals(lines(10, 13), step.lines());
    assertEquals(13, cursor.nextOffset());
  }

  @Test
  void aBatchEntirelyAppliedBeforeDeliversNothingAndKeepsTheOffset() {
    LogCursor cursor = atTen();

    LogCursor.Step step = cursor.apply(batch(2, 5, RUN, null));

    assertEquals(List.of(), step.lines());
    assertEquals(10, cursor.nextOffset());
  }

  @Test
  void anotherEpochIsANewRunGapAndItsLinesAreDeliveredFromItsIndex() {
    LogCursor cursor = atTen();

    LogCursor.Step step = cursor.apply(batch(0, 3, NEXT_RUN, null));

    assertEquals(new LogGap(0, true), step.gap());
    assertEquals(lines(0, 3), step.lines());
    assertEquals(GetRunningLog.resumeFrom(3, NEXT_RUN), cursor.request());
  }

  @Test
  void aNewRunCarriesTheLostCountTheServerAnnounced() {
    LogCursor.Step step = atTen().apply(batch(16, 1, NEXT_RUN, 6L));

    assertEquals(new LogGap(6, true), step.gap());
  }
}
