package io.pushwire.server.monitoring.metrics;

import io.pushwire.protocol.NetworkIo;
import io.pushwire.protocol.SystemMetrics;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The system figures of the host this JVM runs on, read the way {@code psutil} (which seed 001's
 * figures come from) reads them where the OS allows:
 *
 * <ul>
 *   <li>{@code cpu_percent}: {@code com.sun.management.OperatingSystemMXBean#getCpuLoad}, the
 *       whole system's load since the previous sample (container-aware in JDK 17); absent from
 *       the first sample, which only starts the measurement (the bean then reads 0, as
 *       {@code psutil.cpu_percent()} does), and where the bean is not available.</li>
 *   <li>{@code memory_percent}: on Linux, {@code (MemTotal - MemAvailable) / MemTotal} from
 *       {@code /proc/meminfo}, as {@code psutil.virtual_memory().percent}; elsewhere
 *       {@code (total - free) / total} from the OS bean, which counts caches as used.</li>
 *   <li>{@code disk_usage_percent}: {@code used / (used + usable)} of the file store, with
 *       {@code used = total - unallocated}, as {@code psutil.disk_usage}.</li>
 *   <li>{@code network_io}: on Linux, the receive and transmit byte counters of every interface
 *       in {@code /proc/net/dev} summed, loopback included, as {@code psutil.net_io_counters()};
 *       absent elsewhere.</li>
 *   <li>{@code process_count}: {@code ProcessHandle.allProcesses()}, the processes this JVM may
 *       see.</li>
 * </ul>
 *
 * <p>Percentages are rounded to one decimal, as the seed writes them. Only the sampler thread
 * calls {@link #sample()}, so its one mutable field needs no lock.
 */
final class HostMetricsSource implements SystemMetricsSource {

  private static final Path MEMINFO = Path.of("/proc/meminfo");
  private static final Path NET_DEV = Path.of("/proc/net/dev");

  private final Path disk;
  private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
  /** Whether a sample has started the CPU measurement. Sampler thread only. */
  private boolean cpuStarted;

  HostMetricsSource(Path disk) {
    this.disk = disk;
  }

  @Override
  public SystemMetrics sample() {
    return new SystemMetrics(cpuPercent(), memoryPercent(), diskUsagePercent(), networkIo(), processCount());
  }

  Double cpuPercent() {
    if (os instanceof com.sun.management.OperatingSystemMXBean bean) {
      double load = bean.getCpuLoad();
      boolean first = !cpuStarted;
      cpuStarted = true;
      return first || load < 0 || Double.isNaN(load) ? null : percent(load);
    }
    return null;
  }

  Double memoryPercent() {
    Double linux = linuxMemoryPercent();
    if (linux != null) {
      return linux;
    }
    if (os instanceof com.sun.management.OperatingSystemMXBean bean) {
      long total = bean.getTotalMemorySize();
      long free = bean.getFreeMemorySize();
      return total <= 0 ? null : percent((double) (total - free) / total);
    }
    return null;
  }

  private static Double linuxMemoryPercent() {
    if (!Files.isReadable(MEMINFO)) {
      return null;
    }
    try {
      long total = -1;
      long available = -1;
      for (String line : Files.readAllLines(MEMINFO)) {
        if (line.startsWith("MemTotal:")) {
          total = kilobytes(line);
        } else if (line.startsWith("MemAvailable:")) {
          available = kilobytes(line);
        }
      }
      return total <= 0 || available < 0 ? null : percent((double) (total - available) / total);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static long kilobytes(String meminfoLine) {
    return Long.parseLong(meminfoLine.replaceAll("[^0-9]", ""));
  }

  Double diskUsagePercent() {
    try {
      FileStore store = Files.getFileStore(disk);
      long total = store.getTotalSpace();
      long used = total - store.getUnallocatedSpace();
      long usable = store.getUsableSpace();
      return used + usable <= 0 ? null : percent((double) used / (used + usable));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static NetworkIo networkIo() {
    if (!Files.isReadable(NET_DEV)) {
      return null;
    }
    try {
      return parseNetDev(Files.readAllLines(NET_DEV));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Sums the byte counters of {@code /proc/net/dev}: after two header lines, each line is
   * {@code iface: rx_bytes rx_packets ... (8 receive fields) tx_bytes ...}.
   */
  static NetworkIo parseNetDev(List<String> lines) {
    long received = 0;
    long sent = 0;
    for (String line : lines.subList(Math.min(2, lines.size()), lines.size())) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String[] fields = line.substring(colon + 1).trim().split("\\s+");
      if (fields.length < 9) {
        continue;
      }
      received += Long.parseLong(fields[0]);
      sent += Long.parseLong(fields[8]);
    }
    return new NetworkIo(sent, received);
  }

  static Integer processCount() {
    try {
      long count = ProcessHandle.allProcesses().count();
      return count <= 0 ? null : (int) Math.min(Integer.MAX_VALUE, count);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static double percent(double fraction) {
    double clamped = Math.max(0, Math.min(1, fraction));
    return Math.round(clamped * 1000) / 10.0;
  }
}
