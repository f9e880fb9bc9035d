package io.pushwire.server.monitoring.metrics;

import io.pushwire.protocol.SystemMetrics;
import java.util.Optional;
import java.util.function.Function;

/**
 * The figures of seed 001's system {@code performance} message, each a metric with a history:
 * its name in {@code request_data} (the body field, with {@code network_io}'s two counters
 * written as {@code network_io.bytes_sent} and {@code network_io.bytes_recv}), its unit, and the
 * alert type a threshold rule on it raises by default ({@code cpu} gives the topic
 * {@code alert.cpu}, as in the seed).
 */
public enum SystemMetric {
  CPU_PERCENT("cpu_percent", "%", "cpu", SystemMetrics::cpuPercent),
  MEMORY_PERCENT("memory_percent", "%", "memory", SystemMetrics::memoryPercent),
  DISK_USAGE_PERCENT("disk_usage_percent", "%", "disk", SystemMetrics::diskUsagePercent),
  NETWORK_BYTES_SENT("network_io.bytes_sent", "bytes", "network",
      s -> s.networkIo() == null ? null : (double) s.networkIo().bytesSent()),
  NETWORK_BYTES_RECV("network_io.bytes_recv", "bytes", "network",
      s -> s.networkIo() == null ? null : (double) s.networkIo().bytesRecv()),
  PROCESS_COUNT("process_count", "count", "process",
      s -> s.processCount() == null ? null : s.processCount().doubleValue());

  private final String metricName;
  private final String unit;
  private final String alertType;
  private final Function<SystemMetrics, Double> reader;

  SystemMetric(String metricName, String unit, String alertType, Function<SystemMetrics, Double> reader) {
    this.metricName = metricName;
    this.unit = unit;
    this.alertType = alertType;
    this.reader = reader;
  }

  /** The name clients use in {@code request_data}, e.g. {@code cpu_percent}. */
  public String metricName() {
    return metricName;
  }

  /** The unit reported with its history: {@code %}, {@code bytes} or {@code count}. */
  public String unit() {
    return unit;
  }

  /** The alert type a threshold rule on this metric raises unless told otherwise. */
  public String alertType() {
    return alertType;
  }

  /** This metric's value in {@code sample}, or {@code null} when the sample lacks it. */
  public Double valueIn(SystemMetrics sample) {
    return reader.apply(sample);
  }

  /** The system metric called {@code metricName}, if there is one. */
  public static Optional<SystemMetric> named(String metricName) {
    for (SystemMetric metric : values()) {
      if (metric.metricName.equals(metricName)) {
        return Optional.of(metric);
      }
    }
    return Optional.empty();
  }
}
