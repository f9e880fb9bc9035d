package io.pushwire.server.monitoring.metrics;

import io.pushwire.protocol.SystemMetrics;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the {@link MetricsSampler} gets one sample of the system figures. The default,
 * {@link #host()}, reads the JVM and the operating system; tests and applications with their
 * own figures (a container runtime's, say) pass their own.
 *
 * <p>Called on the sampler thread only, once per sample, so an implementation may keep state
 * between calls without locking. A figure it cannot read is {@code null}, and is then left out of
 * the {@code performance} frame. An exception skips that sample; the next one is tried as usual.
 */
@FunctionalInterface
public interface SystemMetricsSource {

  /** Takes one sample. */
  SystemMetrics sample();

  /**
   * The JVM and OS figures, with disk use of the file system holding the first root directory
   * ({@code /} on Unix).
   */
  static SystemMetricsSource host() {
    return new HostMetricsSource(FileSystems.getDefault().getRootDirectories().iterator().next());
  }

  /** The JVM and OS figures, with disk use of the file system that holds {@code disk}. */
  static SystemMetricsSource host(Path disk) {
    return new HostMetricsSource(Objects.requireNonNull(disk, "disk"));
  }
}
