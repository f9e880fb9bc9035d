package io.pushwire.server.monitoring.metrics;

import io.pushwire.protocol.MetricsHistory;
import io.pushwire.protocol.SystemMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recent samples of every metric, for {@code request_data}. Bounded three ways:
 *
 * <ul>
 *   <li><b>Age.</b> A sample older than {@code maxAge} is dropped; no window reaches further
 *       back.</li>
 *   <li><b>Count.</b> A metric keeps at most {@code maxSamplesPerMetric} samples; recording one
 *       more drops its oldest. A window that reaches back past such a drop is reported
 *       {@code truncated}.</li>
 *   <li><b>Names.</b> The {@link SystemMetric}s are always kept. At most
 *       {@code maxCustomMetrics} custom metric names are: when a new name arrives at the bound,
 *       names whose every sample has aged out are forgotten to make room, and if none has, the
 *       new name is <b>refused</b> (not kept, counted in {@link #refusedNames()}, logged once per
 *       run of refusals). Refusing new names rather than evicting old ones means a burst of
 *       accidental names (an id in a metric name, say) cannot push out the metrics that matter.</li>
 * </ul>
 *
 * <p>Thread-safe: every method takes the one lock; each does work bounded by one metric's
 * samples, or by the custom-name bound when a name must be made room for.
 */
public final class MetricHistory {

  private static final Logger log = LoggerFactory.getLogger(MetricHistory.class);

  private final Duration maxAge;
  private final int maxSamplesPerMetric;
  private final int maxCustomMetrics;
  private final Object lock = new Object();
  /**
   * Series by metric name. Guarded by {@link #lock}. Holds every system metric from the start
   * (never removed) plus at most {@link #maxCustomMetrics} custom ones.
   */
  private final Map<String, Ring> series = new HashMap<>();
  /** Custom names in {@link #series}. Guarded by {@link #lock}. */
  private int customCount;
  /** New custom names refused at the bound, since creation. Guarded by {@link #lock}. */
  private long refusedNames;
  /** Whether the last new custom name was refused; a refusal is logged only after an admission. Guarded by {@link #lock}. */
  private boolean refusing;

  /**
   * A history keeping samples for {@code maxAge}, at most {@code maxSamplesPerMetric} per metric,
   * of the system metrics and at most {@code maxCustomMetrics} custom ones.
   */
  public MetricHistory(Duration maxAge, int maxSamplesPerMetric, int maxCustomMetrics) {
    if (Objects.requireNonNull(maxAge, "maxAge").isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("maxAge must be positive, got " + maxAge);
    }
    if (maxSamplesPerMetric < 1 || maxCustomMetrics < 0) {
      throw new IllegalArgumentException("need maxSamplesPerMetric >= 1 and maxCustomMetrics >= 0, got "
          + maxSamplesPerMetric + " and " + maxCustomMetrics);
    }
    this.maxAge = maxAge;
    this.maxSamplesPerMetric = maxSamplesPerMetric;
    this.maxCustomMetrics = maxCustomMetrics;
    for (SystemMetric metric : SystemMetric.values()) {
      series.put(metric.metricName(), new Ring(metric.unit(), true));
    }
  }

  /** How far back samples are kept. */
  public Duration maxAge() {
    return maxAge;
  }

  /** Records every figure {@code sample} has, taken at {@code at}. */
  public void recordSystem(Instant at, SystemMetrics sample) {
    long millis = at.toEpochMilli();
    synchronized (lock) {
      for (SystemMetric metric : SystemMetric.values()) {
        Double value = metric.valueIn(sample);
        if (value != null) {
          Ring ring = series.get(metric.metricName());
          ring.prune(millis - maxAge.toMillis());
          ring.add(millis, value, maxSamplesPerMetric);
        }
      }
    }
  }

  /**
   * Records one value of a custom metric.
   *
   * @return whether it was kept: false when {@code metric} is a new name and the custom-name
   *     bound is reached
   * @throws IllegalArgumentException if {@code metric} is a system metric's name
   */
  public boolean recordCustom(Instant at, String metric, String unit, double value) {
    if (SystemMetric.named(metric).isPresent()) {
      throw new IllegalArgumentException(metric + " is a system metric; record custom metrics under another name");
    }
    long millis = at.toEpochMilli();
    long cutoff = millis - maxAge.toMillis();
    synchronized (lock) {
      Ring ring = series.get(metric);
      if (ring == null) {
        if (customCount >= maxCustomMetrics) {
          forgetAgedOutCustomMetrics(cutoff);
        }
        if (customCount >= maxCustomMetrics) {
          refusedNames++;
          if (!refusing) {
            refusing = true;
            log.warn("metric history keeps at most {} custom metric names; not keeping '{}' (and not logging further refusals until a name is admitted)",
                maxCustomMetrics, metric);
          }
          return false;
        }
        refusing = false;
        ring = new Ring(unit, false);
        series.put(metric, ring);
        customCount++;
      }
      ring.unit = unit;
      ring.prune(cutoff);
      ring.add(millis, value, maxSamplesPerMetric);
      return true;
    }
  }

  private void forgetAgedOutCustomMetrics(long cutoff) {
    Iterator<Ring> rings = series.values().iterator();
    while (rings.hasNext()) {
      Ring ring = rings.next();
      if (!ring.system) {
        ring.prune(cutoff);
        if (ring.size == 0) {
          rings.remove();
          customCount--;
        }
      }
    }
  }

  /** Whether {@code metric} is a system metric or a custom metric this history keeps. */
  public boolean knows(String metric) {
    synchronized (lock) {
      return series.containsKey(metric);
    }
  }

  /**
   * The samples of {@code metric} taken within {@code window} before {@code now}, oldest first;
   * empty if the history does not know the metric.
   */
  public Optional<MetricsHistory.Series> window(String metric, Instant now, Duration window) {
    long from = now.toEpochMilli() - window.toMillis();
    synchronized (lock) {
      Ring ring = series.get(metric);
      if (ring == null) {
        return Optional.empty();
      }
      ring.prune(now.toEpochMilli() - maxAge.toMillis());
      return Optional.of(new MetricsHistory.Series(ring.unit, ring.since(from), ring.lastDroppedByCount >= from));
    }
  }

  /** The latest sample of {@code metric} (none if it has none yet); empty if the history does not know it. */
  public Optional<MetricsHistory.Series> latest(String metric) {
    synchronized (lock) {
      Ring ring = series.get(metric);
      return ring == null ? Optional.empty() : Optional.of(new MetricsHistory.Series(ring.unit, ring.last(), false));
    }
  }

  /** How many custom metric names are kept now. */
  public int customMetricCount() {
    synchronized (lock) {
      return customCount;
    }
  }

  /** How many new custom metric names were refused at the bound since creation. */
  public long refusedNames() {
    synchronized (lock) {
      return refusedNames;
    }
  }

  /**
   * One metric's samples in arrival order: a ring over two parallel arrays that grows by
   * doubling up to the per-metric bound, so a rarely recorded metric holds little memory.
   * Guarded by the history's lock.
   */
  private static final class Ring {
    private static final int INITIAL_CAPACITY = 16;

    final boolean system;
    String unit;
    long[] times = new long[INITIAL_CAPACITY];
    double[] values = new double[INITIAL_CAPACITY];
    /** Index of the oldest sample. */
    int head;
    int size;
    /** Time of the newest sample dropped by the count bound (not by age); MIN_VALUE if none. */
    long lastDroppedByCount = Long.MIN_VALUE;

    Ring(String unit, boolean system) {
      this.unit = unit;
      this.system = system;
    }

    void add(long time, double value, int max) {
      if (size == max) {
        lastDroppedByCount = times[head];
        head = (head + 1) % times.length;
        size--;
      } else if (size == times.length) {
        grow(Math.min(max, times.length * 2));
      }
      int tail = (head + size) % times.length;
      times[tail] = time;
      values[tail] = value;
      size++;
    }

    private void grow(int capacity) {
      long[] newTimes = new long[capacity];
      double[] newValues = new double[capacity];
      for (int i = 0; i < size; i++) {
        newTimes[i] = times[(head + i) % times.length];
        newValues[i] = values[(head + i) % times.length];
      }
      times = newTimes;
      values = newValues;
      head = 0;
    }

    void prune(long cutoff) {
      while (size > 0 && times[head] < cutoff) {
        head = (head + 1) % times.length;
        size--;
      }
    }

    List<MetricsHistory.Sample> since(long from) {
      List<MetricsHistory.Sample> samples = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        int index = (head + i) % times.length;
        if (times[index] >= from) {
          samples.add(new MetricsHistory.Sample(Instant.ofEpochMilli(times[index]), values[index]));
        }
      }
      return samples;
    }

    List<MetricsHistory.Sample> last() {
      if (size == 0) {
        return List.of();
      }
      int index = (head + size - 1) % times.length;
      return List.of(new MetricsHistory.Sample(Instant.ofEpochMilli(times[index]), values[index]));
    }
  }
}
