package io.pushwire.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.server.auth.AuthMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which pages may open a connection: the policy itself, then real handshakes against a server. */
class OriginPolicyTest {

  @Test
  void sameOriginAllowsOnlyThePagesOfTheServerItself() {
    OriginPolicy policy = OriginPolicy.sameOrigin();

    assertTrue(policy.allows("http://127.0.0.1:8080", "127.0.0.1:8080"));
    assertTrue(policy.allows("HTTP://LOCALHOST:8080", "localhost:8080"));
    assertTrue(policy.allows("https://app.example.com", "app.example.com"));
    assertTrue(policy.allows("https://app.example.com", "app.example.com:443"));
    assertTrue(policy.allows("http://app.example.com:80", "app.example.com"));
    assertFalse(policy.allows("http://evil.example", "127.0.0.1:8080"));
    assertFalse(policy.allows("http://127.0.0.1:9999", "127.0.0.1:8080"));
    assertFalse(policy.allows("https://127.0.0.1:8080", "127.0.0.1"));
    assertFalse(policy.allows("null", "127.0.0.1:8080"));
    assertFalse(policy.allows("not an origin", "127.0.0.1:8080"));
    assertFalse(policy.allows("http://127.0.0.1:8080", null));
  }

  @Test
  void anAllowListAddsExactOrigins() {
    OriginPolicy policy = OriginPolicy.allow("http://localhost:5173", "null");

    assertTrue(policy.allows("http://localhost:5173", "127.0.0.1:8080"));
    assertTrue(policy.allows("null", "127.0.0.1:8080"));
    assertTrue(policy.allows("http://127.0.0.1:8080", "127.0.0.1:8080"));
    assertFalse(policy.allows("http://localhost:5174", "127.0.0.1:8080"));
    assertTrue(OriginPolicy.any().allows("http://evil.example", "127.0.0.1:8080"));
  }

  @Test
  void anOriginWithAPathIsNotAnOrigin() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OriginPolicy.allow("https://app.example.com/page"));

    assertEquals("not an origin (scheme://host[:port]): https://app.example.com/page", e.getMessage());
  }

  @Test
  void aCrossOriginHandshakeGets403AndNonBrowserClientsAndTheServersOwnPagesConnect() {
    try (Hub hub = TestServers.hub().build();
         PushServer server = TestServers.start(hub, EndpointSpec.builder("/ws").auth(AuthMode.NONE).build(),
             EndpointSpec.builder("/open").auth(AuthMode.NONE).origins(OriginPolicy.any()).build())) {
      String ws = TestServers.url(server, "/ws");
      String own = "http://127.0.0.1:" + server.port();

      assertEquals(403, WsClient.handshakeStatus(ws, Map.of("Origin", "http://evil.example")));
      assertEquals(-1, WsClient.handshakeStatus(ws, Map.of("Origin", own)));
      assertEquals(-1, WsClient.handshakeStatus(ws, Map.of()));
      assertEquals(-1, WsClient.handshakeStatus(TestServers.url(server, "/open"), Map.of("Origin", "http://evil.example")));
      assertEquals(1, hub.statsByEndpoint().get("/ws").security().refusedOrigins());
    }
  }
}
