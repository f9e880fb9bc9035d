package io.pushwire.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.CloseCode;
import io.pushwire.protocol.Progress;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.server.auth.AuthMode;
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

/** The same endpoint configuration deployed in embedded Tomcat, a container other than Tyrus. */
class EmbeddedTomcatTest {

  @TempDir
  Path baseDir;

  private Tomcat tomcat;
  private Hub hub;
  private int port;

  @BeforeEach
  void startTomcat() throws Exception {
    hub = TestServers.hub().build();
    tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", baseDir.toString());
    context.addServletContainerInitializer(new WsSci(), null);
    // Tomcat runs filters (WebSocket upgrades are a filter) only for requests some servlet maps.
    Tomcat.addServlet(context, "app", new jakarta.servlet.http.HttpServlet() { });
    context.addServletMappingDecoded("/", "app");
    // What an application does in its own initializer (or a Spring @Bean): mount Pushwire's endpoints.
    context.addServletContainerInitializer((classes, servletContext) -> {
      ServerContainer container = (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
      try {
        container.addEndpoint(hub.endpointConfig(TestServers.firstMessage("/push/ws")));
        container.addEndpoint(hub.endpointConfig(EndpointSpec.builder("/push/task")
            .auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.SEED_003).build()));
      } catch (jakarta.websocket.DeploymentException e) {
        throw new jakarta.servlet.ServletException(e);
      }
    }, null);
    tomcat.start();
    port = connector.getLocalPort();
  }

  @AfterEach
  void stopTomcat() throws Exception {
    hub.close();
    tomcat.stop();
    tomcat.destroy();
  }

  @Test
  void firstMessageAuthAndTopicDeliveryWorkInTomcat() {
    try (WsClient client = WsClient.connect("ws://127.0.0.1:" + port + "/push/ws")) {
      client.send("{\"type\":\"auth\",\"token\":\"" + TestServers.TOKEN + "\"}");
      client.await(n -> "auth ok".equals(n.path("message").asText()));
      client.send("{\"type\":\"subscribe\",\"id\":\"s\",\"data\":{\"topics\":[\"task:progress\"]}}");
      client.awaitType("ack");
      hub.publish("task:progress", new TaskProgress("t1", new Progress(10, 5, 0, null, 50, null)));
      JsonNode pushed = client.awaitType("task_progress");
      assertEquals(50, pushed.path("data").path("progress").path("percentage").asInt());
    }
  }

  @Test
  void refusedHandshakeCredentialsAreClosedWithAuthFailedInTomcat() {
    try (WsClient client = WsClient.connect("ws://127.0.0.1:" + port + "/push/task?token=wrong")) {
      assertEquals(CloseCode.AUTH_FAILED.code(), client.awaitClose());
      assertEquals("AUTHENTICATION_FAILED", client.awaitType("error").path("error").path("code").asText());
      await().until(() -> hub.stats().connections() == 0);
    }
  }

  @Test
  void queryTokenAuthenticatesInTomcat() {
    try (WsClient client = WsClient.connect(
        "ws://127.0.0.1:" + port + "/push/task?topics=x&token=" + TestServers.TOKEN)) {
      client.send("{\"type\":\"ping\",\"id\":\"p1\",\"data\":{}}");
      assertEquals("p1", client.awaitType("pong").path("id").asText());
    }
  }
}
