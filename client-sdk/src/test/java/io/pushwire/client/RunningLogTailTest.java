package io.pushwire.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.client.logs.LogGap;
import io.pushwire.client.logs.LogTail;
import io.pushwire.protocol.CloseCode;
import io.pushwire.protocol.GetRunningLog;
import io.pushwire.protocol.LogLevel;
import io.pushwire.protocol.LogLine;
import io.pushwire.protocol.RunningLog;
import io.pushwire.server.Dialect;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import io.pushwire.server.Limits;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.logs.LogStream;
import io.pushwire.server.logs.Retention;
import io.pushwire.server.logs.RunningLogFeature;
import io.pushwire.server.logs.RunningLogOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code PushClient.tailRunningLog} against the server's LogStream and RunningLogFeature (seed 000). */
class RunningLogTailTest extends ClientTestSupport {

  /** Seed 000's endpoint: the first message authenticates, frames are flat. */
  private static final EndpointSpec SEED_000 = EndpointSpec.builder("/ws").auth(AuthMode.FIRST_MESSAGE)
      .dialect(Dialect.FLAT).build();
  /** Every acknowledgement is a message; a client catching up sends hundreds a second. */
  private static final Limits GENEROUS = Limits.builder().messageRate(100_000, 100_000).build();
  private static final RunningLogOptions FAST = RunningLogOptions.defaults().withBatchInterval(Duration.ofMillis(10))
      .withAckTimeout(Duration.ofSeconds(30));

  /** The stream of each (re)start of the server, oldest first. */
  private final List<LogStream> streams = new CopyOnWriteArrayList<>();

  /** A server whose every (re)start serves a new LogStream with {@code retention}. */
  private TestServer logServer(Retention retention) {
    List<RunningLogFeature> features = new CopyOnWriteArrayList<>();
    track((AutoCloseable) () -> features.forEach(RunningLogFeature::close));
    return track(TestServer.start(List.of(SEED_000), GENEROUS, (Hub hub) -> {
      LogStream stream = LogStream.create(retention);
      streams.add(stream);
      features.add(RunningLogFeature.install(hub, stream, FAST));
    }));
  }

  private LogStream stream() {
    return streams.get(streams.size() - 1);
  }

  private static List<String> numbered(String prefix, int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> prefix + " " + i).toList();
  }

  private static void append(LogStream stream, List<String> contents) {
    contents.forEach(content -> stream.append(LogLevel.INFO, content));
  }

  @Test
  void aHundredThousandLinesArriveOnceEachInOrderAcrossConnectionsCutEveryFewThousandLines() throws Exception {
    int total = 100_000;
    TestServer server = logServer(Retention.defaults());
    FaultProxy proxy = track(new FaultProxy(server.port()));
    // The application stays at most 5,000 lines ahead of the listener: well inside the 10,000 retained.
    Semaphore room = new Semaphore(5_000);
    LogRecorder seen = new LogRecorder() {
      @Override
      public void onLines(List<LogLine> batch) {
        super.onLines(batch);
        room.release(batch.size());
      }
    };
    PushClient client = track(fastClient(server.uriVia(proxy.port())).build());
    Recorder<StateChange> states = new Recorder<>();
    client.onStateChange(states);
    client.tailRunningLog(seen);
    client.connect().get(20, TimeUnit.SECONDS);
    ExecutorService appender = Executors.newSingleThreadExecutor();
    track((AutoCloseable) appender::shutdownNow);
    LogStream stream = stream();
    Future<?> appending = appender.submit(() -> {
      for (int i = 0; i < total; i++) {
        if (!room.tryAcquire(20, TimeUnit.SECONDS)) {
          throw new AssertionError("the listener stopped at line " + seen.lineCount());
        }
        stream.append(LogLevel.INFO, "line " + i);
      }
      return null;
    });

    Random random = new Random(20220211);
    int cuts = 0;
    for (int next = 2_000 + random.nextInt(2_000); next < total; next += 2_000 + random.nextInt(2_000)) {
      int threshold = next;
      int connections = cuts + 1;
      // Cut the connection the lines are flowing on, not one still being made.
      await().until(() -> seen.lineCount() >= threshold && proxy.accepted() == connections
          && client.state() == ConnectionState.OPEN);
      proxy.cutAll();
      cuts++;
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> seen.lineCount() >= total);
    appending.get(10, TimeUnit.SECONDS);

    assertEquals(List.of(), seen.gaps(), "nothing reported lost");
    assertEquals(numbered("line", 0, total), seen.events(), "every line once, in order");
    assertTrue(cuts >= 25, "cut " + cuts + " times");
    int cutsMade = cuts;
    // Every cut dropped a connection, and was followed by exactly one new one.
    await().until(() -> states.count(closedWith(1006)) == cutsMade && proxy.accepted() == cutsMade + 1
        && client.state() == ConnectionState.OPEN);
  }

  @Test
  void linesThatLeftRetentionBeforeTheListenerWasReadyArriveAsAGapBeforeTheLinesAfterIt() throws Exception {
    TestServer server = logServer(new Retention(100, Retention.DEFAULT_MAX_BYTES));
    append(stream(), numbered("early", 0, 5));
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    LogRecorder seen = new LogRecorder() {
      @Override
      public void onLines(List<LogLine> batch) {
        super.onLines(batch);
        busy.countDown();
        try {
          release.await(20, TimeUnit.SECONDS); // a listener busy with its first batch: nothing acknowledged
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    PushClient client = connected(fastClient(server.uri()));
    client.tailRunningLog(seen);
    assertTrue(busy.await(20, TimeUnit.SECONDS));

    append(stream(), numbered("late", 0, 1_000)); // offsets 5..1004: only the last 100 are kept
    release.countDown();

    await().until(() -> seen.lineCount() == 105);
    List<String> expected = new ArrayList<>(numbered("early", 0, 5));
    expected.add(LogRecorder.gap(new LogGap(900, false)));
    expected.addAll(numbered("late", 900, 1_000));
    assertEquals(expected, seen.events());
  }

  @Test
  void aRestartedServerIsANewRunAndTheTailCarriesOnWithIt() throws Exception {
    TestServer server = logServer(Retention.defaults());
    append(stream(), numbered("first run", 0, 3));
    PushClient client = connected(fastClient(server.uri()));
    Recorder<StateChange> states = new Recorder<>();
    client.onStateChange(states);
    LogRecorder seen = new LogRecorder();
    LogTail tail = client.tailRunningLog(seen);
    await().until(() -> seen.lineCount() == 3);
    long firstEpoch = tail.epoch();

    server.stop();
    await().until(() -> states.any(closedWith(1001)));
    await().until(() -> System.currentTimeMillis() > firstEpoch); // a new stream gets a new epoch
    server.startAgain();
    append(stream(), numbered("second run", 0, 2));

    await().until(() -> seen.lineCount() == 5);
    assertEquals(Stream.of(numbered("first run", 0, 3), List.of(LogRecorder.gap(new LogGap(0, true))),
        numbered("second run", 0, 2)).flatMap(List::stream).toList(), seen.events());
    assertEquals(stream().epoch(), tail.epoch());
    assertEquals(2, tail.nextOffset());
  }

  @Test
  void aClosedTailHearsNothingMoreAndIsNotResumedAfterAReconnect() throws Exception {
    TestServer server = logServer(Retention.defaults());
    append(stream(), numbered("line", 0, 3));
    PushClient client = connected(fastClient(server.uri()));
    Recorder<StateChange> states = new Recorder<>();
    client.onStateChange(states);
    LogRecorder closedOne = new LogRecorder();
    LogTail tail = client.tailRunningLog(closedOne);
    await().until(() -> closedOne.lineCount() == 3);

    tail.close();
    append(stream(), numbered("line", 3, 5));
    server.hub().disconnect(server.onlyConnection(), CloseCode.SLOW_CONSUMER);
    await().until(() -> states.count(change -> change.state() == ConnectionState.OPEN) == 1);
    LogRecorder nextOne = new LogRecorder();
    client.tailRunningLog(nextOne);

    await().until(() -> nextOne.lineCount() == 5);
    assertEquals(numbered("line", 0, 5), nextOne.events(), "a new tail starts at the current run");
    assertEquals(numbered("line", 0, 3), closedOne.events());
  }

  @Test
  void whileATailIsOpenItsBatchesDoNotReachOnListeners() throws Exception {
    TestServer server = logServer(Retention.defaults());
    append(stream(), numbered("line", 0, 3));
    PushClient client = connected(fastClient(server.uri()));
    Recorder<RunningLog> listened = new Recorder<>();
    client.on(RunningLog.class, listened);
    LogRecorder seen = new LogRecorder();
    LogTail tail = client.tailRunningLog(seen);
    await().until(() -> seen.lineCount() == 3);
    append(stream(), numbered("line", 3, 5));
    await().until(() -> seen.lineCount() == 5);
    assertEquals(List.of(), listened.all(), "the tail's batches");

    tail.close();
    Recorder<StateChange> states = new Recorder<>();
    client.onStateChange(states);
    server.hub().disconnect(server.onlyConnection(), CloseCode.SLOW_CONSUMER);
    await().until(() -> states.any(change -> change.state() == ConnectionState.OPEN));
    client.send(GetRunningLog.current()).get(10, TimeUnit.SECONDS); // no tail now: the application's own stream

    await().until(() -> listened.size() == 1);
    assertEquals(numbered("line", 0, 5), listened.all().get(0).log().logLines().stream().map(LogLine::content).toList());
    assertEquals(numbered("line", 0, 5), seen.events());
  }

  @Test
  void aClosedClientRefusesATail() {
    PushClient client = track(fastClient(java.net.URI.create("ws://127.0.0.1:9/ws")).build());
    client.close();

    assertThrows(IllegalStateException.class, () -> client.tailRunningLog(new LogRecorder()));
  }

  @Test
  void onlyOneTailMayBeOpenAtATime() {
    PushClient client = track(fastClient(java.net.URI.create("ws://127.0.0.1:9/ws")).build());
    LogTail first = client.tailRunningLog(new LogRecorder());

    assertThrows(IllegalStateException.class, () -> client.tailRunningLog(new LogRecorder()));
    first.close();
    LogTail second = client.tailRunningLog(new LogRecorder());
    assertTrue(!second.isClosed() && first.isClosed());
  }
}
