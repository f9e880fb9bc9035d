package io.pushwire.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.benchmarks.load.Report.Figure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole load harness at a tiny size: both server processes, every measurement, the
 * report. It checks that every figure is there and measured on both targets, never how large
 * it is: the machine running the tests is not the one the figures are about.
 */
class LoadHarnessSmokeTest {

  @Test
  void reportsEveryFigureOnBothTargets(@TempDir Path dir) throws Exception {
    Path reportFile = dir.resolve("load-report.md");
    HarnessOptions options = HarnessOptions.parse(
        "--subscribers", "10",
        "--latency-subscribers", "10",
        "--connections", "100",
        "--storm-clients", "20",
        "--warmup-seconds", "0.5",
        "--duration-seconds", "1",
        "--rounds", "2",
        "--report", reportFile.toString(),
        "--max-seconds", "120");

    Report report = LoadHarness.run(options, System.err);

    List<String> names = report.figures().stream().map(Figure::name).toList();
    assertEquals(List.of(
        "fan-out, 10 subscribers",
        "fan-out, 10 subscribers: server CPU per delivery",
        "fan-out, 10 subscribers: server allocation per delivery",
        "latency p50, 10 subscribers at " + rateIn(names) + "/s",
        "latency p99, 10 subscribers at " + rateIn(names) + "/s",
        "latency p99.9, 10 subscribers at " + rateIn(names) + "/s",
        "heap per connection, 100 idle",
        "RSS per connection, 100 idle",
        "reconnect storm, 20 clients"), names);
    for (Figure figure : report.figures()) {
      assertTrue(Double.isFinite(figure.pushwire()) && Double.isFinite(figure.baseline())
          && Double.isFinite(figure.ratio()), figure + ": every value reported");
      if (figure.name().contains("per connection")) {
        // At 100 connections these are the difference of two whole-process readings taken
        // around a GC; on a busy machine RSS can shrink in between, so only presence is checked
        // here. The real run measures 1,000 and 10,000 connections, where the difference holds.
        continue;
      }
      assertTrue(figure.pushwire() > 0, figure + ": Pushwire value");
      assertTrue(figure.baseline() > 0, figure + ": baseline value");
      assertTrue(figure.ratio() > 0, figure + ": ratio");
    }
    String markdown = Files.readString(reportFile);
    assertTrue(markdown.contains("| figure | unit | Pushwire | baseline | ratio P/B | better |"), markdown);
    assertTrue(markdown.contains("| reconnect storm, 20 clients | ms |"), markdown);
  }

  /** The latency rate is chosen from the fan-out result: read it back from the figure's name. */
  private static String rateIn(List<String> names) {
    String p50 = names.stream().filter(n -> n.startsWith("latency p50")).findFirst().orElse("at ?/s");
    return p50.substring(p50.lastIndexOf(" at ") + 4, p50.length() - 2);
  }
}
