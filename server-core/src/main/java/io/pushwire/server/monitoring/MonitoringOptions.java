package io.pushwire.server.monitoring;

import io.pushwire.server.monitoring.alerts.ThresholdRule;
import io.pushwire.server.monitoring.metrics.SystemMetricsSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How {@link Monitoring} samples, what it keeps and where it listens. Immutable; build with
 * {@link #builder()}. Every bound has a default sized for one dashboard's worth of metrics, and
 * every setter rejects values that cannot work.
 *
 * <pre>{@code
 * MonitoringOptions options = MonitoringOptions.builder()
 *     .samplingInterval(Duration.ofSeconds(5))
 *     .history(Duration.ofHours(1), 720)
 *     .rule(ThresholdRule.above("cpu_percent", 80).raiseAfter(3).clearThreshold(75).build())
 *     .build();
 * }</pre>
 */
public final class MonitoringOptions {

  /** Default time between system samples. */
  public static final Duration DEFAULT_SAMPLING_INTERVAL = Duration.ofSeconds(5);
  /** Default age of the oldest sample kept: one hour. */
  public static final Duration DEFAULT_HISTORY_RETENTION = Duration.ofHours(1);
  /** Default number of samples kept per metric: an hour of 5-second samples, about 12 KiB. */
  public static final int DEFAULT_MAX_SAMPLES_PER_METRIC = 720;
  /** Default number of custom metric names kept in the history; new names beyond it are refused. */
  public static final int DEFAULT_MAX_CUSTOM_METRICS = 200;
  /** Default number of alerts active at once; triggering a new one beyond it throws. */
  public static final int DEFAULT_MAX_ACTIVE_ALERTS = 1_000;
  /** Default number of resolutions kept for {@code recentlyResolved()}; the oldest is dropped. */
  public static final int DEFAULT_RESOLVED_HISTORY = 100;
  /** Default number of components whose latest status is kept; the least recently updated is forgotten. */
  public static final int DEFAULT_MAX_STATUS_COMPONENTS = 256;

  private final String basePath;
  private final List<String> mainEndpointTopics;
  private final Duration samplingInterval;
  private final SystemMetricsSource source;
  private final Clock clock;
  private final Duration historyRetention;
  private final int maxSamplesPerMetric;
  private final int maxCustomMetrics;
  private final int maxActiveAlerts;
  private final int resolvedHistory;
  private final int maxStatusComponents;
  private final List<ThresholdRule> rules;

  private MonitoringOptions(Builder b) {
    this.basePath = b.basePath;
    this.mainEndpointTopics = List.copyOf(b.mainEndpointTopics);
    this.samplingInterval = b.samplingInterval;
    this.source = b.source;
    this.clock = b.clock;
    this.historyRetention = b.historyRetention;
    this.maxSamplesPerMetric = b.maxSamplesPerMetric;
    this.maxCustomMetrics = b.maxCustomMetrics;
    this.maxActiveAlerts = b.maxActiveAlerts;
    this.resolvedHistory = b.resolvedHistory;
    this.maxStatusComponents = b.maxStatusComponents;
    this.rules = List.copyOf(b.rules);
  }

  /** Starts a configuration with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The defaults. */
  public static MonitoringOptions defaults() {
    return builder().build();
  }

  /** The main endpoint's path; the dedicated ones are below it. */
  public String basePath() {
    return basePath;
  }

  /** Topics every connection to the main endpoint is subscribed to without asking (default none). */
  public List<String> mainEndpointTopics() {
    return mainEndpointTopics;
  }

  /** Time between system samples, or {@code null} when sampling is manual. */
  public Duration samplingInterval() {
    return samplingInterval;
  }

  /** Where system samples come from. */
  public SystemMetricsSource source() {
    return source;
  }

  /** The clock that stamps samples and resolutions. */
  public Clock clock() {
    return clock;
  }

  /** How far back the history reaches; {@code request_data} windows are capped to it. */
  public Duration historyRetention() {
    return historyRetention;
  }

  /** Most samples kept per metric. */
  public int maxSamplesPerMetric() {
    return maxSamplesPerMetric;
  }

  /** Most custom metric names kept in the history. */
  public int maxCustomMetrics() {
    return maxCustomMetrics;
  }

  /** Most alerts active at once. */
  public int maxActiveAlerts() {
    return maxActiveAlerts;
  }

  /** Resolutions kept. */
  public int resolvedHistory() {
    return resolvedHistory;
  }

  /** Components whose latest status is kept for new subscribers. */
  public int maxStatusComponents() {
    return maxStatusComponents;
  }

  /** The threshold rules. */
  public List<ThresholdRule> rules() {
    return rules;
  }

  /** Configures {@link MonitoringOptions}. Not thread-safe. */
  public static final class Builder {
    private String basePath = "/ws";
    private List<String> mainEndpointTopics = List.of();
    private Duration samplingInterval = DEFAULT_SAMPLING_INTERVAL;
    private SystemMetricsSource source;
    private Clock clock = Clock.systemUTC();
    private Duration historyRetention = DEFAULT_HISTORY_RETENTION;
    private int maxSamplesPerMetric = DEFAULT_MAX_SAMPLES_PER_METRIC;
    private int maxCustomMetrics = DEFAULT_MAX_CUSTOM_METRICS;
    private int maxActiveAlerts = DEFAULT_MAX_ACTIVE_ALERTS;
    private int resolvedHistory = DEFAULT_RESOLVED_HISTORY;
    private int maxStatusComponents = DEFAULT_MAX_STATUS_COMPONENTS;
    private final List<ThresholdRule> rules = new ArrayList<>();

    private Builder() {
    }

    /**
     * The main endpoint's path (default {@code /ws}); the dedicated endpoints are
     * {@code <basePath>/performance}, {@code /alerts} and {@code /status}.
     */
    public Builder basePath(String path) {
      Objects.requireNonNull(path, "path");
      if (!path.startsWith("/") || path.length() > 1 && path.endsWith("/")) {
        throw new IllegalArgumentException("a base path starts with '/' and does not end with one, got " + path);
      }
      this.basePath = path;
      return this;
    }

    /**
     * Topics or patterns every connection to the main endpoint gets without a {@code subscribe}
     * (default none: clients subscribe to what they want, and their filters then decide).
     */
    public Builder mainEndpointTopics(String... topics) {
      this.mainEndpointTopics = List.of(topics);
      return this;
    }

    /** Time between system samples (default 5 s). */
    public Builder samplingInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.toMillis() < 1) {
        throw new IllegalArgumentException("the sampling interval must be at least 1 ms, got " + interval);
      }
      this.samplingInterval = interval;
      return this;
    }

    /** No scheduled sampling: samples are taken only by {@link Monitoring#sampleNow()}. */
    public Builder manualSampling() {
      this.samplingInterval = null;
      return this;
    }

    /** Where system samples come from (default {@link SystemMetricsSource#host()}). */
    public Builder source(SystemMetricsSource source) {
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /** The clock that stamps samples and resolutions (default UTC system clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How long samples are kept (at least a minute; default one hour), and at most how many per
     * metric (default 720).
     */
    public Builder history(Duration retention, int maxSamplesPerMetric) {
      Objects.requireNonNull(retention, "retention");
      if (retention.toMinutes() < 1 || maxSamplesPerMetric < 1) {
        throw new IllegalArgumentException("history needs at least one minute and one sample, got "
            + retention + " and " + maxSamplesPerMetric);
      }
      this.historyRetention = retention;
      this.maxSamplesPerMetric = maxSamplesPerMetric;
      return this;
    }

    /** Most custom metric names kept in the history (default 200; 0 keeps none). */
    public Builder maxCustomMetrics(int names) {
      if (names < 0) {
        throw new IllegalArgumentException("maxCustomMetrics must not be negative, got " + names);
      }
      this.maxCustomMetrics = names;
      return this;
    }

    /** Most alerts active at once (default 1,000) and resolutions kept (default 100). */
    public Builder alertBounds(int maxActive, int resolvedHistory) {
      if (maxActive < 1 || resolvedHistory < 0) {
        throw new IllegalArgumentException("need maxActive >= 1 and resolvedHistory >= 0, got "
            + maxActive + " and " + resolvedHistory);
      }
      this.maxActiveAlerts = maxActive;
      this.resolvedHistory = resolvedHistory;
      return this;
    }

    /** Components whose latest status is kept for new subscribers (default 256). */
    public Builder maxStatusComponents(int components) {
      if (components < 0) {
        throw new IllegalArgumentException("maxStatusComponents must not be negative, got " + components);
      }
      this.maxStatusComponents = components;
      return this;
    }

    /** Adds a threshold rule; names must be unique. */
    public Builder rule(ThresholdRule rule) {
      this.rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /** Builds the options. */
    public MonitoringOptions build() {
      if (source == null) {
        source = SystemMetricsSource.host();
      }
      return new MonitoringOptions(this);
    }
  }
}
