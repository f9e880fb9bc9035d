package io.pushwire.server.monitoring.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pushwire.protocol.NetworkIo;
import io.pushwire.protocol.SystemMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real JVM/OS source yields figures in their ranges on this host. */
class HostMetricsSourceTest {

  private final SystemMetricsSource host = SystemMetricsSource.host();

  private static boolean linux() {
    return Files.isReadable(Path.of("/proc/meminfo"));
  }

  @Test
  void percentagesAreBetweenZeroAndOneHundred() {
    host.sample();
    SystemMetrics sample = host.sample(); // the second has a CPU load measured over an interval
    assertNotNull(sample.memoryPercent());
    assertNotNull(sample.diskUsagePercent());
    for (Double percent : new Double[] {sample.cpuPercent(), sample.memoryPercent(), sample.diskUsagePercent()}) {
      if (percent != null) {
        assertTrue(percent >= 0 && percent <= 100, sample.toString());
      }
    }
  }

  @Test
  void cpuPercentIsReportedOnLinux() {
    assumeTrue(linux(), "the CPU load bean reports on Linux");
    host.sample();
    Double cpu = host.sample().cpuPercent();
    assertNotNull(cpu);
    assertTrue(cpu >= 0 && cpu <= 100, String.valueOf(cpu));
  }

  @Test
  void processCountIsPositiveWhereTheOsListsProcesses() {
    Integer count = host.sample().processCount();
    assumeTrue(count != null || !linux(), "Linux lists processes");
    if (count != null) {
      assertTrue(count > 0, String.valueOf(count));
    }
  }

  @Test
  void networkCountersAreReadOnLinux() {
    assumeTrue(Files.isReadable(Path.of("/proc/net/dev")), "only Linux exposes /proc/net/dev");
    NetworkIo io = host.sample().networkIo();
    assertNotNull(io);
    assertTrue(io.bytesSent() >= 0 && io.bytesRecv() >= 0, io.toString());
  }

  @Test
  void procNetDevIsSummedOverEveryInterface() {
    List<String> netDev = List.of(
        "Inter-|   Receive                                                |  Transmit",
        " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed",
        "    lo:    1000      10    0    0    0     0          0         0     1000      10    0    0    0     0       0          0",
        "  eth0: 2097152000 1500 0    0    0     0          0         0 1048576000   900    0    0    0     0       0          0");
    assertEquals(new NetworkIo(1_048_577_000L, 2_097_153_000L), HostMetricsSource.parseNetDev(netDev));
  }
}
