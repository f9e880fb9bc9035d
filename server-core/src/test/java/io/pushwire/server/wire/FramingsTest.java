package io.pushwire.server.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.pushwire.server.Dialect;
import io.pushwire.server.wire.Framings.Negotiation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which framing a handshake gets, and where an endpoint is mounted. */
class FramingsTest {

  private static Framing spoken(Negotiation negotiation) {
    return assertInstanceOf(Negotiation.Speak.class, negotiation).framing();
  }

  @Test
  void aHandshakeWithoutEngineIoGetsPlainJson() {
    assertSame(JsonFraming.INSTANCE, spoken(Framings.jsonAndSocketIo().negotiate(Map.of(), "c1", Dialect.FLAT)));
    assertSame(JsonFraming.INSTANCE, spoken(Framings.jsonOnly().negotiate(Map.of("EIO", List.of("4")), "c1", Dialect.FLAT)),
        "an endpoint without Socket.IO ignores EIO");
  }

  @Test
  void engineIo4GetsSocketIoAndOtherVersionsAreRefused() {
    Framing framing = spoken(Framings.jsonAndSocketIo().negotiate(Map.of("EIO", List.of("4")), "c9", Dialect.FLAT));
    assertEquals(WireFormat.SOCKET_IO, framing.format());
    assertEquals(List.of("40{\"sid\":\"c9\"}"), framing.connected());
    assertEquals("Engine.IO protocol 4 only", assertInstanceOf(Negotiation.Refuse.class,
        Framings.jsonAndSocketIo().negotiate(Map.of("EIO", List.of("3")), "c9", Dialect.FLAT)).reason());
  }

  @Test
  void socketIoIsMountedAtThePathWithATrailingSlashToo() {
    assertEquals(List.of("/ws", "/ws/"), Framings.jsonAndSocketIo().mountPaths("/ws"));
    assertEquals(List.of("/ws/"), Framings.jsonAndSocketIo().mountPaths("/ws/"));
    assertEquals(List.of("/ws"), Framings.jsonOnly().mountPaths("/ws"));
  }

  @Test
  void plainJsonPassesEveryMessageThroughAsItIs() {
    String json = "{\"type\":\"ping\",\"id\":\"p\"}";
    assertEquals(new Inbound.Message(json), JsonFraming.INSTANCE.inbound(json));
    assertEquals(List.of(json), JsonFraming.INSTANCE.outbound(json));
    assertSame(json, JsonFraming.INSTANCE.publication(json));
    assertEquals(null, JsonFraming.INSTANCE.heartbeat(), "a WebSocket ping");
  }
}
