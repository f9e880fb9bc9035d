package io.pushwire.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.CloseCode;
import io.pushwire.server.Hub;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the starter promises in every servlet container: a real Spring Boot application on a free
 * port, real WebSocket clients. One application per container; the last test closes it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class StarterContract {

  protected ConfigurableApplicationContext app;
  protected int port;

  /** The container this class tests. */
  abstract BootApps.Container container();

  @BeforeAll
  void startApplication() {
    app = BootApps.start(container());
    port = BootApps.port(app);
  }

  @AfterAll
  void closeApplication() {
    app.close();
  }

  String ws(String pathAndQuery) {
    return "ws://127.0.0.1:" + port + pathAndQuery;
  }

  Hub hub() {
    return app.getBean(Hub.class);
  }

  @Test
  @Order(1)
  void aQueryTokenClientSubscribesAndReceivesWhatABeanPublishes() {
    try (WsTestClient client = WsTestClient.connect(ws("/ws/task?token=alice-token"))) {
      client.send("{\"type\":\"subscribe\",\"id\":\"s1\",\"data\":{\"topics\":[\"task:progress\"]}}");
      assertEquals("s1", client.awaitType("ack").path("id").asText());
      app.getBean(PushApp.ProgressPublisher.class).progress("t1", 45);
      JsonNode pushed = client.awaitType("task_progress");
      assertEquals("t1", pushed.path("data").path("task_id").asText());
      assertEquals(45, pushed.path("data").path("progress").path("percentage").asInt());
    }
  }

  @Test
  @Order(2)
  void aRequestIsAnsweredByTheHandlerBean() {
    try (WsTestClient client = WsTestClient.connect(ws("/ws/task?token=alice-token"))) {
      client.send("{\"type\":\"get_task\",\"id\":\"r1\",\"data\":{\"task_id\":\"t7\"}}");
      JsonNode reply = client.awaitType("task_status");
      assertEquals("r1", reply.path("id").asText());
      assertEquals("t7", reply.path("data").path("task_id").asText());
      assertEquals("running", reply.path("data").path("status").asText());
    }
  }

  @Test
  @Order(3)
  void aHandlerBeansTypedErrorReachesTheClient() {
    try (WsTestClient client = WsTestClient.connect(ws("/ws/task?token=alice-token"))) {
      client.send("{\"type\":\"get_task\",\"id\":\"r2\",\"data\":{\"task_id\":\"missing\"}}");
      JsonNode error = client.awaitType("error");
      assertEquals("r2", error.path("id").asText());
      assertEquals("TASK_NOT_FOUND", error.path("error").path("code").asText());
    }
  }

  @Test
  @Order(4)
  void firstMessageAuthWorksOnTheFlatEndpoint() {
    try (WsTestClient client = WsTestClient.connect(ws("/ws"))) {
      client.send("{\"type\":\"auth\",\"token\":\"alice-token\"}");
      client.await(node -> "auth ok".equals(node.path("message").asText()));
    }
  }

  @Test
  @Order(4)
  void aSocketIoEndpointIsAlsoDeployedAtThePathWithATrailingSlash() {
    try (WsTestClient client = WsTestClient.connect(ws("/ws/video/"))) {   // where Socket.IO clients connect
      client.send("{\"type\":\"auth\",\"token\":\"alice-token\"}");
      client.await(node -> "auth ok".equals(node.path("message").asText()));
    }
  }

  @Test
  @Order(5)
  void aRefusedTokenIsClosedWithAuthFailed() {
    try (WsTestClient client = WsTestClient.connect(ws("/ws/task?token=wrong"))) {
      assertEquals(CloseCode.AUTH_FAILED.code(), client.awaitClose());
    }
  }

  @Test
  @Order(6)
  void theTopicAuthorizerBeanGuardsTopics() {
    try (WsTestClient alice = WsTestClient.connect(ws("/ws/task?token=alice-token"));
        WsTestClient root = WsTestClient.connect(ws("/ws/task?token=root-token"))) {
      alice.send("{\"type\":\"subscribe\",\"id\":\"a\",\"data\":{\"topics\":[\"admin:audit\"]}}");
      assertEquals("a", alice.awaitType("error").path("id").asText());
      root.send("{\"type\":\"subscribe\",\"id\":\"b\",\"data\":{\"topics\":[\"admin:audit\"]}}");
      assertEquals("b", root.awaitType("ack").path("id").asText());
    }
  }

  @Test
  @Order(100)
  void closingTheApplicationClosesEveryConnectionWithGoingAway() {
    try (WsTestClient task = WsTestClient.connect(ws("/ws/task?token=alice-token"));
        WsTestClient flat = WsTestClient.connect(ws("/ws"))) {
      flat.send("{\"type\":\"auth\",\"token\":\"alice-token\"}");
      flat.await(node -> "auth ok".equals(node.path("message").asText()));
      Awaitility.await().until(() -> hub().stats().connections() == 2);
      app.close();
      assertEquals(CloseCode.GOING_AWAY.code(), task.awaitClose());
      assertEquals(CloseCode.GOING_AWAY.code(), flat.awaitClose());
    }
  }
}
