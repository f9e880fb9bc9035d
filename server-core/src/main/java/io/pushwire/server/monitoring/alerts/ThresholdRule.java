package io.pushwire.server.monitoring.alerts;

import io.pushwire.protocol.AlertLevel;
import io.pushwire.server.monitoring.metrics.SystemMetric;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A threshold on a metric that raises an alert and resolves it, with hysteresis in both time
 * and value:
 *
 * <ul>
 *   <li>it <b>raises</b> once the metric has been beyond {@code threshold} (strictly above, or
 *       strictly below for {@link Direction#BELOW}) in {@code samplesToRaise} consecutive
 *       samples;</li>
 *   <li>it <b>resolves</b> once the metric has been back on the safe side of
 *       {@code clearThreshold} (strictly below it, or strictly above it for {@code BELOW}) in
 *       {@code samplesToClear} consecutive samples;</li>
 *   <li>between the two thresholds nothing changes, and any sample that breaks a run starts its
 *       count again.</li>
 * </ul>
 *
 * <pre>{@code
 * ThresholdRule cpu = ThresholdRule.above("cpu_percent", 80)
 *     .level(AlertLevel.WARNING)
 *     .raiseAfter(3)          // three samples above 80 in a row
 *     .clearThreshold(75)     // ... and it resolves below 75
 *     .clearAfter(2)          // for two samples in a row
 *     .build();               // type "cpu", published on alert.cpu
 * }</pre>
 *
 * @param name the rule's name, also the key of the alert it raises in the {@link AlertManager};
 *     unique among a monitor's rules
 * @param metric the metric's name: a {@link SystemMetric} name or a custom metric's
 * @param direction which side of the threshold is bad
 * @param threshold the value beyond which samples count towards raising
 * @param clearThreshold the value on the safe side of which samples count towards resolving;
 *     equal to {@code threshold}, or on its safe side
 * @param samplesToRaise consecutive samples beyond {@code threshold} that raise the alert
 * @param samplesToClear consecutive samples past {@code clearThreshold} that resolve it
 * @param type the alert type, so the topic is {@code alert.<type>}
 * @param level the alert level
 * @param title the alert title
 * @param metadata extra fields for the alert's {@code metadata}, or {@code null}
 */
public record ThresholdRule(String name, String metric, Direction direction, double threshold,
    double clearThreshold, int samplesToRaise, int samplesToClear, String type, AlertLevel level, String title,
    Map<String, Object> metadata) {

  /** Which side of the threshold is bad. */
  public enum Direction {
    /** Values above the threshold are bad (CPU load). */
    ABOVE,
    /** Values below the threshold are bad (free space). */
    BELOW
  }

  public ThresholdRule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(level, "level");
    if (!Double.isFinite(threshold) || !Double.isFinite(clearThreshold)) {
      throw new IllegalArgumentException("thresholds must be finite");
    }
    if (direction == Direction.ABOVE ? clearThreshold > threshold : clearThreshold < threshold) {
      throw new IllegalArgumentException("rule " + name + ": the clear threshold " + clearThreshold
          + " must be on the safe side of the threshold " + threshold + " (or equal to it)");
    }
    if (samplesToRaise < 1 || samplesToClear < 1) {
      throw new IllegalArgumentException("rule " + name + ": samplesToRaise and samplesToClear must be at least 1");
    }
    metadata = metadata == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** A rule raising when {@code metric} is above {@code threshold}. */
  public static Builder above(String metric, double threshold) {
    return new Builder(metric, Direction.ABOVE, threshold);
  }

  /** A rule raising when {@code metric} is below {@code threshold}. */
  public static Builder below(String metric, double threshold) {
    return new Builder(metric, Direction.BELOW, threshold);
  }

  /** Whether {@code value} is beyond the threshold, on the bad side. */
  boolean breaches(double value) {
    return direction == Direction.ABOVE ? value > threshold : value < threshold;
  }

  /** Whether {@code value} is past the clear threshold, on the safe side. */
  boolean clears(double value) {
    return direction == Direction.ABOVE ? value < clearThreshold : value > clearThreshold;
  }

  /**
   * Builds a {@link ThresholdRule}. Defaults: level {@code warning}, raise and clear after one
   * sample, clear threshold equal to the threshold, the type of the system metric
   * ({@code cpu_percent} gives {@code cpu}) or else the metric name, the name
   * {@code <metric> above|below <threshold>}, a title like the name. Not thread-safe.
   */
  public static final class Builder {
    private final String metric;
    private final Direction direction;
    private final double threshold;
    private Double clearThreshold;
    private int samplesToRaise = 1;
    private int samplesToClear = 1;
    private String name;
    private String type;
    private AlertLevel level = AlertLevel.WARNING;
    private String title;
    private Map<String, Object> metadata;

    private Builder(String metric, Direction direction, double threshold) {
      this.metric = Objects.requireNonNull(metric, "metric");
      this.direction = direction;
      this.threshold = threshold;
    }

    /** The alert level (default {@code warning}). */
    public Builder level(AlertLevel level) {
      this.level = Objects.requireNonNull(level, "level");
      return this;
    }

    /** Consecutive samples beyond the threshold that raise the alert (default 1). */
    public Builder raiseAfter(int samples) {
      this.samplesToRaise = samples;
      return this;
    }

    /** The value past which samples count towards resolving (default: the threshold itself). */
    public Builder clearThreshold(double value) {
      this.clearThreshold = value;
      return this;
    }

    /** Consecutive samples past the clear threshold that resolve the alert (default 1). */
    public Builder clearAfter(int samples) {
      this.samplesToClear = samples;
      return this;
    }

    /** The rule's name and alert key (default {@code <metric> above|below <threshold>}). */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The alert type, published on {@code alert.<type>}. */
    public Builder type(String type) {
      this.type = Objects.requireNonNull(type, "type");
      return this;
    }

    /** The alert title. */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /** Extra fields for the alert's {@code metadata}. */
    public Builder metadata(Map<String, Object> metadata) {
      this.metadata = metadata;
      return this;
    }

    /** Builds the rule. */
    public ThresholdRule build() {
      String defaultName = String.format(Locale.ROOT, "%s %s %s", metric,
          direction == Direction.ABOVE ? "above" : "below", format(threshold));
      String ruleName = name != null ? name : defaultName;
      String alertType = type != null ? type : SystemMetric.named(metric).map(SystemMetric::alertType).orElse(metric);
      return new ThresholdRule(ruleName, metric, direction, threshold,
          clearThreshold != null ? clearThreshold : threshold, samplesToRaise, samplesToClear, alertType, level,
          title != null ? title : defaultName, metadata);
    }
  }

  /** A number as people write it: {@code 80}, {@code 80.5}. */
  static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }
}
