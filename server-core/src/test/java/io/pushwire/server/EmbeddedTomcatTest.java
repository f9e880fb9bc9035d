package io.pushwire.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.CloseCode;
import io.pushwire.protocol.Progress;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.server.auth.AuthMode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same endpoint configuration deployed in embedded Tomcat, a container other than Tyrus. */
class EmbeddedTomcatTest {

  @TempDir
  Path baseDir;

  private EmbeddedTomcat tomcat;
  private Hub hub;
  private int port;

  @BeforeEach
  void startTomcat() throws Exception {
    hub = TestServers.hub().build();
    tomcat = EmbeddedTomcat.start(baseDir, hub, java.util.List.of(TestServers.firstMessage("/push/ws"),
        EndpointSpec.builder("/push/task").auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.ENVELOPE_MILLIS).build()));
    port = tomcat.port();
  }

  @AfterEach
  void stopTomcat() throws Exception {
    hub.close();
    tomcat.close();
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
  void aBinaryFrameIsRefusedWith1003InTomcat() throws Exception {
    try (PerConnectionLimitsTest.RawClient raw = PerConnectionLimitsTest.RawClient.open(port,
        "/push/task?token=" + TestServers.TOKEN)) {
      raw.sendFrame(0x2, new byte[1024]);
      assertEquals(PushConnection.UNSUPPORTED_DATA, raw.readCloseCode());
    }
    await().until(() -> hub.stats().connections() == 0);
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
