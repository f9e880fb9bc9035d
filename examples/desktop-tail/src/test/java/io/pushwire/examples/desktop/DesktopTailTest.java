package io.pushwire.examples.desktop;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.protocol.DownloadJobs;
import io.pushwire.protocol.JobStatus;
import io.pushwire.protocol.LogLevel;
import io.pushwire.protocol.Progress;
import io.pushwire.server.tasks.NewTask;
import io.pushwire.server.tasks.TaskChange;
import io.pushwire.server.tasks.TaskPhase;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.swing.JTextArea;
import org.junit.jupiter.api.Test;

/**
 * The desktop-tail window under a virtual display (Debian's Xvfb, which the test starts and
 * kills), against a real server in this JVM.
 */
class DesktopTailTest {

  /** Surefire runs tests in the module's folder. */
  private static final Path TEST_OUTPUT = Path.of("target", "desktop-tail-test");
  private static final Path SCREENSHOT = Path.of("target", "screenshots", "desktop-tail.png");
  /** A shown log line: date, time, level, then the content. */
  private static final Pattern SHOWN_LINE = Pattern.compile("\\S+ \\S+ \\S+ +(.*)");

  @Test
  void windowShowsLogJobAndTasksAndRejoinsARestartedServerWithoutRepeatingALine() throws Exception {
    Files.createDirectories(TEST_OUTPUT);
    try (DemoServer server = DemoServer.start();
        VirtualDisplay display = VirtualDisplay.start(TEST_OUTPUT.resolve("xvfb-stderr.txt"));
        WindowProcess window = WindowProcess.start(display, TEST_OUTPUT.resolve("window-stderr.txt"),
            "--port", String.valueOf(server.port()), "--token", DemoServer.TOKEN)) {
      server.log.append(LogLevel.INFO, "[scan 1] started: 12 videos to check");
      server.log.append(LogLevel.WARNING, "[scan 1] 5/40 Paper Lanterns S01E02: no subtitle found");
      server.showJobs(new DownloadJobs(JobStatus.RUNNING, LocalDateTime.now().minusSeconds(75),
          3, 12, "Paper Lanterns", 5, 40, "Paper Lanterns S01E02"));
      server.tasks.create(NewTask.of("download_1"));
      server.tasks.update("download_1", TaskChange.toPhase(TaskPhase.RUNNING)
          .withProgress(new Progress(30, 12, 0, "BTCUSDT 2024-01-13", 40.0, "Downloading 2024-01-13")));

      await().atMost(Duration.ofSeconds(20)).until(() -> window.output().contains("READY window connected-to=ws://127.0.0.1:"
          + server.port() + "/ws ws://127.0.0.1:" + server.port() + "/ws/task"));
      awaitShown(window, shown -> shown.getProperty("logConnection").contains(": OPEN")
          && shown.getProperty("taskConnection").contains(": OPEN")
          && shown.getProperty("log").contains("no subtitle found")
          && shown.getProperty("jobUnits").equals("3/12 unit 3/12: Paper Lanterns")
          && shown.getProperty("jobVideos").equals("5/40 video 5/40: Paper Lanterns S01E02")
          && shown.getProperty("jobTime").startsWith("running for 00:01:")
          && shown.getProperty("task:download_1", "").equals("400/1000 40.0%")
          && shown.getProperty("task:download_1:label", "").equals("download_1 · running · Downloading 2024-01-13"));

      server.stop();
      awaitShown(window, shown -> shown.getProperty("logConnection").contains(": CLOSED")
          && shown.getProperty("taskConnection").contains(": CLOSED"));
      server.log.append(LogLevel.INFO, "[scan 1] appended while the server was down");
      server.startAgain();
      server.log.append(LogLevel.INFO, "[scan 1] appended after the restart");
      server.tasks.progress("download_1", new Progress(30, 24, 0, "BTCUSDT 2024-01-25", 80.0, "Downloading 2024-01-25"));

      Properties shown = awaitShown(window, now -> now.getProperty("logConnection").contains(": OPEN")
          && now.getProperty("taskConnection").contains(": OPEN")
          && now.getProperty("log").contains("after the restart")
          && now.getProperty("task:download_1", "").equals("800/1000 80.0%"));
      assertEquals(List.of(
              "[scan 1] started: 12 videos to check",
              "[scan 1] 5/40 Paper Lanterns S01E02: no subtitle found",
              "[scan 1] appended while the server was down",
              "[scan 1] appended after the restart"),
          contentsOf(shown.getProperty("log")), "every line once, in order, none lost");

      assertTrue(window.screenshot(SCREENSHOT).startsWith("saved 1100x680"));
      BufferedImage image = ImageIO.read(SCREENSHOT.toFile());
      assertEquals(1100, image.getWidth());
    }
  }

  @Test
  void badArgumentsPrintTheUsageAndExitWith2() throws Exception {
    Process process = WindowProcess.java(DesktopTail.class, List.of("--port", "eighty"))
        .redirectErrorStream(true).start();
    assertTrue(process.waitFor(20, TimeUnit.SECONDS));
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(DesktopTail.EXIT_USAGE, process.exitValue(), output);
    assertTrue(output.contains("--port must be a number from 1 to 65535, got eighty"), output);
    assertTrue(output.contains("usage: java -jar desktop-tail.jar [--host H] [--port P] [--token T]"), output);
  }

  @Test
  void optionsDefaultToTheQuickstartAndNameWhatIsWrong() {
    assertEquals(new DesktopTail.Options("127.0.0.1", 8025, "t0k"), DesktopTail.Options.parse(new String[] {"--token", "t0k"}));
    assertEquals(new DesktopTail.Options("127.0.0.1", 19035, "s3cret"),
        DesktopTail.Options.parse(new String[] {"--port", "19035", "--token", "s3cret"}));
    assertEquals("unknown argument: --colour",
        assertThrows(IllegalArgumentException.class, () -> DesktopTail.Options.parse(new String[] {"--colour", "red"})).getMessage());
    assertEquals("--token needs a value",
        assertThrows(IllegalArgumentException.class, () -> DesktopTail.Options.parse(new String[] {"--token"})).getMessage());
  }

  @Test
  void logKeepsItsNewestLinesUpToTheBound() {
    JTextArea area = new JTextArea();
    TailWindow.appendBounded(area, "one\ntwo\n", 3);
    TailWindow.appendBounded(area, "three\nfour\nfive\n", 3);
    assertEquals("three\nfour\nfive\n", area.getText());
  }

  /** Waits until the window shows what {@code expected} wants; returns what it showed then. */
  private static Properties awaitShown(WindowProcess window, Predicate<Properties> expected) {
    return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
        .until(() -> withDefaults(window.probe()), expected);
  }

  /** Every probed text, "" where the window has no such component yet. */
  private static Properties withDefaults(Properties shown) {
    for (String name : List.of("logConnection", "taskConnection", "log", "jobUnits", "jobVideos", "jobTime")) {
      shown.putIfAbsent(name, "");
    }
    return shown;
  }

  /** The contents of the log's lines, without their time and level; gap markers stay as they are. */
  private static List<String> contentsOf(String log) {
    return log.lines().map(line -> {
      Matcher matcher = SHOWN_LINE.matcher(line);
      return line.startsWith("-----") || !matcher.matches() ? line : matcher.group(1);
    }).toList();
  }
}
