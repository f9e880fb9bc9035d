package io.pushwire.server;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which engine a PushServer runs on; runs on every engine's test class path. */
class EngineChoiceTest {

  @Test
  void anEngineThatIsNotOnTheClassPathIsAClearErrorAndBindsNothing() {
    try (Hub hub = TestServers.hub().build()) {
      PushServer server = PushServer.builder().engine("nope").hub(hub)
          .endpoint(TestServers.firstMessage("/ws")).build();
      IllegalStateException e = assertThrows(IllegalStateException.class, server::start);
      assertTrue(e.getMessage().contains("no Pushwire engine named 'nope'"), e.getMessage());
      assertTrue(e.getMessage().contains("found: ["), e.getMessage());
      assertTrue(server.port() == -1, "nothing bound");
    }
  }
}
