package io.pushwire.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The standalone server's handshake deadline and its cap on sockets that have not upgraded
 * (issue 18, finding 4: 1,500 such sockets were all still open after 125 s).
 */
class HandshakeGuardTest {

  private static final Duration DEADLINE = Duration.ofMillis(800);
  /** Long enough for the deadline and a sweep on a loaded machine; a socket still open after it was never going to close. */
  private static final Duration WAIT = Duration.ofSeconds(6);

  private final List<Socket> sockets = new ArrayList<>();
  private Hub hub;
  private PushServer server;

  private void start(Duration deadline, int maxPendingSockets) throws IOException {
    hub = TestServers.hub().build();
    server = PushServer.builder().hub(hub).endpoint(TestServers.firstMessage("/ws"))
        .handshakeTimeout(deadline).maxPendingSockets(maxPendingSockets)
        .shutdownTimeout(Duration.ofSeconds(1)).build().start();
  }

  private Socket raw(String ascii) {
    Socket s = RawSockets.open(server.port(), ascii);
    sockets.add(s);
    return s;
  }

  private Socket raw(byte[] bytes) {
    Socket s = RawSockets.open(server.port(), bytes);
    sockets.add(s);
    return s;
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    server.close();
    hub.close();
  }

  @Test
  void halfARequestLineIsClosedAtTheDeadline() throws IOException {
    start(DEADLINE, 1_024);
    Socket slow = raw("GET /ws HTT");
    assertTrue(RawSockets.closedByServerWithin(slow, WAIT));
    assertEquals(1, hub.stats().security().handshakeTimeouts());
  }

  @Test
  void aTlsHelloOnThePlainPortIsClosedAtTheDeadline() throws IOException {
    start(DEADLINE, 1_024);
    Socket tls = raw(RawSockets.TLS_HELLO_START);
    assertTrue(RawSockets.closedByServerWithin(tls, WAIT));
  }

  @Test
  void aSocketThatSendsNothingIsClosedAtTheDeadline() throws IOException {
    start(DEADLINE, 1_024);
    Socket silent = raw(new byte[0]);
    assertTrue(RawSockets.closedByServerWithin(silent, WAIT));
    await().atMost(WAIT).until(() -> server.pendingSockets() == 0);
  }

  @Test
  void aRequestTrickledInByteByByteGetsNoMoreTimeThanTheDeadline() throws Exception {
    start(DEADLINE, 1_024);
    Socket trickle = raw("G");
    String rest = "ET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n";
    boolean closed = false;
    long giveUp = System.nanoTime() + WAIT.toNanos();
    for (int i = 0; !closed && System.nanoTime() < giveUp; i = (i + 1) % rest.length()) {
      try {
        trickle.getOutputStream().write(rest.charAt(i));
        trickle.getOutputStream().flush();
        trickle.setSoTimeout(100);
        closed = trickle.getInputStream().read() < 0;
      } catch (java.net.SocketTimeoutException stillOpen) {
        // the server is still waiting for the rest of the request
      } catch (IOException reset) {
        closed = true;
      }
    }
    assertTrue(closed, "a socket that never completes its request is closed");
  }

  @Test
  void anUpgradedConnectionOutlivesTheDeadline() throws IOException {
    start(DEADLINE, 1_024);
    try (WsClient client = TestServers.authenticated(server, "/ws")) {
      await().during(DEADLINE.multipliedBy(3)).atMost(WAIT).until(() -> !client.isClosed());
      client.send("{\"type\":\"ping\",\"id\":\"p1\"}");
      client.await(n -> "pong".equals(n.path("type").asText()));
      assertEquals(0, hub.stats().security().handshakeTimeouts());
    }
  }

  @Test
  void aGoodClientConnectsWhileStalledSocketsAreHeld() throws IOException {
    start(Duration.ofSeconds(30), 1_024);
    for (int i = 0; i < 20; i++) {
      raw(i % 2 == 0 ? "GET /ws HTTP/1.1\r\nHost: x" : "");
    }
    await().atMost(WAIT).until(() -> server.pendingSockets() == 20);
    try (WsClient client = TestServers.authenticated(server, "/ws")) {
      assertFalse(client.isClosed());
    }
  }

  @Test
  void beyondTheCapANewSocketIsClosedAtOnceAndOthersStillUpgradeOnceRoomIsMade() throws IOException {
    start(Duration.ofSeconds(30), 3);
    Socket a = raw("");
    raw("GET /");
    // A request cut off in its headers (not a TLS hello: the Netty engine answers bytes that cannot
    // start an HTTP request with 400 at once, where Tyrus waits for the deadline).
    raw("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    await().atMost(WAIT).until(() -> server.pendingSockets() == 3);
    Socket fourth = raw("");
    // Closed long before the 30 s deadline: by the cap, not the deadline.
    assertTrue(RawSockets.closedByServerWithin(fourth, WAIT));
    assertEquals(1, hub.stats().security().socketsRefused());
    a.close();
    await().atMost(WAIT).until(() -> server.pendingSockets() == 2);
    try (WsClient client = TestServers.authenticated(server, "/ws")) {
      assertFalse(client.isClosed());
    }
  }

  @Test
  void anIdleHttpKeepAliveConnectionIsClosedAfterTheDeadline() throws IOException {
    start(DEADLINE, 1_024);
    Socket http = raw("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    http.setSoTimeout((int) WAIT.toMillis());
    byte[] start = http.getInputStream().readNBytes(12);
    assertEquals("HTTP/1.1 200", new String(start, java.nio.charset.StandardCharsets.US_ASCII));
    assertTrue(RawSockets.closedByServerWithin(http, WAIT));
  }
}
