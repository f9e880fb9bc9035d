package io.pushwire.server.logs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.protocol.LogLevel;
import io.pushwire.server.Hub;
import io.pushwire.server.PushServer;
import io.pushwire.server.TestServers;
import io.pushwire.server.logs.LogTailClient.Drop;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A long stream read by a client that keeps cutting its own connection abruptly (no close frame)
 * at every point around a batch, and resumes with {@code from_index} and {@code epoch}.
 */
class ResumeAcrossDisconnectsTest {

  private static final int TOTAL = 100_000;
  /** Retention is 10,000 lines; the application stays at most this far ahead of the client, so nothing may be lost. */
  private static final int LEAD = 5_000;
  private static final Drop[] CUTS = {Drop.BEFORE_APPLY, Drop.BEFORE_ACK, Drop.AFTER_ACK};

  @Test
  void aHundredThousandLinesArriveOnceEachInOrderAcrossAbruptDisconnects() throws Exception {
    Hub hub = TestServers.hub().build();
    LogStream stream = LogStream.create(new Retention(10_000, Retention.DEFAULT_MAX_BYTES));
    RunningLogFeature feature = RunningLogFeature.install(hub, stream, RunningLogOptions.defaults()
        .withBatchInterval(Duration.ofMillis(50)).withAckTimeout(Duration.ofSeconds(10)));
    PushServer server = TestServers.start(hub, TestServers.firstMessage("/ws"));
    Semaphore room = new Semaphore(LEAD);
    ExecutorService appender = Executors.newSingleThreadExecutor();
    Random random = new Random(20220211);
    LogTailClient.DropPlan everyFewThousandLines = new LogTailClient.DropPlan() {
      private int threshold = 2_000 + random.nextInt(2_000);
      private int cuts;

      @Override
      public Drop after(int linesOnThisConnection) {
        if (linesOnThisConnection < threshold) {
          return Drop.NONE;
        }
        threshold = 2_000 + random.nextInt(2_000);
        return CUTS[cuts++ % CUTS.length];
      }
    };
    try (LogTailClient client = LogTailClient.resuming(TestServers.url(server, "/ws"), TestServers.TOKEN,
        everyFewThousandLines, room::release)) {
      Future<?> appending = appender.submit(() -> {
        for (int i = 0; i < TOTAL; i++) {
          if (!room.tryAcquire(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the client stopped reading at line " + client.lineCount());
          }
          stream.append(LogLevel.INFO, "line " + i);
        }
        return null;
      });
      await().atMost(Duration.ofSeconds(30)).until(() -> client.lineCount() >= TOTAL || !client.problems().isEmpty());
      appending.get(10, TimeUnit.SECONDS);

      assertEquals(List.of(), client.problems(), "no line repeated, no silent gap");
      assertEquals(0, client.lost(), "no line reported lost");
      assertEquals(IntStream.range(0, TOTAL).mapToObj(i -> "line " + i).toList(), client.lines());
      assertTrue(client.connections() >= 25, "cut " + (client.connections() - 1) + " times");
    } finally {
      appender.shutdownNow();
      server.close();
      feature.close();
      hub.close();
    }
  }
}
