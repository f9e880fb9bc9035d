package io.pushwire.examples.subfinder;

import io.pushwire.examples.support.ExampleOptions;
import io.pushwire.examples.support.ExampleRunner;
import io.pushwire.examples.support.RunningExample;
import io.pushwire.protocol.DownloadJobs;
import io.pushwire.protocol.JobStatus;
import io.pushwire.server.Dialect;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import io.pushwire.server.PushServer;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.auth.TokenAuthenticator;
import io.pushwire.server.jobs.JobBoard;
import io.pushwire.server.logs.LogStream;
import io.pushwire.server.logs.LogStreamHandler;
import io.pushwire.server.logs.RunningLogFeature;
import io.pushwire.server.logs.RunningLogOptions;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Seed 000, a subtitle finder's web UI feed, on {@code ws://127.0.0.1:19035/ws}: the running log
 * of its scans and the {@code sub_download_jobs} board, behind first-message auth.
 *
 * <p>The scanner is made up: it walks a small invented media library, one video per step, and
 * logs what it "finds" through plain {@code java.util.logging}. A {@link LogStreamHandler} tees
 * that logger into the {@link LogStream} that {@link RunningLogFeature} streams, which is how a
 * real application would do it. Between scans the board counts down to the next one.
 */
public final class SubfinderLogs {

  static final int DEFAULT_PORT = 19035;
  static final String PATH = "/ws";

  /**
   * How fast the made-up scanner works: one video per {@code step}, a {@code pause} between scans
   * (the board's countdown; {@code firstPause} before the first), and the running log's batch
   * interval. Tests run it faster.
   */
  record Pace(Duration step, Duration firstPause, Duration pause, Duration logBatch) {
    /** A scan of the 24 videos takes about 30 s and starts every minute or so; the seed's 5 s batches. */
    static final Pace LIVE = new Pace(Duration.ofMillis(1200), Duration.ofSeconds(10), Duration.ofSeconds(30),
        Duration.ofSeconds(5));
  }

  /** A made-up library: movies have one video, a season several. */
  private record Unit(String name, List<String> videos) {
    static Unit movie(String name) {
      return new Unit(name, List.of(name));
    }

    static Unit season(String name, int episodes) {
      return new Unit(name, java.util.stream.IntStream.rangeClosed(1, episodes)
          .mapToObj(e -> String.format("%s E%02d", name, e)).toList());
    }
  }

  private static final List<Unit> LIBRARY = List.of(
      Unit.movie("The Long Harbour (2019)"), Unit.season("Paper Lanterns S01", 6), Unit.movie("Northbound (2021)"),
      Unit.season("Quiet Orchard S02", 8), Unit.movie("Salt and Cedar (2017)"), Unit.season("Winter Ledger S01", 4),
      Unit.movie("The Ninth Tram (2022)"), Unit.movie("Glass Meridian (2020)"), Unit.movie("A Map of Small Rivers (2018)"));
  private static final int VIDEO_COUNT = LIBRARY.stream().mapToInt(u -> u.videos().size()).sum();

  private SubfinderLogs() {
  }

  public static void main(String[] args) {
    ExampleRunner.run("subfinder-logs", DEFAULT_PORT, args, options -> start(options, Pace.LIVE));
  }

  /** Starts the server and the scanner. */
  static Running start(ExampleOptions options, Pace pace) throws IOException {
    Hub hub = Hub.builder().authenticator(TokenAuthenticator.single(options.token(), "operator")).build();
    LogStream log = LogStream.create();   // 10,000 lines or 4 MiB, whichever is reached first
    RunningLogFeature logs = RunningLogFeature.install(hub, log, RunningLogOptions.defaults().withBatchInterval(pace.logBatch()));
    JobBoard board = JobBoard.install(hub);
    PushServer server;
    try {
      server = PushServer.builder().host(options.host()).port(options.port()).hub(hub)
          .endpoint(EndpointSpec.builder(PATH)
              .auth(AuthMode.FIRST_MESSAGE)          // {"type":"auth","token":"..."} first, or "auth error"
              .dialect(Dialect.FLAT)             // flat frames, as the seed writes them
              .autoSubscribe(JobBoard.TOPIC)         // every client gets the board, right after "auth ok"
              .build())
          .build()
          .start();
    } catch (IOException | RuntimeException e) {
      board.close();
      logs.close();
      hub.close();
      throw e;
    }
    Scanner scanner = new Scanner(log, board, pace);
    scanner.start();
    return new Running(server, hub, logs, board, scanner);
  }

  /** The started example. */
  record Running(PushServer server, Hub hub, RunningLogFeature logs, JobBoard board, Scanner scanner)
      implements RunningExample {

    String webSocketUrl() {
      return "ws://" + server.host() + ":" + server.port() + PATH;
    }

    @Override
    public List<String> urls() {
      return List.of(webSocketUrl());
    }

    @Override
    public void close() {
      scanner.close();
      server.close();
      board.close();
      logs.close();
      hub.close();
    }
  }

  /**
   * The made-up subtitle scanner. Runs on its own single thread, so its fields need no lock: it
   * waits {@code pause} (the board counts down), then scans one video per {@code step}.
   */
  static final class Scanner implements AutoCloseable {
    /** The application's own logger; its handler tees every record into the running log. */
    private final Logger logger = Logger.getLogger("subfinder.scan");
    private final LogStreamHandler tee;
    private final LogStream log;
    private final JobBoard board;
    private final Pace pace;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "subfinder-scanner");
      t.setDaemon(true);
      return t;
    });
    private final Random random = new Random();
    private int scan;
    private int unit;
    private int video;
    private int videosDone;
    private int found;
    private LocalDateTime started;

    Scanner(LogStream log, JobBoard board, Pace pace) {
      this.log = log;
      this.board = board;
      this.pace = pace;
      this.tee = new LogStreamHandler(log);
      logger.setLevel(Level.INFO);          // the page shows INFO and up, whatever the console is set to
      logger.setUseParentHandlers(false);   // the scan log goes to the page, not to this terminal
      logger.addHandler(tee);
    }

    void start() {
      logger.info("SubFinder example started; library: " + LIBRARY.size() + " titles, " + VIDEO_COUNT + " videos");
      waitForNextScan(pace.firstPause());
    }

    private void waitForNextScan(Duration pause) {
      LocalDateTime next = LocalDateTime.now().plus(pause);
      board.update(new DownloadJobs(JobStatus.WAITING, next, 0, LIBRARY.size(), "", 0, VIDEO_COUNT, ""));
      logger.info("Next scan at " + next.toLocalTime().withNano(0) + " (in " + pause.toSeconds() + " s)");
      later(this::startScan, pause);
    }

    private void startScan() {
      log.newRun();   // a new scan is a new run: clients that connect now get this scan's lines
      scan++;
      unit = 0;
      video = 0;
      videosDone = 0;
      found = 0;
      started = LocalDateTime.now();
      logger.info("Scan " + scan + " started: " + LIBRARY.size() + " titles, " + VIDEO_COUNT + " videos");
      later(this::step, pace.step());
    }

    /** Searches subtitles for one video. */
    private void step() {
      Unit current = LIBRARY.get(unit);
      String name = current.videos().get(video);
      videosDone++;
      board.update(new DownloadJobs(JobStatus.RUNNING, started, unit + 1, LIBRARY.size(), current.name(),
          videosDone, VIDEO_COUNT, name));
      int roll = random.nextInt(10);
      if (roll < 6) {
        found++;
        logger.info(name + ": downloaded " + (roll < 3 ? "zh-CN" : "en") + ".srt from provider " + (1 + roll % 3));
      } else if (roll < 9) {
        logger.warning(name + ": no subtitle matches this video");
      } else {
        logger.log(Level.SEVERE, name + ": provider timed out after 10 s, will retry next scan");
      }
      if (++video == current.videos().size()) {
        video = 0;
        unit++;
      }
      if (unit == LIBRARY.size()) {
        logger.info("Scan " + scan + " finished: " + found + " of " + VIDEO_COUNT + " videos got subtitles");
        waitForNextScan(pace.pause());
      } else {
        later(this::step, pace.step());
      }
    }

    /** Runs {@code next} on the scanner's thread after {@code delay}; a failure ends the scan, not the scanner. */
    private void later(Runnable next, Duration delay) {
      thread.schedule(() -> {
        try {
          next.run();
        } catch (RuntimeException e) {
          logger.log(Level.SEVERE, "scan step failed", e);
          waitForNextScan(pace.pause());
        }
      }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
      thread.shutdownNow();
      logger.removeHandler(tee);
      tee.close();
    }
  }
}
