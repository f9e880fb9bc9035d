package io.pushwire.examples.monitor;

import io.pushwire.examples.support.ExampleOptions;
import io.pushwire.examples.support.ExampleRunner;
import io.pushwire.examples.support.RunningExample;
import io.pushwire.protocol.AlertLevel;
import io.pushwire.protocol.CustomMetric;
import io.pushwire.protocol.Status;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import io.pushwire.server.PushServer;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.auth.TokenAuthenticator;
import io.pushwire.server.monitoring.Monitoring;
import io.pushwire.server.monitoring.MonitoringOptions;
import io.pushwire.server.monitoring.alerts.ThresholdRule;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Seed 001, a monitoring API, on port 8080: this machine's real CPU, memory, disk, network and
 * process figures, threshold alert rules, and a component status, on the seed's four endpoints
 * {@code /ws}, {@code /ws/performance}, {@code /ws/alerts} and {@code /ws/status}, which take the
 * API key as {@code Authorization: Bearer <key>}.
 *
 * <p>A dashboard at {@code http://127.0.0.1:8080/?token=...} shows CPU and memory, the alerts and
 * a connection indicator with the browser's own WebSocket. Browsers cannot set headers on a
 * WebSocket, so the page connects to one more endpoint, {@code /ws/dashboard}: the same seed 001
 * frames and topics, with the key in the query string ({@code ?token=}).
 *
 * <p>So that alerts show up on a quiet machine, the example also reports a made-up
 * {@code request_queue_depth} that rises and falls; a rule raises an alert whenever it passes 70
 * and resolves it below 40, about once a minute.
 */
public final class SystemMonitor {

  static final int DEFAULT_PORT = 8080;
  static final String DASHBOARD_PATH = "/ws/dashboard";
  static final String QUEUE_METRIC = "request_queue_depth";

  /** How often the host is sampled, and the period of the made-up queue's wave. Tests run faster. */
  record Pace(Duration sampling, Duration queueWave) {
    static final Pace LIVE = new Pace(Duration.ofSeconds(2), Duration.ofSeconds(60));
  }

  private SystemMonitor() {
  }

  public static void main(String[] args) {
    ExampleRunner.run("system-monitor", DEFAULT_PORT, args, options -> start(options, Pace.LIVE));
  }

  /** Starts monitoring and the server. */
  static Running start(ExampleOptions options, Pace pace) throws IOException {
    Hub hub = Hub.builder().authenticator(TokenAuthenticator.single(options.token(), "operator")).build();
    Monitoring monitoring = Monitoring.install(hub, MonitoringOptions.builder()
        .samplingInterval(pace.sampling())
        .rule(ThresholdRule.above("cpu_percent", 80).raiseAfter(3).clearThreshold(70).clearAfter(3)
            .title("CPU使用率过高").build())
        .rule(ThresholdRule.above("memory_percent", 90).level(AlertLevel.CRITICAL).raiseAfter(2)
            .clearThreshold(85).title("Memory almost full").build())
        .rule(ThresholdRule.above("disk_usage_percent", 95).level(AlertLevel.ERROR).title("Disk almost full").build())
        .rule(ThresholdRule.above(QUEUE_METRIC, 70).clearThreshold(40).type("queue")
            .title("Request queue backing up").build())
        .build());
    ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "system-monitor-reporter");
      t.setDaemon(true);
      return t;
    });

    PushServer.Builder builder = PushServer.builder().host(options.host()).port(options.port()).hub(hub)
        .staticResources("/system-monitor-web/");
    List<EndpointSpec> monitoringEndpoints = monitoring.endpoints();   // /ws, /ws/performance, /ws/alerts, /ws/status
    monitoringEndpoints.forEach(builder::endpoint);
    builder.endpoint(monitoringEndpoints.get(0).toBuilder(DASHBOARD_PATH)  // the same for browsers: the token in the query
        .auth(AuthMode.QUERY_PARAMETER)
        .autoSubscribe(Monitoring.PERFORMANCE_TOPIC, Monitoring.ALL_ALERTS, Monitoring.STATUS_TOPIC)
        .build());
    PushServer server;
    try {
      server = builder.build().start();
    } catch (IOException | RuntimeException e) {
      reporter.shutdownNow();
      monitoring.close();
      hub.close();
      throw e;
    }

    Queue queue = new Queue(monitoring, pace.queueWave());
    reporter.scheduleAtFixedRate(queue, 0, pace.sampling().toMillis() / 2, TimeUnit.MILLISECONDS);
    return new Running(server, hub, monitoring, reporter, options.token());
  }

  /**
   * The made-up part: a request queue whose depth is a wave, reported as a custom metric (the
   * rule on it raises and resolves an alert), and its worker's status. Runs on the reporter
   * thread only, so its fields need no lock.
   */
  private static final class Queue implements Runnable {
    private static final Duration STATUS_EVERY = Duration.ofSeconds(10);
    private final Monitoring monitoring;
    private final Duration wave;
    private final long startNanos = System.nanoTime();
    private long handled;
    private String lastStatus = "";
    private long lastStatusNanos;

    Queue(Monitoring monitoring, Duration wave) {
      this.monitoring = monitoring;
      this.wave = wave;
    }

    @Override
    public void run() {
      long now = System.nanoTime();
      long depth = Math.round(45 + 40 * Math.sin(2 * Math.PI * (now - startNanos) / (double) wave.toNanos()));
      monitoring.recordMetric(new CustomMetric(QUEUE_METRIC, depth, "requests", "performance",
          Map.of("queue", "downloads")));
      handled += depth / 4;
      String status = depth > 70 ? "busy" : "running";
      if (!status.equals(lastStatus) || now - lastStatusNanos >= STATUS_EVERY.toNanos()) {
        monitoring.publishStatus(new Status("download_worker", status, Instant.now(), null,
            Map.of("handled_requests", handled, "queue_depth", depth), null));
        lastStatus = status;
        lastStatusNanos = now;
      }
    }
  }

  /** The started example. */
  record Running(PushServer server, Hub hub, Monitoring monitoring, ScheduledExecutorService reporter, String token)
      implements RunningExample {

    String pageUrl() {
      return "http://" + server.host() + ":" + server.port() + "/?token=" + token;
    }

    String webSocketUrl(String path) {
      return "ws://" + server.host() + ":" + server.port() + path;
    }

    @Override
    public List<String> urls() {
      return List.of(pageUrl(), webSocketUrl("/ws"), webSocketUrl("/ws/performance"), webSocketUrl("/ws/alerts"),
          webSocketUrl("/ws/status"), webSocketUrl(DASHBOARD_PATH));
    }

    @Override
    public void close() {
      reporter.shutdownNow();
      server.close();
      monitoring.close();
      hub.close();
    }
  }
}
