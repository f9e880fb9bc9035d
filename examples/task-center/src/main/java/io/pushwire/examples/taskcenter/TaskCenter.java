package io.pushwire.examples.taskcenter;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.pushwire.examples.support.ExampleOptions;
import io.pushwire.examples.support.ExampleRunner;
import io.pushwire.examples.support.RunningExample;
import io.pushwire.protocol.CustomEvent;
import io.pushwire.protocol.Progress;
import io.pushwire.server.Dialect;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import io.pushwire.server.PushServer;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.auth.TokenAuthenticator;
import io.pushwire.server.tasks.NewTask;
import io.pushwire.server.tasks.Task;
import io.pushwire.server.tasks.TaskChange;
import io.pushwire.server.tasks.TaskFeature;
import io.pushwire.server.tasks.TaskPhase;
import io.pushwire.server.tasks.TaskIds;
import io.pushwire.server.tasks.TaskRegistry;
import io.pushwire.server.tasks.TaskTopics;
import io.pushwire.server.tasks.TaskVocabulary;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Seed 003, a task API, on port 8000: data-download tasks (a month of daily candles per symbol)
 * with progress and status on {@code /ws/task}, and the seed's two other paths:
 * {@code /ws/data} pushes a {@code data_update} for every daily file that lands, and
 * {@code /ws/strategy} a {@code strategy_signal} now and then. Those two are this application's
 * own message types, registered with the hub; the seed names the paths but not their messages.
 *
 * <p>All three take seed 003's query parameters: {@code token}, {@code client_id} and
 * {@code topics}, for example {@code ws://127.0.0.1:8000/ws/task?token=<token>&topics=task:progress,task:status}.
 */
public final class TaskCenter {

  static final int DEFAULT_PORT = 8000;
  static final String DATA_TOPIC = "data:update";
  static final String STRATEGY_TOPIC = "strategy:signal";
  private static final int DAYS = 31;
  private static final int LIVE_DOWNLOADS = 3;
  private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT", "XRPUSDT", "ADAUSDT");

  /** A daily file that was downloaded: the body of a {@code data_update}. */
  record DataUpdate(@JsonProperty("task_id") String taskId, @JsonProperty("symbol") String symbol,
      @JsonProperty("date") String date, @JsonProperty("rows") int rows) {
  }

  /** A made-up trading signal: the body of a {@code strategy_signal}. */
  record StrategySignal(@JsonProperty("strategy") String strategy, @JsonProperty("symbol") String symbol,
      @JsonProperty("side") String side, @JsonProperty("confidence") double confidence) {
  }

  /** One download step per {@code step}. Tests run it faster. */
  record Pace(Duration step) {
    /** A month of daily files in about 30 s per symbol. */
    static final Pace LIVE = new Pace(Duration.ofSeconds(1));
  }

  private TaskCenter() {
  }

  public static void main(String[] args) {
    ExampleRunner.run("task-center", DEFAULT_PORT, args, options -> start(options, Pace.LIVE));
  }

  /** Starts the server and the downloads. */
  static Running start(ExampleOptions options, Pace pace) throws IOException {
    Hub hub = Hub.builder()
        .authenticator(TokenAuthenticator.single(options.token(), "analyst"))
        .registerType("data_update", DataUpdate.class)          // written in the data envelope
        .registerType("strategy_signal", StrategySignal.class)
        .build();
    TaskRegistry tasks = TaskRegistry.builder().maxTasks(200).build();   // finished tasks age out past 200
    TaskFeature feature = TaskFeature.builder(hub, tasks).endpoint("/ws/task", TaskVocabulary.TASK_TOPICS).install();
    ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "task-center-downloads");
      t.setDaemon(true);
      return t;
    });
    PushServer server;
    try {
      server = PushServer.builder().host(options.host()).port(options.port()).hub(hub)
          .endpoint(taskTopicsEndpoint("/ws/task", TaskTopics.PROGRESS, TaskTopics.STATUS))
          .endpoint(taskTopicsEndpoint("/ws/data", DATA_TOPIC))
          .endpoint(taskTopicsEndpoint("/ws/strategy", STRATEGY_TOPIC))
          .build()
          .start();
    } catch (IOException | RuntimeException e) {
      worker.shutdownNow();
      feature.close();
      hub.close();
      throw e;
    }
    worker.scheduleAtFixedRate(new Downloads(hub, tasks), 0, pace.step().toMillis(), TimeUnit.MILLISECONDS);
    return new Running(server, hub, feature, worker);
  }

  /** Seed 003's connection style: token, client id and topics in the query string. */
  private static EndpointSpec taskTopicsEndpoint(String path, String... topics) {
    return EndpointSpec.builder(path)
        .auth(AuthMode.QUERY_PARAMETER)
        .dialect(Dialect.ENVELOPE_MILLIS)
        .topicsQueryParameter(true)
        .declaredTopics(Set.of(topics))   // anything else is TOPIC_NOT_FOUND
        .build();
  }

  /** The started example. */
  record Running(PushServer server, Hub hub, TaskFeature feature, ScheduledExecutorService worker)
      implements RunningExample {

    String webSocketUrl(String path) {
      return "ws://" + server.host() + ":" + server.port() + path;
    }

    @Override
    public List<String> urls() {
      return List.of(webSocketUrl("/ws/task"), webSocketUrl("/ws/data"), webSocketUrl("/ws/strategy"));
    }

    @Override
    public void close() {
      worker.shutdownNow();
      feature.close();
      server.close();
      hub.close();
    }
  }

  /**
   * Made-up downloads: {@value #LIVE_DOWNLOADS} at a time, one daily file per step each; now and
   * then a file fails, and a task with too many failures fails. Runs on the worker thread only.
   */
  private static final class Downloads implements Runnable {
    private final Hub hub;
    private final TaskRegistry tasks;
    private final Random random = new Random();
    /** The symbol each live task downloads. */
    private final Map<String, String> symbols = new HashMap<>();
    private int created;
    private final TaskIds ids = TaskIds.withPrefix("task_");

    Downloads(Hub hub, TaskRegistry tasks) {
      this.hub = hub;
      this.tasks = tasks;
    }

    @Override
    public void run() {
      for (Task task : tasks.list()) {
        if (!task.isTerminal()) {
          step(task);
        }
      }
      while (symbols.size() < LIVE_DOWNLOADS) {
        created++;
        String id = ids.next(); // not reused after a restart, unlike "task_" + created
        String symbol = SYMBOLS.get(created % SYMBOLS.size());
        symbols.put(id, symbol);
        tasks.create(NewTask.of(id));
        tasks.update(id, TaskChange.toPhase(TaskPhase.RUNNING).withProgress(progress(symbol, 0, 0)));
      }
      if (random.nextInt(4) == 0) {
        hub.publish(STRATEGY_TOPIC, new CustomEvent<>("strategy_signal", new StrategySignal("mean-reversion",
            SYMBOLS.get(random.nextInt(SYMBOLS.size())), random.nextBoolean() ? "buy" : "sell",
            Math.round(random.nextDouble() * 100) / 100.0)));
      }
    }

    private void step(Task task) {
      String symbol = symbols.get(task.id());
      Progress p = task.progress();
      long completed = p.completed();
      long failed = p.failed();
      String date = LocalDate.of(2024, 1, 1).plusDays(completed + failed).toString();
      if (random.nextInt(15) == 0) {
        failed++;
      } else {
        completed++;
        hub.publish(DATA_TOPIC, new CustomEvent<>("data_update", new DataUpdate(task.id(), symbol, date, 1440)));
      }
      tasks.progress(task.id(), progress(symbol, completed, failed));
      if (completed + failed == DAYS) {
        if (failed > 2) {
          tasks.fail(task.id(), failed + " daily files of " + symbol + " failed: exchange API returned 503");
        } else {
          tasks.complete(task.id(), null);
        }
        symbols.remove(task.id());
      }
    }

    private static Progress progress(String symbol, long completed, long failed) {
      String next = LocalDate.of(2024, 1, 1).plusDays(Math.min(completed + failed, DAYS - 1)).toString();
      return new Progress(DAYS, completed, failed, "处理 " + symbol, Math.round(1000.0 * (completed + failed) / DAYS) / 10.0,
          "Downloading " + next);
    }
  }
}
