package io.pushwire.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pushwire.protocol.DownloadJobs;
import io.pushwire.protocol.JobStatus;
import io.pushwire.protocol.SubDownloadJobs;
import io.pushwire.server.Dialect;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Limits;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.jobs.JobBoard;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Seed 000's job board reaches a typed {@code SubDownloadJobs} listener. */
class JobBoardListenerTest extends ClientTestSupport {

  /** Seed 000's endpoint, as docs/logs.md mounts it: every client gets the board without asking. */
  private static final EndpointSpec SEED_000 = EndpointSpec.builder("/ws").auth(AuthMode.FIRST_MESSAGE)
      .dialect(Dialect.FLAT).autoSubscribe(JobBoard.TOPIC).build();

  /** When the scan began: running boards carry a start at or before now. */
  private static final LocalDateTime STARTED = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS).minusMinutes(5);

  private static DownloadJobs running(int video) {
    return new DownloadJobs(JobStatus.RUNNING, STARTED, 1, 10, "Movie A", video, 15, "Movie A part " + video);
  }

  @Test
  void theBoardArrivesAtAuthAndAgainWhenItChanges() throws Exception {
    AtomicReference<JobBoard> board = new AtomicReference<>();
    TestServer server = track(TestServer.start(List.of(SEED_000), Limits.defaults(),
        hub -> board.set(JobBoard.install(hub, Duration.ofMillis(1)))));
    track(() -> board.get().close());
    board.get().update(running(1));
    // Published before the client connects, or it could reach the client after the snapshot, twice.
    await().until(() -> server.hub().broker().history(JobBoard.TOPIC, null, 10).join().publications().size() == 1);
    PushClient client = track(fastClient(server.uri()).build());
    Recorder<SubDownloadJobs> boards = new Recorder<>();
    client.on(SubDownloadJobs.class, boards);

    client.connect().get(20, java.util.concurrent.TimeUnit.SECONDS);
    await().until(() -> boards.size() == 1);
    board.get().update(running(2));

    await().until(() -> boards.size() == 2);
    assertEquals(List.of(running(1), running(2)), boards.all().stream().map(SubDownloadJobs::jobs).toList());
  }
}
