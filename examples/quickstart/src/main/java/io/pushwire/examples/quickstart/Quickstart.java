package io.pushwire.examples.quickstart;

import io.pushwire.examples.support.ExampleOptions;
import io.pushwire.examples.support.ExampleRunner;
import io.pushwire.examples.support.RunningExample;
import io.pushwire.protocol.CustomMetric;
import io.pushwire.protocol.DownloadJobs;
import io.pushwire.protocol.JobStatus;
import io.pushwire.protocol.LogLevel;
import io.pushwire.protocol.Progress;
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
import io.pushwire.server.monitoring.Monitoring;
import io.pushwire.server.monitoring.MonitoringOptions;
import io.pushwire.server.monitoring.alerts.ThresholdRule;
import io.pushwire.server.tasks.NewTask;
import io.pushwire.server.tasks.Task;
import io.pushwire.server.tasks.TaskChange;
import io.pushwire.server.tasks.TaskFeature;
import io.pushwire.server.tasks.TaskPhase;
import io.pushwire.server.tasks.TaskRegistry;
import io.pushwire.server.tasks.TaskTopics;
import io.pushwire.server.tasks.TaskVocabulary;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The quickstart: every Pushwire feature on one port, and one live page at
 * {@code http://127.0.0.1:8025/?token=<token>} that shows them through the browser's own
 * WebSocket (see {@code quickstart-web/index.html}).
 *
 * <ul>
 *   <li>{@code /ws} (seed 000): a running log and a scan-job board, first-message auth;</li>
 *   <li>{@code /ws/task} (seed 003): data-download tasks with progress, token in the query;</li>
 *   <li>{@code /ws/dashboard}: seed 001's performance samples and alerts, token in the query,
 *       because a browser cannot set the {@code Authorization} header that seed 001's own
 *       endpoints ({@code /ws/monitor}, {@code /ws/monitor/performance|alerts|status}) ask for.</li>
 * </ul>
 *
 * <p>A simulation feeds them: a subtitle scan over a made-up library, two downloads at a time,
 * and a download queue whose depth rises and falls so that an alert is raised and resolved about
 * every 40 seconds. Everything else (CPU, memory) is measured on this machine.
 */
public final class Quickstart {

  static final int DEFAULT_PORT = 8025;
  static final String LOG_PATH = "/ws";
  static final String TASK_PATH = "/ws/task";
  static final String DASHBOARD_PATH = "/ws/dashboard";
  static final String MONITOR_PATH = "/ws/monitor";
  static final String QUEUE_METRIC = "download_queue_depth";

  /** One simulation step; the seed's log batches every 5 s, the page every second to look alive. */
  private static final Duration TICK = Duration.ofMillis(500);
  private static final Duration LOG_BATCH = Duration.ofSeconds(1);
  private static final Duration SAMPLING = Duration.ofSeconds(2);
  /** The queue depth is a wave with this period: above 70 (alert) for a quarter of it. */
  static final Duration QUEUE_WAVE = Duration.ofSeconds(40);
  private static final double QUEUE_WAVE_SECONDS = QUEUE_WAVE.toSeconds();
  private static final int PAUSE_TICKS = 20;
  private static final int LIVE_DOWNLOADS = 2;
  private static final List<String> LIBRARY = List.of(
      "The Long Harbour (2019)", "Paper Lanterns S01E01", "Paper Lanterns S01E02", "Paper Lanterns S01E03",
      "Northbound (2021)", "Quiet Orchard S02E01", "Quiet Orchard S02E02", "Salt and Cedar (2017)",
      "The Ninth Tram (2022)", "Winter Ledger S01E01", "Winter Ledger S01E02", "Glass Meridian (2020)");
  private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT", "XRPUSDT");

  private Quickstart() {
  }

  public static void main(String[] args) {
    ExampleRunner.run("quickstart", DEFAULT_PORT, args, Quickstart::start);
  }

  /** Starts the server and the simulation. */
  static Running start(ExampleOptions options) throws IOException {
    Hub hub = Hub.builder().authenticator(TokenAuthenticator.single(options.token(), "demo")).build();
    LogStream log = LogStream.create();
    RunningLogFeature logs = RunningLogFeature.install(hub, log, RunningLogOptions.defaults().withBatchInterval(LOG_BATCH));
    JobBoard board = JobBoard.install(hub);
    TaskRegistry tasks = TaskRegistry.builder().maxTasks(100).build();
    TaskFeature taskFeature = TaskFeature.builder(hub, tasks).endpoint(TASK_PATH, TaskVocabulary.TASK_TOPICS).install();
    Monitoring monitoring = Monitoring.install(hub, MonitoringOptions.builder()
        .basePath(MONITOR_PATH)
        .samplingInterval(SAMPLING)
        .rule(ThresholdRule.above("cpu_percent", 90).raiseAfter(3).clearThreshold(80).title("CPU is busy").build())
        .rule(ThresholdRule.above(QUEUE_METRIC, 70).clearThreshold(50).type("queue")
            .title("Download queue is backing up").build())
        .build());
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "quickstart-simulation");
      t.setDaemon(true);
      return t;
    });
    Running running = new Running(options.token(), hub, logs, board, taskFeature, monitoring, ticker);

    PushServer.Builder builder = PushServer.builder().host(options.host()).port(options.port()).hub(hub)
        .endpoint(EndpointSpec.builder(LOG_PATH)
            .auth(AuthMode.FIRST_MESSAGE).dialect(Dialect.FLAT).autoSubscribe(JobBoard.TOPIC).build())
        .endpoint(EndpointSpec.builder(TASK_PATH)
            .auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.ENVELOPE_MILLIS).topicsQueryParameter(true)
            .declaredTopics(Set.of(TaskTopics.PROGRESS, TaskTopics.STATUS)).build())
        .staticResources("/quickstart-web/");
    List<EndpointSpec> monitoringEndpoints = monitoring.endpoints();
    monitoringEndpoints.forEach(builder::endpoint);
    builder.endpoint(monitoringEndpoints.get(0).toBuilder(DASHBOARD_PATH)   // the page's copy: the token in the query
        .auth(AuthMode.QUERY_PARAMETER)
        .autoSubscribe(Monitoring.PERFORMANCE_TOPIC, Monitoring.ALL_ALERTS)
        .build());
    try {
      running.server = builder.build().start();
    } catch (IOException | RuntimeException e) {
      running.close();
      throw e;
    }

    log.append(LogLevel.INFO, "Pushwire quickstart listening on " + options.host() + ":" + running.server.port());
    Simulation simulation = new Simulation(log, board, tasks, monitoring);
    ticker.scheduleAtFixedRate(simulation::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    return running;
  }

  /** The started quickstart. {@link #close()} stops the simulation, the server and the features. */
  static final class Running implements RunningExample {
    private final String token;
    final Hub hub;
    private final RunningLogFeature logs;
    private final JobBoard board;
    private final TaskFeature tasks;
    private final Monitoring monitoring;
    private final ScheduledExecutorService ticker;
    /** Set once by {@link #start}, before the instance is shared. */
    private PushServer server;

    private Running(String token, Hub hub, RunningLogFeature logs, JobBoard board, TaskFeature tasks,
        Monitoring monitoring, ScheduledExecutorService ticker) {
      this.token = token;
      this.hub = hub;
      this.logs = logs;
      this.board = board;
      this.tasks = tasks;
      this.monitoring = monitoring;
      this.ticker = ticker;
    }

    int port() {
      return server.port();
    }

    /** The page, with the token in its URL: the page reads it from there. */
    String pageUrl() {
      return "http://" + server.host() + ":" + port() + "/?token=" + token;
    }

    String webSocketUrl(String path) {
      return "ws://" + server.host() + ":" + port() + path;
    }

    @Override
    public List<String> urls() {
      return List.of(pageUrl(), webSocketUrl(LOG_PATH), webSocketUrl(TASK_PATH), webSocketUrl(DASHBOARD_PATH),
          webSocketUrl(MONITOR_PATH));
    }

    @Override
    public void close() {
      ticker.shutdownNow();
      if (server != null) {
        server.close();   // 1001 to every client: the page reconnects
      }
      tasks.close();
      board.close();
      logs.close();
      monitoring.close();
      hub.close();
    }
  }

  /**
   * What the page shows, made up: runs on the one simulation thread, so its fields need no lock.
   */
  private static final class Simulation {
    private final LogStream log;
    private final JobBoard board;
    private final TaskRegistry tasks;
    private final Monitoring monitoring;
    private final long startNanos = System.nanoTime();
    private int scan;
    /** Index into {@link #LIBRARY} of the next title, or -1 while waiting for the next scan. */
    private int next;
    private int waited;
    private LocalDateTime scanStarted = LocalDateTime.now();
    private int downloads;
    /** The symbol each live download fetches. */
    private final Map<String, String> symbols = new HashMap<>();

    Simulation(LogStream log, JobBoard board, TaskRegistry tasks, Monitoring monitoring) {
      this.log = log;
      this.board = board;
      this.tasks = tasks;
      this.monitoring = monitoring;
    }

    void tick() {
      try {
        scanStep();
        downloadStep();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double depth = 45 + 40 * Math.sin(2 * Math.PI * seconds / QUEUE_WAVE_SECONDS);
        monitoring.recordMetric(new CustomMetric(QUEUE_METRIC, Math.round(depth), "jobs", "queue", null));
      } catch (RuntimeException e) {
        log.append(LogLevel.ERROR, "simulation step failed: " + e);
      }
    }

    /** One title per tick, then a countdown of {@link #PAUSE_TICKS} ticks to the next scan. */
    private void scanStep() {
      if (next == -1) {
        if (++waited < PAUSE_TICKS) {
          return;
        }
        log.newRun();   // each scan is a run: a page that loads now sees this scan's lines
        next = 0;
      }
      if (next == 0) {
        scan++;
        scanStarted = LocalDateTime.now();
        log.append(LogLevel.INFO, "[scan " + scan + "] started: " + LIBRARY.size() + " videos to check");
      }
      String title = LIBRARY.get(next);
      int found = ThreadLocalRandom.current().nextInt(4);
      log.append(found == 0 ? LogLevel.WARNING : LogLevel.INFO, "[scan " + scan + "] " + (next + 1) + "/"
          + LIBRARY.size() + " " + title + (found == 0 ? ": no subtitle found" : ": downloaded " + found + (found == 1 ? " subtitle" : " subtitles")));
      board.update(new DownloadJobs(JobStatus.RUNNING, scanStarted, next + 1, LIBRARY.size(), title,
          next + 1, LIBRARY.size(), title));
      if (++next == LIBRARY.size()) {
        LocalDateTime nextScan = LocalDateTime.now().plus(TICK.multipliedBy(PAUSE_TICKS));
        log.append(LogLevel.INFO, "[scan " + scan + "] finished; next scan in "
            + TICK.multipliedBy(PAUSE_TICKS).toSeconds() + " s");
        board.update(new DownloadJobs(JobStatus.WAITING, nextScan, 0, LIBRARY.size(), "", 0, LIBRARY.size(), ""));
        next = -1;
        waited = 0;
      }
    }

    /** Keeps {@link #LIVE_DOWNLOADS} downloads going, each a month of daily files. */
    private void downloadStep() {
      List<Task> live = tasks.list().stream().filter(t -> !t.isTerminal()).toList();
      for (Task task : live) {
        Progress p = task.progress();
        long done = p.completed() + 1;
        long failed = p.failed() + (ThreadLocalRandom.current().nextInt(12) == 0 ? 1 : 0);
        String symbol = symbols.get(task.id());
        String day = String.format("2024-01-%02d", Math.min(done + 1, p.total()));
        tasks.progress(task.id(), new Progress(p.total(), done, failed, symbol + " " + day,
            Math.round(1000.0 * done / p.total()) / 10.0, "Downloading " + day));
        if (done == p.total()) {
          if (failed > 2) {
            tasks.fail(task.id(), failed + " daily files failed to download");
          } else {
            tasks.complete(task.id(), null);
          }
          symbols.remove(task.id());
        }
      }
      if (live.size() < LIVE_DOWNLOADS) {
        String id = "download_" + ++downloads;
        String symbol = SYMBOLS.get(downloads % SYMBOLS.size());
        symbols.put(id, symbol);
        tasks.create(NewTask.of(id));
        tasks.update(id, TaskChange.toPhase(TaskPhase.RUNNING)
            .withProgress(new Progress(30, 0, 0, symbol + " 2024-01-01", 0, "Downloading 2024-01-01")));
      }
    }
  }
}
