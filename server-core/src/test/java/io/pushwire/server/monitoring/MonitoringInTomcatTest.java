package io.pushwire.server.monitoring;

import static io.pushwire.server.monitoring.MonitoringFixture.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.CloseCode;
import io.pushwire.server.EmbeddedTomcat;
import io.pushwire.server.Hub;
import io.pushwire.server.TestServers;
import io.pushwire.server.WsClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring endpoints in embedded Tomcat, where a refused handshake cannot get HTTP 401:
 * there the client reads seed 001's connection error instead.
 */
class MonitoringInTomcatTest {

  @TempDir
  Path baseDir;

  private EmbeddedTomcat tomcat;
  private Hub hub;
  private Monitoring monitoring;
  private int port;

  @BeforeEach
  void startTomcat() throws Exception {
    hub = TestServers.hub().build();
    monitoring = Monitoring.install(hub, MonitoringOptions.builder().manualSampling().source(new ScriptedSource()).build());
    tomcat = EmbeddedTomcat.start(baseDir, hub, monitoring.endpoints());
    port = tomcat.port();
  }

  @AfterEach
  void stopTomcat() throws Exception {
    monitoring.close();
    hub.close();
    tomcat.close();
  }

  @Test
  void wrongBearerTokenGetsTheConnectionErrorAndCloseAuthFailed() {
    try (WsClient client = WsClient.connect("ws://127.0.0.1:" + port + "/ws/alerts", bearer("not-an-api-key", "c1"))) {
      assertEquals(CloseCode.AUTH_FAILED.code(), client.awaitClose());
      JsonNode connection = client.awaitType("connection").path("data");
      assertEquals("error", connection.path("status").asText());
      assertEquals("AUTH_FAILED", connection.path("error_code").asText());
    }
  }

  @Test
  void rightBearerTokenIsGreetedAsConnected() {
    try (WsClient client = WsClient.connect("ws://127.0.0.1:" + port + "/ws", bearer(TestServers.TOKEN, "client_12345"))) {
      JsonNode connection = client.awaitType("connection").path("data");
      assertEquals("connected", connection.path("status").asText());
      assertEquals("client_12345", connection.path("client_id").asText());
    }
  }
}
