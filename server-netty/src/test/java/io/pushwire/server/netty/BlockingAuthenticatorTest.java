package io.pushwire.server.netty;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.NettyRuntime;
import io.pushwire.server.Dialect;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import io.pushwire.server.PushServer;
import io.pushwire.server.TestServers;
import io.pushwire.server.WsClient;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.auth.Principal;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An endpoint's authenticator that blocks (a database lookup, say) holds up only its own
 * handshake on the Netty engine: handshakes are decided on a pool of their own, never on an event
 * loop, so every other connection, on the same loop included, connects and is served meanwhile.
 */
class BlockingAuthenticatorTest {

  private static final String SLOW = "token-slow";

  /** Counted down when the slow authentication has started. */
  private final CountDownLatch entered = new CountDownLatch(1);
  /** Counted down by the test to let the slow authentication finish. */
  private final CountDownLatch release = new CountDownLatch(1);
  /** The thread the slow authentication ran on. */
  private final AtomicReference<String> authThread = new AtomicReference<>();
  /** Numbers the well-behaved clients. */
  private final AtomicInteger clients = new AtomicInteger();
  private Hub hub;
  private PushServer server;

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  private Optional<Principal> authenticate(String token) {
    if (SLOW.equals(token)) {
      authThread.set(Thread.currentThread().getName());
      entered.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Optional.of(new Principal("slow", "slow-client", Map.of()));
    }
    return TestServers.TOKEN.equals(token)
        ? Optional.of(new Principal("alice", "alice-" + clients.incrementAndGet(), Map.of())) : Optional.empty();
  }

  @Test
  void aBlockedAuthenticatorDelaysNoOtherConnection() throws IOException {
    hub = Hub.builder().authenticator(credentials -> authenticate(credentials.token())).build();
    server = PushServer.builder().engine("netty").hub(hub).shutdownTimeout(Duration.ofSeconds(1))
        .endpoint(EndpointSpec.builder("/ws").auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.ENVELOPE_MILLIS).build())
        .build().start();
    String good = TestServers.url(server, "/ws?token=" + TestServers.TOKEN);
    try (WsClient steady = WsClient.connect(good)) {
      CompletableFuture<WebSocket> slow = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create(TestServers.url(server, "/ws?token=" + SLOW)), new WebSocket.Listener() { });
      await().until(() -> entered.getCount() == 0);
      assertTrue(authThread.get().startsWith("pushwire-netty-handshake"), authThread.get());

      // The connection already open is served while the slow handshake waits.
      steady.send("{\"type\":\"ping\",\"id\":\"while-blocked\",\"data\":{}}");
      steady.await(n -> "while-blocked".equals(n.path("id").asText()));

      // New connections are accepted on the loops round robin: one more than there are loops puts
      // at least one on the slow socket's own loop. Each connects and is answered meanwhile.
      int loops = NettyRuntime.availableProcessors() * 2;
      List<WsClient> others = new ArrayList<>();
      try {
        for (int i = 0; i <= loops; i++) {
          WsClient other = WsClient.connect(good);
          others.add(other);
          other.send("{\"type\":\"ping\",\"id\":\"o" + i + "\",\"data\":{}}");
          String id = "o" + i;
          other.await(n -> id.equals(n.path("id").asText()));
        }
        assertFalse(slow.isDone(), "the slow handshake was still being decided all along");
        assertEquals(1, release.getCount(), "the slow authenticator is still blocked");
      } finally {
        others.forEach(WsClient::close);
      }
      release.countDown();
      WebSocket upgraded = slow.orTimeout(10, TimeUnit.SECONDS).join();
      upgraded.abort();
    }
  }
}
