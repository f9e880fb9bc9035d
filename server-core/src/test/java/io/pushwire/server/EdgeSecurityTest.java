package io.pushwire.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.CloseCode;
import io.pushwire.server.auth.AuthMode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Auth throttling, the per-address caps as a client that never authenticates meets them, and the
 * security events they raise: counted in the stats, logged under {@code io.pushwire.security},
 * never with a token (issue 18, findings 4, 5 and 7).
 */
class EdgeSecurityTest {

  private static final String QUERY = "/ws/q";
  private static final String FIRST = "/ws";

  private Hub hub;
  private PushServer server;

  private void start(Limits limits) {
    hub = TestServers.hub().limits(limits).build();
    server = TestServers.start(hub, TestServers.firstMessage(FIRST),
        EndpointSpec.builder(QUERY).auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.ENVELOPE_MILLIS).build());
  }

  @AfterEach
  void stop() {
    server.close();
    hub.close();
  }

  /** The refused handshake's response, or null when it was upgraded. */
  private java.net.http.HttpResponse<?> refusal(String token) {
    try {
      WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
          .buildAsync(URI.create(TestServers.url(server, QUERY + "?token=" + token)), new WebSocket.Listener() { })
          .orTimeout(10, TimeUnit.SECONDS).join();
      ws.abort();
      return null;
    } catch (CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException h) {
        return h.getResponse();
      }
      throw e;
    }
  }

  @Test
  void handshakesFromAnAddressThatKeepsFailingAreRefusedWith429AndRetryAfterThenLetThroughAgain() {
    start(Limits.builder().authThrottle(2, Duration.ofSeconds(1)).build());
    assertEquals(401, refusal("guess-1").statusCode());
    assertEquals(401, refusal("guess-2").statusCode());
    assertEquals(401, refusal("guess-3").statusCode()); // the third failure blocks the address for 1 s
    var throttled = refusal(TestServers.TOKEN);
    assertEquals(429, throttled.statusCode(), "refused before the right token is even looked at");
    assertEquals("1", throttled.headers().firstValue("Retry-After").orElse(null));
    assertTrue(hub.stats().security().authThrottled() >= 1);
    assertEquals(4, hub.stats().security().handshakesRefused());
    assertEquals(4, hub.stats(QUERY).security().handshakesRefused());
    await().atMost(Duration.ofSeconds(10)).until(() -> refusal(TestServers.TOKEN) == null);
  }

  @Test
  void aFirstMessageAuthFromAThrottledAddressGetsRateLimitExceededAnd1013() {
    start(Limits.builder().authThrottle(1, Duration.ofSeconds(30)).build());
    try (WsClient waiting = WsClient.connect(TestServers.url(server, FIRST))) {
      for (int i = 0; i < 2; i++) {
        try (WsClient guess = WsClient.connect(TestServers.url(server, FIRST))) {
          guess.send("{\"type\":\"auth\",\"token\":\"guess-" + i + "\"}");
          assertEquals(CloseCode.AUTH_FAILED.code(), guess.awaitClose());
        }
      }
      waiting.send("{\"type\":\"auth\",\"token\":\"" + TestServers.TOKEN + "\"}");
      JsonNode error = waiting.await(n -> "RATE_LIMIT_EXCEEDED".equals(n.path("code").asText())
          || "RATE_LIMIT_EXCEEDED".equals(n.path("data").path("code").asText()));
      assertTrue(error.toString().contains("retry_after"), error.toString());
      assertEquals(CloseCode.TRY_AGAIN_LATER.code(), waiting.awaitClose());
      assertEquals(1, hub.stats().security().authThrottled());
      assertEquals(0, TestServers.authenticatedConnections(hub));
    }
  }

  @Test
  void connectionsThatNeverAuthenticateCannotLockOutAClientBehindTheSameAddress() {
    // Before: unauthenticated connections counted against the per-address cap, so two of them
    // refused every other client at 127.0.0.1 until their auth timeout.
    start(Limits.builder().maxConnectionsPerRemoteAddress(2).maxPendingConnectionsPerRemoteAddress(2).build());
    try (WsClient idle1 = WsClient.connect(TestServers.url(server, FIRST));
         WsClient idle2 = WsClient.connect(TestServers.url(server, FIRST))) {
      await().until(() -> hub.stats().connections() == 2);
      try (WsClient good = TestServers.authenticated(server, FIRST)) {
        assertEquals(CloseCode.TRY_AGAIN_LATER.code(), idle1.awaitClose(), "the oldest waiting one made room");
        assertFalse(idle2.isClosed());
        assertFalse(good.isClosed());
        assertEquals(1, TestServers.authenticatedConnections(hub));
        assertTrue(hub.stats().security().limitCloses() >= 1);
      }
    }
  }

  @Test
  void authenticatedConnectionsPerAddressAreStillCapped() {
    start(Limits.builder().maxConnectionsPerRemoteAddress(2).build());
    try (WsClient a = TestServers.authenticated(server, FIRST); WsClient b = TestServers.authenticated(server, FIRST);
         WsClient c = WsClient.connect(TestServers.url(server, FIRST))) {
      c.send("{\"type\":\"auth\",\"token\":\"" + TestServers.TOKEN + "\"}");
      assertEquals(CloseCode.TRY_AGAIN_LATER.code(), c.awaitClose());
      assertEquals(2, TestServers.authenticatedConnections(hub));
    }
  }

  @Test
  void securityEventsAreCountedAndLoggedWithoutTheToken() {
    String secret = "tok-" + "s3cr3t-never-logged";
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      start(Limits.builder().maxFrameBytes(1024).build());
      assertEquals(401, refusal(secret).statusCode());
      try (WsClient wrong = WsClient.connect(TestServers.url(server, FIRST))) {
        wrong.send("{\"type\":\"auth\",\"token\":\"" + secret + "\"}");
        assertEquals(CloseCode.AUTH_FAILED.code(), wrong.awaitClose());
      }
      try (WsClient bad = TestServers.authenticated(server, FIRST)) {
        bad.send("{\"type\":\"no_such_type\",\"id\":\"" + secret + "\"}");
        bad.await(n -> "error".equals(n.path("type").asText()));
        bad.send("{\"type\":\"ping\",\"id\":\"" + "x".repeat(2000) + secret + "\"}");
        assertEquals(CloseCode.TOO_BIG.code(), bad.awaitClose());
      }
      await().until(() -> hub.stats().security().limitCloses() == 1);
      SecurityStats s = hub.stats().security();
      assertEquals(1, s.handshakesRefused());
      assertEquals(1, s.protocolErrors());
      assertEquals(2, hub.stats().authFailures());
    } finally {
      System.setErr(err);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains(SecurityEvents.LOGGER_NAME), log);
    assertTrue(log.contains("refused with HTTP 401"), log);
    assertTrue(log.contains("closed with 1009"), log);
    assertTrue(log.contains("sent a bad frame"), log);
    assertFalse(log.contains("s3cr3t"), "a token was logged:\n" + log);
  }
}
