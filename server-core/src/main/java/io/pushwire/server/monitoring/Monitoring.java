package io.pushwire.server.monitoring;

import io.pushwire.protocol.Config;
import io.pushwire.protocol.CustomMetric;
import io.pushwire.protocol.MetricsHistory;
import io.pushwire.protocol.RequestData;
import io.pushwire.protocol.Status;
import io.pushwire.protocol.SystemEvent;
import io.pushwire.protocol.SystemMetrics;
import io.pushwire.server.Delivery;
import io.pushwire.server.Dialect;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import io.pushwire.server.Registration;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.broker.StreamPosition;
import io.pushwire.server.monitoring.alerts.AlertManager;
import io.pushwire.server.monitoring.alerts.ThresholdRules;
import io.pushwire.server.monitoring.metrics.MetricHistory;
import io.pushwire.server.monitoring.metrics.MetricsSampler;
import io.pushwire.server.monitoring.metrics.SystemMetric;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Seed 001's monitoring push on a {@link Hub}: system and custom performance metrics with a
 * history for {@code request_data}, alerts with threshold rules, and status, config and system
 * events, served on {@code /ws} and the dedicated {@code /ws/performance}, {@code /ws/alerts} and
 * {@code /ws/status}.
 *
 * <pre>{@code
 * Hub hub = Hub.builder().authenticator(TokenAuthenticator.single(apiKey, "operator")).build();
 * Monitoring monitoring = Monitoring.install(hub, MonitoringOptions.builder()
 *     .rule(ThresholdRule.above("cpu_percent", 80).raiseAfter(3).clearThreshold(75).build())
 *     .build());
 * PushServer.Builder server = PushServer.builder().port(8080).hub(hub);
 * monitoring.endpoints().forEach(server::endpoint);
 * server.build().start();
 *
 * monitoring.recordMetric(new CustomMetric("api_response_time", 150, "ms", "performance", null));
 * monitoring.publishStatus(new Status("clipboard_monitor", "running", Instant.now(), null, null, null));
 * }</pre>
 *
 * <p>Topics: system and custom samples on {@value #PERFORMANCE_TOPIC} (droppable: a client whose
 * queue is full loses samples rather than its connection), alerts on {@code alert.<type>},
 * and {@value #STATUS_TOPIC}, {@value #CONFIG_TOPIC} and {@value #SYSTEM_TOPIC}. A subscriber
 * receives at once the alerts active now, the latest system sample and the latest status of
 * each component that its subscription (and filter) matches.
 *
 * <p>Threads: one daemon thread, {@value MetricsSampler#THREAD_NAME}, takes the system samples,
 * records them and evaluates the rules; every other method is thread-safe and runs on its
 * caller's thread. {@link #close()} stops the sampler thread; the hub is the application's to
 * close. Install once per hub.
 */
public final class Monitoring implements AutoCloseable {

  /** The topic of {@code performance} pushes, system and custom. */
  public static final String PERFORMANCE_TOPIC = "performance";
  /** The topic of {@code status} pushes. */
  public static final String STATUS_TOPIC = "status";
  /** The topic of {@code config} pushes. */
  public static final String CONFIG_TOPIC = "config";
  /** The topic of {@code system} pushes. */
  public static final String SYSTEM_TOPIC = "system";
  /** The pattern of every alert topic ({@code alert.<type>}). */
  public static final String ALL_ALERTS = AlertManager.TOPIC_PREFIX + "*";

  private final Hub hub;
  private final MonitoringOptions options;
  private final MetricHistory history;
  private final AlertManager alerts;
  private final ThresholdRules rules;
  private final LatestPerformance performance;
  private final StatusBoard statuses;
  private final MetricsSampler sampler;
  /** What {@link #install} added to the hub; closed by {@link #close()}, on any thread: copy-on-write. */
  private final List<Registration> registrations = new CopyOnWriteArrayList<>();

  private Monitoring(Hub hub, MonitoringOptions options) {
    this.hub = hub;
    this.options = options;
    this.history = new MetricHistory(options.historyRetention(), options.maxSamplesPerMetric(),
        options.maxCustomMetrics());
    this.alerts = new AlertManager(hub, options.clock(), options.maxActiveAlerts(), options.resolvedHistory());
    this.rules = new ThresholdRules(options.rules(), alerts);
    this.performance = new LatestPerformance(hub);
    this.statuses = new StatusBoard(hub, options.maxStatusComponents());
    this.sampler = new MetricsSampler(options.source(), this::onSystemSample);
  }

  /**
   * Installs monitoring on {@code hub}: serves {@code request_data}, sends current state to new
   * subscribers, and starts sampling unless the options say {@code manualSampling()}.
   *
   * @throws IllegalArgumentException if two threshold rules share a name
   */
  public static Monitoring install(Hub hub, MonitoringOptions options) {
    Monitoring monitoring = new Monitoring(Objects.requireNonNull(hub, "hub"), Objects.requireNonNull(options, "options"));
    monitoring.registrations.add(
        hub.onRequest(RequestData.class, new MetricsRequestHandler(monitoring.history, options.clock())));
    monitoring.registrations.add(hub.addSubscriptionListener(monitoring.alerts));
    monitoring.registrations.add(hub.addSubscriptionListener(monitoring.performance));
    monitoring.registrations.add(hub.addSubscriptionListener(monitoring.statuses));
    if (options.samplingInterval() != null) {
      monitoring.sampler.startEvery(options.samplingInterval());
    }
    return monitoring;
  }

  /**
   * The four endpoints of seed 001, all with {@code Authorization: Bearer} + {@code X-Client-ID}
   * auth, the seed-001 dialect and the {@code connection} greeting: the main one at the base path
   * (clients subscribe to what they want), and {@code /performance}, {@code /alerts} and
   * {@code /status} below it, each subscribed to its stream on connect.
   */
  public List<EndpointSpec> endpoints() {
    String base = options.basePath();
    String prefix = base.equals("/") ? "" : base;
    return List.of(
        monitoringEndpoint(base).autoSubscribe(options.mainEndpointTopics().toArray(String[]::new)).build(),
        monitoringEndpoint(prefix + "/performance").autoSubscribe(PERFORMANCE_TOPIC).build(),
        monitoringEndpoint(prefix + "/alerts").autoSubscribe(ALL_ALERTS).build(),
        monitoringEndpoint(prefix + "/status").autoSubscribe(STATUS_TOPIC).build());
  }

  private static EndpointSpec.Builder monitoringEndpoint(String path) {
    return EndpointSpec.builder(path).auth(AuthMode.BEARER_HEADER).dialect(Dialect.ENVELOPE_ISO).sendConnectionMessage(true);
  }

  /** The alerts: trigger, update, resolve, and what is active. */
  public AlertManager alerts() {
    return alerts;
  }

  /**
   * Takes a system sample now, on the sampler thread, and records, evaluates and publishes it as
   * a scheduled one is; completes with it once it is published.
   */
  public CompletableFuture<SystemMetrics> sampleNow() {
    return sampler.sampleNow();
  }

  /** Runs on the sampler thread for every system sample. */
  private void onSystemSample(SystemMetrics raw) {
    SystemMetrics sample = finite(raw);
    history.recordSystem(options.clock().instant(), sample);
    for (SystemMetric metric : SystemMetric.values()) {
      Double value = metric.valueIn(sample);
      if (value != null) {
        rules.observe(metric.metricName(), value);
      }
    }
    performance.publish(sample);
  }

  /** A sample without NaN or infinite figures, which JSON cannot carry: such a figure counts as not exposed. */
  private static SystemMetrics finite(SystemMetrics s) {
    return new SystemMetrics(finite(s.cpuPercent()), finite(s.memoryPercent()), finite(s.diskUsagePercent()),
        s.networkIo(), s.processCount());
  }

  private static Double finite(Double value) {
    return value == null || Double.isFinite(value) ? value : null;
  }

  /**
   * Records a custom metric: publishes it on {@value #PERFORMANCE_TOPIC} (droppable), keeps it in
   * the history for {@code request_data}, and evaluates the rules on its name.
   *
   * @return whether it was kept in the history: false when its name is new and the custom-name
   *     bound is reached (it is published all the same)
   * @throws IllegalArgumentException if its name is a system metric's, or its value is not finite
   */
  public boolean recordMetric(CustomMetric metric) {
    Objects.requireNonNull(metric, "metric");
    if (!Double.isFinite(metric.value())) {
      throw new IllegalArgumentException("metric " + metric.metricName() + " has a value JSON cannot carry: " + metric.value());
    }
    boolean kept = history.recordCustom(options.clock().instant(), metric.metricName(), metric.unit(), metric.value());
    rules.observe(metric.metricName(), metric.value());
    hub.publish(PERFORMANCE_TOPIC, metric, Delivery.DROPPABLE);
    return kept;
  }

  /** Publishes a component's status on {@value #STATUS_TOPIC} and keeps it for new subscribers. */
  public CompletableFuture<StreamPosition> publishStatus(Status status) {
    return statuses.publish(Objects.requireNonNull(status, "status"));
  }

  /** Publishes a configuration change on {@value #CONFIG_TOPIC}. */
  public CompletableFuture<StreamPosition> publishConfig(Config config) {
    return hub.publish(CONFIG_TOPIC, Objects.requireNonNull(config, "config"));
  }

  /** Publishes a system event on {@value #SYSTEM_TOPIC}. */
  public CompletableFuture<StreamPosition> publishSystem(SystemEvent event) {
    return hub.publish(SYSTEM_TOPIC, Objects.requireNonNull(event, "event"));
  }

  /**
   * The samples of {@code metric} kept within {@code window} of now, as {@code request_data}
   * would return them; empty if the metric is not known.
   */
  public Optional<MetricsHistory.Series> history(String metric, Duration window) {
    return history.window(metric, options.clock().instant(), window);
  }

  /** A snapshot of the counters and sizes. */
  public MonitoringStats stats() {
    return new MonitoringStats(sampler.samplesTaken(), sampler.failures(), history.customMetricCount(),
        history.refusedNames(), alerts.active().size(), statuses.size());
  }

  /**
   * Stops the sampler thread and takes monitoring off the hub: {@code request_data} is answered
   * with {@code UNSUPPORTED_REQUEST}, and new subscribers are no longer sent the current state.
   * What is already published stays published. Idempotent.
   */
  @Override
  public void close() {
    registrations.forEach(Registration::close);
    sampler.close();
  }
}
