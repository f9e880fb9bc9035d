package io.pushwire.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenAuthenticatorTest {

  private final TokenAuthenticator auth = TokenAuthenticator.of(Map.of("t-a", "alice", "t-b", "bob"));

  @Test
  void knownTokenIsItsUserWithTheDeclaredClientId() {
    Principal p = auth.authenticate(new Credentials("t-b", "desk-1", AuthMode.QUERY_PARAMETER)).orElseThrow();
    assertEquals("bob", p.userId());
    assertEquals("desk-1", p.clientId());
  }

  @Test
  void unknownTokenIsRefused() {
    assertTrue(auth.authenticate(new Credentials("t-c", null, AuthMode.FIRST_MESSAGE)).isEmpty());
  }

  @Test
  void credentialsNeverShowTheTokenWhenLogged() {
    String text = new Credentials("super-secret", "c", AuthMode.BEARER_HEADER).toString();
    assertFalse(text.contains("super-secret"), text);
    assertFalse(new io.pushwire.protocol.Auth("super-secret").toString().contains("super-secret"));
  }
}
