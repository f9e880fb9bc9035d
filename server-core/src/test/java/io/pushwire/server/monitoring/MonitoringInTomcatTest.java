package io.pushwire.server.monitoring;

import static io.pushwire.server.monitoring.MonitoringFixture.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.CloseCode;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import io.pushwire.server.TestServers;
import io.pushwire.server.WsClient;
import jakarta.websocket.server.ServerContainer;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;
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

  private Tomcat tomcat;
  private Hub hub;
  private Monitoring monitoring;
  private int port;

  @BeforeEach
  void startTomcat() throws Exception {
    hub = TestServers.hub().build();
    monitoring = Monitoring.install(hub, MonitoringOptions.builder().manualSampling().source(new ScriptedSource()).build());
    tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", baseDir.toString());
    context.addServletContainerInitializer(new WsSci(), null);
    Tomcat.addServlet(context, "app", new jakarta.servlet.http.HttpServlet() { });
    context.addServletMappingDecoded("/", "app");
    context.addServletContainerInitializer((classes, servletContext) -> {
      ServerContainer container = (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
      try {
        for (EndpointSpec spec : monitoring.endpoints()) {
          container.addEndpoint(hub.endpointConfig(spec));
        }
      } catch (jakarta.websocket.DeploymentException e) {
        throw new jakarta.servlet.ServletException(e);
      }
    }, null);
    tomcat.start();
    port = connector.getLocalPort();
  }

  @AfterEach
  void stopTomcat() throws Exception {
    monitoring.close();
    hub.close();
    tomcat.stop();
    tomcat.destroy();
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
