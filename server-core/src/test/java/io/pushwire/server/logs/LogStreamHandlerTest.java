package io.pushwire.server.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.server.Hub;
import io.pushwire.server.PushServer;
import io.pushwire.server.TestServers;
import io.pushwire.server.WsClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An application's java.util.logging output, teed into the running log, as a client reads it. */
class LogStreamHandlerTest {

  private Hub hub;
  private PushServer server;
  private RunningLogFeature feature;
  private LogStreamHandler handler;
  /** A logger of this test's own, so the handler never sees other tests' records. Held: JUL keeps loggers weakly. */
  private Logger logger;

  @BeforeEach
  void start() {
    hub = TestServers.hub().build();
    LogStream stream = LogStream.create();
    feature = RunningLogFeature.install(hub, stream,
        RunningLogOptions.defaults().withBatchInterval(Duration.ofMillis(50)));
    server = TestServers.start(hub, TestServers.firstMessage("/ws"));
    handler = new LogStreamHandler(stream);
    logger = Logger.getLogger("io.pushwire.test.app." + System.nanoTime());
    logger.setUseParentHandlers(false);
    logger.setLevel(Level.ALL);
    logger.addHandler(handler);
  }

  @AfterEach
  void stop() {
    logger.removeHandler(handler);
    server.close();
    feature.close();
    hub.close();
  }

  /** The lines a client receives after asking for the running log. */
  private List<JsonNode> linesSeenByAClient(int expected) {
    try (WsClient client = TestServers.authenticated(server, "/ws")) {
      client.send("{\"type\":\"get_running_log\"}");
      JsonNode log = client.awaitType("running_log").path("log");
      List<JsonNode> lines = new ArrayList<>();
      log.path("log_lines").forEach(lines::add);
      assertEquals(expected, lines.size(), "lines: " + lines);
      return lines;
    }
  }

  @Test
  void aLoggedRecordReachesTheClientWithItsFormattedMessageAndTime() {
    logger.log(Level.INFO, "scanning {0} of {1}", new Object[] {"Movie", 3});
    JsonNode line = linesSeenByAClient(1).get(0);
    assertEquals("INFO", line.path("level").asText());
    assertEquals("scanning Movie of 3", line.path("content").asText());
    assertTrue(line.path("date_time").asText().matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"),
        line.path("date_time").asText());
  }

  @Test
  void julLevelsBecomeTheSeedsLevels() {
    logger.severe("a");
    logger.warning("b");
    logger.info("c");
    logger.config("d");
    logger.fine("e");
    logger.finest("f");
    List<String> levels = linesSeenByAClient(6).stream().map(l -> l.path("level").asText()).toList();
    assertEquals(List.of("ERROR", "WARNING", "INFO", "DEBUG", "DEBUG", "TRACE"), levels);
  }

  @Test
  void aThrowableIsAppendedToTheMessage() {
    logger.log(Level.SEVERE, "scan failed", new IOException("disk full"));
    assertEquals("scan failed: java.io.IOException: disk full",
        linesSeenByAClient(1).get(0).path("content").asText());
  }

  @Test
  void recordsBelowTheHandlersLevelAreNotStreamed() {
    handler.setLevel(Level.INFO);
    logger.fine("noise");
    logger.info("kept");
    assertEquals("kept", linesSeenByAClient(1).get(0).path("content").asText());
  }

  @Test
  void aClosedHandlerStreamsNothingMore() {
    logger.info("before");
    handler.close();
    logger.info("after");
    assertEquals("before", linesSeenByAClient(1).get(0).path("content").asText());
  }
}
