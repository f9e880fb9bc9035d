package io.pushwire.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.GetTask;
import io.pushwire.protocol.TaskState;
import io.pushwire.protocol.TaskStatus;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.auth.JwtAuthenticator;
import io.pushwire.server.auth.Principal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Seed 001's bearer header and seed 003's query parameters, and JWT, over real sockets. */
class HandshakeAuthTest {

  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  private Hub hub;
  private PushServer server;

  @AfterEach
  void stop() {
    server.close();
    hub.close();
  }

  private void start(Hub h) {
    hub = h;
    server = TestServers.start(hub,
        EndpointSpec.builder("/ws").auth(AuthMode.BEARER_HEADER).dialect(Dialect.ENVELOPE_ISO)
            .sendConnectionMessage(true).build(),
        EndpointSpec.builder("/ws/task").auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.ENVELOPE_MILLIS).build());
  }

  @Test
  void bearerHeaderWithClientIdIsGreetedWithConnectionMessage() {
    start(TestServers.hub().build());
    try (WsClient client = WsClient.connect(TestServers.url(server, "/ws"),
        Map.of("Authorization", "Bearer " + TestServers.TOKEN, "X-Client-ID", "client_12345"))) {
      JsonNode hello = client.awaitType("connection");
      assertEquals("connected", hello.path("data").path("status").asText());
      assertEquals("client_12345", hello.path("data").path("client_id").asText());
      assertTrue(hello.path("data").path("server_time").isTextual(), "seed 001 writes ISO-8601 times");
      assertTrue(hello.path("id").isTextual() && hello.path("timestamp").isTextual());
    }
  }

  @Test
  void wrongBearerTokenIsRefusedWith401() {
    start(TestServers.hub().build());
    int status = WsClient.handshakeStatus(TestServers.url(server, "/ws"), Map.of("Authorization", "Bearer nope"));
    assertEquals(401, status);
    assertEquals(1, hub.stats().authFailures());
    assertEquals(0, hub.stats().connectionsOpened());
  }

  @Test
  void missingCredentialsAreRefusedWith401() {
    start(TestServers.hub().build());
    assertEquals(401, WsClient.handshakeStatus(TestServers.url(server, "/ws"), Map.of()));
    assertEquals(401, WsClient.handshakeStatus(TestServers.url(server, "/ws/task?client_id=abc"), Map.of()));
  }

  @Test
  void queryTokenAndClientIdAuthenticate() {
    start(TestServers.hub().build());
    hub.onRequest(GetTask.class, (request, ctx) -> ctx.reply(
        new TaskStatus(ctx.principal().clientId(), TaskState.PENDING, null, null, null)));
    try (WsClient client = WsClient.connect(
        TestServers.url(server, "/ws/task?client_id=abc123&token=" + TestServers.TOKEN))) {
      client.send("{\"type\":\"get_task\",\"id\":\"q1\",\"timestamp\":1677824400000,\"data\":{\"task_id\":\"t\"}}");
      JsonNode reply = client.awaitType("task_status");
      assertEquals("q1", reply.path("id").asText());
      assertEquals("abc123", reply.path("data").path("task_id").asText());
      assertTrue(reply.path("timestamp").isIntegralNumber(), "seed 003 writes epoch milliseconds");
    }
  }

  @Test
  void wrongQueryTokenIsRefusedWith401() {
    start(TestServers.hub().build());
    assertEquals(401, WsClient.handshakeStatus(TestServers.url(server, "/ws/task?token=nope"), Map.of()));
  }

  @Test
  void concurrentHandshakesKeepTheirOwnPrincipals() {
    start(TestServers.hub().build());
    Map<String, String> seen = new ConcurrentHashMap<>();
    hub.onRequest(GetTask.class, (request, ctx) -> {
      seen.put(request.taskId(), ctx.principal().userId());
      ctx.reply(new TaskStatus(request.taskId(), TaskState.PENDING, null, null, null));
    });
    List<CompletableFuture<Void>> runs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String token = i % 2 == 0 ? TestServers.TOKEN : TestServers.BOB_TOKEN;
      String task = "t" + i;
      runs.add(CompletableFuture.runAsync(() -> {
        try (WsClient c = WsClient.connect(TestServers.url(server, "/ws/task?token=" + token))) {
          c.send("{\"type\":\"get_task\",\"id\":\"x\",\"data\":{\"task_id\":\"" + task + "\"}}");
          c.awaitType("task_status");
        }
      }));
    }
    runs.forEach(CompletableFuture::join);
    for (int i = 0; i < 20; i++) {
      assertEquals(i % 2 == 0 ? "alice" : "bob", seen.get("t" + i), "principal of t" + i);
    }
  }

  @Test
  void jwtWithValidSignatureAuthenticatesItsSubject() {
    start(Hub.builder().authenticator(JwtAuthenticator.hs256(SECRET, 0)).build());
    String jwt = JWT.create().withSubject("carol").withClaim("role", "admin")
        .withExpiresAt(Instant.now().plusSeconds(60)).sign(Algorithm.HMAC256(SECRET));
    Map<String, Principal> principals = new ConcurrentHashMap<>();
    hub.onRequest(GetTask.class, (request, ctx) -> {
      principals.put("p", ctx.principal());
      ctx.reply(new TaskStatus("t", TaskState.PENDING, null, null, null));
    });
    try (WsClient client = WsClient.connect(TestServers.url(server, "/ws/task?token=" + jwt))) {
      client.send("{\"type\":\"get_task\",\"data\":{\"task_id\":\"t\"}}");
      client.awaitType("task_status");
    }
    assertEquals("carol", principals.get("p").userId());
    assertEquals("admin", principals.get("p").claims().get("role"));
  }

  @Test
  void expiredJwtIsRefused() {
    start(Hub.builder().authenticator(JwtAuthenticator.hs256(SECRET, 0)).build());
    String jwt = JWT.create().withSubject("carol").withExpiresAt(Instant.now().minusSeconds(60))
        .sign(Algorithm.HMAC256(SECRET));
    assertEquals(401, WsClient.handshakeStatus(TestServers.url(server, "/ws/task?token=" + jwt), Map.of()));
  }

  @Test
  void jwtSignedWithAnotherKeyIsRefused() {
    start(Hub.builder().authenticator(JwtAuthenticator.hs256(SECRET, 0)).build());
    String jwt = JWT.create().withSubject("mallory").withExpiresAt(Instant.now().plusSeconds(60))
        .sign(Algorithm.HMAC256("another-secret-another-secret-another".getBytes(StandardCharsets.UTF_8)));
    assertEquals(401, WsClient.handshakeStatus(TestServers.url(server, "/ws/task?token=" + jwt), Map.of()));
  }

  @Test
  void concurrentHandshakesKeepTheirPrincipalsApart() throws Exception {
    start(TestServers.hub().build());
    int perUser = 20;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2 * perUser);
    List<CompletableFuture<WsClient>> connecting = new ArrayList<>();
    try {
      for (int i = 0; i < perUser; i++) {
        for (String[] user : List.of(new String[] {"alice", TestServers.TOKEN}, new String[] {"bob", TestServers.BOB_TOKEN})) {
          String uri = TestServers.url(server, "/ws/task?token=" + user[1] + "&client_id=" + user[0] + "-" + i);
          connecting.add(CompletableFuture.supplyAsync(() -> WsClient.connect(uri), pool));
        }
      }
      CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new)).get(30, java.util.concurrent.TimeUnit.SECONDS);
      org.awaitility.Awaitility.await().until(() -> hub.stats().connections() == 2 * perUser
          && TestServers.authenticatedConnections(hub) == 2 * perUser);
      for (String id : hub.connectionIds()) {
        Principal principal = hub.principal(id).orElseThrow();
        assertTrue(principal.clientId().startsWith(principal.userId() + "-"),
            "connection " + id + " of " + principal.clientId() + " was given the principal of " + principal.userId());
      }
    } finally {
      for (CompletableFuture<WsClient> client : connecting) {
        client.thenAccept(WsClient::close);
      }
      pool.shutdownNow();
    }
  }
}
