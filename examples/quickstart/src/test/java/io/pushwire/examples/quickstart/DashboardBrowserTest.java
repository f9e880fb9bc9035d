package io.pushwire.examples.quickstart;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushwire.examples.support.ExampleOptions;
import io.pushwire.protocol.CloseCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The quickstart's page in a real browser: headless Chromium loads it from the quickstart, shows
 * live log lines and task progress, and when the connections drop or the server restarts it
 * reconnects and the log goes on with no line shown twice. A screenshot of the page is saved as
 * {@code target/screenshots/dashboard.png}.
 */
class DashboardBrowserTest {

  private static final String TOKEN = "browser-token";
  private static final Path TARGET = Path.of("target");
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Pattern TASK_IN_PROGRESS = Pattern.compile("download_\\d+\\s*running\\s*([1-9]\\d*(\\.\\d+)?)% Downloading");
  /** What the page shows, read in one go; "loading" until its indicator exists. */
  private static final String READ_PAGE = "(() => { const c = document.getElementById('connection');"
      + "return JSON.stringify(c === null ? {state: 'loading', reconnects: 0, lines: [], tasks: []} : {"
      + "state: c.dataset.state,"
      + "reconnects: Number(document.getElementById('reconnects').textContent),"
      + "lines: [...document.querySelectorAll('#log .line')].map(e => e.textContent),"
      + "tasks: [...document.querySelectorAll('#tasks .task')].map(e => e.textContent.replace(/\\s+/g, ' '))}); })()";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The quickstart under test; replaced by the restart. */
  private Quickstart.Running quickstart;

  @AfterEach
  void stopQuickstart() {
    if (quickstart != null) {
      quickstart.close();
    }
  }

  @Test
  void showsLiveLogAndTasksAndResumesAfterDroppedConnectionsAndARestart() throws Exception {
    // Chromium first: its cold start can take longer than the quickstart's first scan, and the
    // assertions below read that scan's lines.
    try (HeadlessChromium chromium = HeadlessChromium.launch(TARGET.resolve("chromium.log"))) {
      quickstart = Quickstart.start(new ExampleOptions("127.0.0.1", 0, TOKEN));
      int port = quickstart.port();
      chromium.navigate(quickstart.pageUrl());

      // Live: the indicator opens, log lines stream in, a download shows its progress. (While
      // the page is still loading, DevTools may refuse to evaluate in it: wait that out.)
      await().atMost(WAIT).ignoreExceptionsInstanceOf(IllegalStateException.class)
          .until(() -> read(chromium).state().equals("open"));
      await().atMost(WAIT).until(() -> read(chromium).lines().stream().filter(l -> l.contains("[scan 1]")).count() >= 3);
      await().atMost(WAIT).until(() -> read(chromium).tasks().stream().anyMatch(t -> TASK_IN_PROGRESS.matcher(t).find()));
      assertTrue(read(chromium).lines().get(0).contains("Pushwire quickstart listening on 127.0.0.1:" + port));

      // The server drops every connection: the page reconnects and resumes from its offset.
      int before = read(chromium).lines().size();
      quickstart.hub.connectionIds().forEach(id -> quickstart.hub.disconnect(id, CloseCode.GOING_AWAY));
      await().atMost(WAIT).until(() -> {
        Page page = read(chromium);
        return page.reconnects() >= 1 && page.state().equals("open") && page.lines().size() >= before + 3;
      });
      assertNoLineRepeated(read(chromium).lines());

      // The server restarts on the same port: the page says so, reconnects, and the log goes on.
      quickstart.close();
      await().atMost(WAIT).until(() -> read(chromium).state().equals("reconnecting"));
      quickstart = Quickstart.start(new ExampleOptions("127.0.0.1", port, TOKEN));
      await().atMost(WAIT).until(() -> read(chromium).state().equals("open"));
      await().atMost(WAIT).until(() -> linesAfterSecondStart(read(chromium).lines()) >= 3);
      assertNoLineRepeated(read(chromium).lines());
      await().atMost(WAIT).until(() -> read(chromium).tasks().stream().anyMatch(t -> TASK_IN_PROGRESS.matcher(t).find()));

      Path screenshot = TARGET.resolve("screenshots").resolve("dashboard.png");
      Files.createDirectories(screenshot.getParent());
      Files.write(screenshot, chromium.screenshot());
      assertTrue(Files.size(screenshot) > 10_000, "a screenshot of a rendered page");
    }
  }

  @Test
  void theTenLineBrowserExampleOfTheDocsRunsInTheQuickstartsPage() throws Exception {
    String snippet = browserExample();
    try (HeadlessChromium chromium = HeadlessChromium.launch(TARGET.resolve("chromium-example.log"))) {
      quickstart = Quickstart.start(new ExampleOptions("127.0.0.1", 0, TOKEN));
      chromium.navigate(quickstart.pageUrl());
      await().atMost(WAIT).ignoreExceptionsInstanceOf(IllegalStateException.class)
          .until(() -> read(chromium).state().equals("open"));
      // As pasted into the page: a module script of its own, next to the page's.
      chromium.evaluate("(() => { const s = document.createElement('script'); s.type = 'module'; s.textContent = "
          + JSON.writeValueAsString(snippet) + "; document.body.appendChild(s); return true; })()");
      await().atMost(WAIT).until(() -> chromium.evaluate("document.title").asText().matches("memory \\d+\\.\\d%"));
    }
  }

  /** The script of docs/client-js.md's browser example, between its markers. */
  private static String browserExample() throws IOException {
    String docs = Files.readString(Path.of("../../docs/client-js.md"));
    int start = docs.indexOf("<!-- browser-example");
    int end = docs.indexOf("<!-- /browser-example -->");
    assertTrue(start >= 0 && end > start, "docs/client-js.md marks its browser example");
    String block = docs.substring(start, end);
    int open = block.indexOf("<script type=\"module\">");
    int close = block.indexOf("</script>");
    assertTrue(open >= 0 && close > open, "the example is a module script");
    String script = block.substring(open + "<script type=\"module\">".length(), close);
    assertTrue(script.strip().lines().count() <= 10, "ten lines:\n" + script);
    return script;
  }

  /** Lines the page shows after the second quickstart's first line, or -1 before it. */
  private static int linesAfterSecondStart(List<String> lines) {
    List<Integer> starts = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("Pushwire quickstart listening")) {
        starts.add(i);
      }
    }
    return starts.size() < 2 ? -1 : lines.size() - starts.get(1) - 1;
  }

  /** Each line carries its time to the second and a step number unique in its process. */
  private static void assertNoLineRepeated(List<String> lines) {
    Set<String> seen = new HashSet<>();
    for (String line : lines) {
      assertTrue(seen.add(line), "shown twice: " + line);
    }
    assertEquals(lines.size(), seen.size());
  }

  private static Page read(HeadlessChromium chromium) {
    try {
      JsonNode page = JSON.readTree(chromium.evaluate(READ_PAGE).asText());
      return new Page(page.path("state").asText(), page.path("reconnects").asInt(), strings(page.path("lines")),
          strings(page.path("tasks")));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> strings(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  /** The page's connection indicator, reconnect count, log lines and task rows. */
  private record Page(String state, int reconnects, List<String> lines, List<String> tasks) {
  }
}
