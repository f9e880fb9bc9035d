package io.pushwire.server.monitoring;

import io.pushwire.protocol.NetworkIo;
import io.pushwire.protocol.SystemMetrics;
import io.pushwire.server.monitoring.metrics.SystemMetricsSource;
import java.util.concurrent.atomic.AtomicReference;

/** A system-metrics source for tests: every sample is the figures last set. */
final class ScriptedSource implements SystemMetricsSource {

  /** The figures the next samples return. Set by the test thread, read by the sampler thread. */
  private final AtomicReference<SystemMetrics> next = new AtomicReference<>(cpu(10));

  static SystemMetrics cpu(double cpuPercent) {
    return new SystemMetrics(cpuPercent, 50.0, 40.0, new NetworkIo(1_000, 2_000), 100);
  }

  void set(SystemMetrics metrics) {
    next.set(metrics);
  }

  @Override
  public SystemMetrics sample() {
    return next.get();
  }
}
