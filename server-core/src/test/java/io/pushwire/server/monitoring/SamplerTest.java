package io.pushwire.server.monitoring;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.server.WsClient;
import io.pushwire.server.monitoring.metrics.MetricsSampler;
import io.pushwire.server.monitoring.metrics.SystemMetricsSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scheduled sampler on its own thread, with a scripted source and with the real host. */
class SamplerTest {

  private MonitoringFixture fixture;

  @AfterEach
  void stop() {
    fixture.close();
  }

  private static boolean samplerThreadAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals(MetricsSampler.THREAD_NAME) && t.isAlive());
  }

  @Test
  void scheduledSamplerPushesSamplesToThePerformanceEndpoint() {
    fixture = MonitoringFixture.start(o -> o.samplingInterval(Duration.ofMillis(20)));
    WsClient client = fixture.connect("/ws/performance");
    await().atMost(Duration.ofSeconds(10)).until(() -> client.ofType("performance").size() >= 3);
  }

  @Test
  void realHostSampleOnTheWireHasSaneFigures() {
    fixture = MonitoringFixture.start(o -> o.source(SystemMetricsSource.host()));
    WsClient client = fixture.connect("/ws/performance");
    fixture.monitoring.sampleNow().join(); // starts the CPU measurement: no cpu_percent yet
    fixture.monitoring.sampleNow().join();
    await().until(() -> client.ofType("performance").size() == 2);
    JsonNode data = client.ofType("performance").get(1).path("data");
    assertEquals(Files.isReadable(Path.of("/proc/stat")), data.has("cpu_percent"), data.toString());
    for (String percent : new String[] {"cpu_percent", "memory_percent", "disk_usage_percent"}) {
      if (data.has(percent)) {
        double value = data.path(percent).asDouble();
        assertTrue(value >= 0 && value <= 100, percent + " " + data);
      }
    }
    assertTrue(data.has("memory_percent") && data.has("disk_usage_percent"), data.toString());
    if (data.has("process_count")) {
      assertTrue(data.path("process_count").asInt() > 0, data.toString());
    }
  }

  @Test
  void aFailingSourceLosesThatSampleAndTheNextOneIsPublished() {
    AtomicInteger calls = new AtomicInteger();
    fixture = MonitoringFixture.start(o -> o.source(() -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("sensor unavailable");
      }
      return ScriptedSource.cpu(42);
    }));
    WsClient client = fixture.connect("/ws/performance");
    assertThrows(CompletionException.class, () -> fixture.monitoring.sampleNow().join());
    fixture.monitoring.sampleNow().join();
    assertEquals(42.0, client.awaitType("performance").path("data").path("cpu_percent").asDouble());
    assertEquals(1, fixture.monitoring.stats().sampleFailures());
    assertEquals(1, fixture.monitoring.stats().samplesTaken());
  }

  @Test
  void closeStopsTheSamplerThread() {
    fixture = MonitoringFixture.start(o -> o.samplingInterval(Duration.ofMillis(20)));
    await().until(SamplerTest::samplerThreadAlive);
    fixture.monitoring.close();
    await().until(() -> !samplerThreadAlive());
    assertThrows(CompletionException.class, () -> fixture.monitoring.sampleNow().join());
  }
}
