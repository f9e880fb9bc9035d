package io.pushwire.examples.desktop;

import io.pushwire.protocol.DownloadJobs;
import io.pushwire.server.Dialect;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import io.pushwire.server.PushServer;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.auth.TokenAuthenticator;
import io.pushwire.server.jobs.JobBoard;
import io.pushwire.server.logs.LogStream;
import io.pushwire.server.logs.RunningLogFeature;
import io.pushwire.server.logs.RunningLogOptions;
import io.pushwire.server.tasks.TaskFeature;
import io.pushwire.server.tasks.TaskRegistry;
import io.pushwire.server.tasks.TaskTopics;
import io.pushwire.server.tasks.TaskVocabulary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;

/**
 * The quickstart's two endpoints on 127.0.0.1 for the test: {@code /ws} (seed 000: running log and
 * job board, first-message auth) and {@code /ws/task} (seed 003: task topics, token in the query).
 * The log stream, the tasks and the board outlive {@link #stop()} and {@link #startAgain()}, as an
 * application's own state outlives a restart of its WebSocket server; the hub and the server are
 * new each time.
 */
final class DemoServer implements AutoCloseable {

  static final String TOKEN = "t0k";
  private static final RunningLogOptions FAST_BATCHES = RunningLogOptions.defaults().withBatchInterval(Duration.ofMillis(100));

  final LogStream log = LogStream.create();
  final TaskRegistry tasks = TaskRegistry.builder().build();
  /** Test thread only, as are the fields below. Null while stopped. */
  private Hub hub;
  private PushServer server;
  private RunningLogFeature logFeature;
  private TaskFeature taskFeature;
  private JobBoard board;
  private DownloadJobs jobs;
  private int port;

  private DemoServer() {
  }

  /** Starts on a free port. */
  static DemoServer start() {
    DemoServer server = new DemoServer();
    server.startOn(0);
    return server;
  }

  int port() {
    return port;
  }

  /** Sets the scan job board, now and after every restart. */
  void showJobs(DownloadJobs board) {
    jobs = board;
    this.board.update(board);
  }

  /** Stops serving: the window's clients get 1001. The state stays. */
  void stop() {
    if (server == null) {
      return;
    }
    server.close();
    board.close();
    taskFeature.close();
    logFeature.close();
    hub.close();
    server = null;
  }

  /** Serves the same state again on the same port. */
  void startAgain() {
    startOn(port);
  }

  @Override
  public void close() {
    stop();
  }

  private void startOn(int requestedPort) {
    hub = Hub.builder().authenticator(TokenAuthenticator.single(TOKEN, "tester")).build();
    logFeature = RunningLogFeature.install(hub, log, FAST_BATCHES);
    board = JobBoard.install(hub, Duration.ofMillis(50));
    taskFeature = TaskFeature.builder(hub, tasks).endpoint(DesktopTail.TASK_PATH, TaskVocabulary.TASK_TOPICS).install();
    if (jobs != null) {
      board.update(jobs);
    }
    try {
      server = PushServer.builder().host("127.0.0.1").port(requestedPort).hub(hub)
          .endpoint(EndpointSpec.builder(DesktopTail.LOG_PATH)
              .auth(AuthMode.FIRST_MESSAGE).dialect(Dialect.FLAT).autoSubscribe(JobBoard.TOPIC).build())
          .endpoint(EndpointSpec.builder(DesktopTail.TASK_PATH)
              .auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.ENVELOPE_MILLIS)
              .declaredTopics(Set.of(TaskTopics.PROGRESS, TaskTopics.STATUS)).build())
          .shutdownTimeout(Duration.ofSeconds(2))
          .build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    port = server.port();
  }
}
