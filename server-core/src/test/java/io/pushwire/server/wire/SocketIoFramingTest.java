package io.pushwire.server.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushwire.server.Dialect;
import io.pushwire.server.Limits;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Socket.IO translation, packet by packet (the real client is in Seed002SocketIoTest and SocketIoFirstMessageAuthTest). */
class SocketIoFramingTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final SocketIoFraming framing = new SocketIoFraming("c7", Dialect.FLAT);

  private String frameOf(String packet) {
    return assertInstanceOf(Inbound.Message.class, framing.inbound(packet)).json();
  }

  private static void assertSameJson(String expected, String actual) throws Exception {
    assertEquals(JSON.readTree(expected), JSON.readTree(actual));
  }

  @Test
  void theOpenPacketAnnouncesTheSessionAndHeartbeat() throws Exception {
    String open = framing.open(Limits.builder().pingInterval(Duration.ofMillis(25_000))
        .idleTimeout(Duration.ofMillis(45_000)).maxFrameBytes(65_536).build()).get(0);
    assertEquals('0', open.charAt(0));
    assertSameJson("{\"sid\":\"c7\",\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":65536,\"upgrades\":[]}",
        open.substring(1));
  }

  @Test
  void connectPacketsCarryTheAuthToken() {
    assertEquals(new Inbound.Connect(null), framing.inbound("40"));
    assertEquals(new Inbound.Connect("s3cret"), framing.inbound("40{\"token\":\"s3cret\"}"));
    assertEquals(new Inbound.Connect(null), framing.inbound("40{\"user\":\"x\"}"));
    assertEquals(new Inbound.Answer("44/admin,{\"message\":\"Invalid namespace\"}"), framing.inbound("40/admin,"));
  }

  @Test
  void eventsBecomeFramesNamedAfterTheEventWithTheAckIdAsRequestId() throws Exception {
    assertSameJson("{\"type\":\"subscribeTasks\",\"taskIds\":[\"a\"]}",
        frameOf("42[\"subscribeTasks\",{\"taskIds\":[\"a\"]}]"));
    assertSameJson("{\"type\":\"subscribeTasks\",\"id\":\"12\",\"taskIds\":[\"a\",\"b\"]}",
        frameOf("4212[\"subscribeTasks\",{\"taskIds\":[\"a\",\"b\"]}]"));
    assertSameJson("{\"type\":\"unsubscribeTasks\",\"id\":\"3\",\"taskIds\":[\"a\"]}",
        frameOf("423[\"unsubscribeTasks\",[\"a\"]]"));
    assertSameJson("{\"type\":\"ping\"}", frameOf("42[\"ping\"]"));
    assertSameJson("{\"type\":\"ping\"}", frameOf("42[\"ping\",null]"));
    assertSameJson("{\"type\":\"subscribeTasks\",\"taskIds\":[]}",
        frameOf("42[\"subscribeTasks\",{\"taskIds\":[],\"type\":\"x\",\"id\":\"y\"}]"));
  }

  @Test
  void engineIoControlPackets() {
    assertEquals(new Inbound.Answer("3"), framing.inbound("2"));
    assertEquals(new Inbound.Answer("3probe"), framing.inbound("2probe"));
    assertEquals(new Inbound.Pong(), framing.inbound("3"));
    assertEquals(new Inbound.Leave(), framing.inbound("1"));
    assertEquals(new Inbound.Leave(), framing.inbound("41"));
    assertEquals(new Inbound.Ignored(), framing.inbound("6"));
    assertEquals(new Inbound.Ignored(), framing.inbound("431[{\"ok\":true}]"));
  }

  @Test
  void packetsThatCannotBeTakenAreNamedAsSuch() {
    assertInstanceOf(Inbound.Invalid.class, framing.inbound(""));
    assertInstanceOf(Inbound.Invalid.class, framing.inbound("9"));
    assertInstanceOf(Inbound.Invalid.class, framing.inbound("4"));
    assertInstanceOf(Inbound.Invalid.class, framing.inbound("42not json"));
    assertInstanceOf(Inbound.Invalid.class, framing.inbound("42{\"type\":\"x\"}"));
    assertInstanceOf(Inbound.Invalid.class, framing.inbound("42[7]"));
    assertInstanceOf(Inbound.Invalid.class, framing.inbound("42[\"report\",1]"));
    assertInstanceOf(Inbound.Invalid.class, framing.inbound("42[\"report\",{},{}]"));
    assertInstanceOf(Inbound.Invalid.class, framing.inbound("451-[\"upload\",{\"_placeholder\":true,\"num\":0}]"));
    assertInstanceOf(Inbound.Invalid.class, framing.inbound("42/admin,[\"x\",{}]"));
    assertInstanceOf(Inbound.Invalid.class, framing.inbound("40{oops"));
  }

  @Test
  void authRepliesBecomeTheConnectAnswerOrItsRefusal() {
    assertEquals(List.of("40{\"sid\":\"c7\"}"), framing.outbound("{\"type\":\"common_reply\",\"message\":\"auth ok\"}"));
    assertEquals(List.of("44{\"message\":\"authentication failed\"}"),
        new SocketIoFraming("c7", Dialect.FLAT).outbound("{\"type\":\"common_reply\",\"message\":\"auth error\"}"));
  }

  @Test
  void repliesToAnEventWithAnAckIdBecomeItsAcknowledgement() {
    assertEquals(List.of("437[{\"success\":true}]"), framing.outbound("{\"type\":\"ack\",\"id\":\"7\",\"success\":true}"));
    assertEquals(List.of(), framing.outbound("{\"type\":\"ack\",\"success\":true}"), "nobody asked for this answer");
    assertEquals(List.of(), framing.outbound("{\"type\":\"ack\",\"id\":\"s1\",\"success\":true}"));
    assertEquals(List.of("437[{\"success\":false,\"error\":\"bad\",\"code\":\"INVALID_MESSAGE\"}]"),
        framing.outbound("{\"type\":\"error\",\"id\":\"7\",\"code\":\"INVALID_MESSAGE\",\"message\":\"bad\"}"));
    assertEquals(List.of("438[{\"success\":false,\"error\":\"no\",\"code\":\"FORBIDDEN\"}]"),
        framing.outbound("{\"type\":\"error\",\"id\":\"8\",\"error\":{\"code\":\"FORBIDDEN\",\"message\":\"no\"}}"));
  }

  @Test
  void aPublicationIsTheSameEventForEveryConnection() {
    String published = "{\"type\":\"task_status\",\"id\":\"task_status_9\",\"timestamp\":1,\"data\":{\"task_id\":\"t\"}}";
    assertEquals("42[\"task_status\",{\"timestamp\":1,\"data\":{\"task_id\":\"t\"}}]",
        framing.publication(published));
    assertEquals(List.of(framing.publication(published)), new SocketIoFraming("c8", Dialect.FLAT).outbound(published));
  }

  @Test
  void everythingElseBecomesTheEventNamedByItsType() {
    assertEquals(List.of("42[\"taskStatusUpdate\",{\"generateId\":\"g\",\"status\":\"done\"}]"),
        framing.outbound("{\"type\":\"taskStatusUpdate\",\"id\":\"7\",\"generateId\":\"g\",\"status\":\"done\"}"));
    assertEquals(List.of("42[\"error\",{\"code\":\"RATE_LIMIT_EXCEEDED\",\"message\":\"slow down\"}]"),
        framing.outbound("{\"type\":\"error\",\"code\":\"RATE_LIMIT_EXCEEDED\",\"message\":\"slow down\"}"));
    assertEquals(List.of("42[\"common_reply\",{\"message\":\"ok\"}]"),
        framing.outbound("{\"type\":\"common_reply\",\"message\":\"ok\"}"));
  }

  @Test
  void onAStampingDialectAnEventCarriesTheWholeFrameAsTheDialectWroteIt() {
    SocketIoFraming stamped = new SocketIoFraming("c9", Dialect.PAYLOAD_MILLIS);
    String published = "{\"type\":\"taskUpdated\",\"id\":\"taskUpdated_4\",\"timestamp\":1677824400000,"
        + "\"payload\":{\"videoId\":\"v1\",\"status\":\"PROCESSING\",\"progress\":40}}";
    assertEquals("42[\"taskUpdated\"," + published + "]", stamped.publication(published));
    assertEquals(List.of("42[\"taskUpdated\"," + published + "]"), stamped.outbound(published));
  }

  @Test
  void onAStampingDialectACallbackGetsTheAcksBody() {
    SocketIoFraming stamped = new SocketIoFraming("c9", Dialect.PAYLOAD_MILLIS);
    assertEquals(List.of("435[{\"success\":true}]"),
        stamped.outbound("{\"type\":\"ack\",\"id\":\"5\",\"timestamp\":1,\"payload\":{\"success\":true}}"));
    assertEquals(List.of("436[{\"success\":false,\"error\":\"no such task\",\"code\":\"TASK_NOT_FOUND\"}]"),
        stamped.outbound("{\"type\":\"error\",\"id\":\"6\",\"timestamp\":1,"
            + "\"payload\":{\"code\":\"TASK_NOT_FOUND\",\"message\":\"no such task\"}}"));
  }

  @Test
  void onceTheNamespaceIsConnectedAuthRepliesAreEventsAndARefusalDisconnects() {
    SocketIoFraming stamped = new SocketIoFraming("c9", Dialect.PAYLOAD_MILLIS);
    assertEquals(List.of("40{\"sid\":\"c9\"}"), stamped.connected());
    String ok = "{\"type\":\"common_reply\",\"message\":\"auth ok\"}";
    assertEquals(List.of("42[\"common_reply\"," + ok + "]"), stamped.outbound(ok));
    String error = "{\"type\":\"common_reply\",\"message\":\"auth error\"}";
    assertEquals(List.of("42[\"common_reply\"," + error + "]", "41"), stamped.outbound(error));
    framing.connected();
    assertEquals(List.of("42[\"common_reply\",{\"message\":\"auth ok\"}]"), framing.outbound(ok),
        "a flat dialect's argument, as for any event");
  }

  @Test
  void aSeed004EventReadsAsThePlainFrameTheSeedSends() throws Exception {
    assertSameJson("{\"type\":\"requestTaskStatus\",\"payload\":{\"videoId\":\"v1\"}}",
        frameOf("42[\"requestTaskStatus\",{\"payload\":{\"videoId\":\"v1\"}}]"));
    assertSameJson("{\"type\":\"requestTaskStatus\",\"payload\":{\"videoId\":\"v1\"}}",
        frameOf("42[\"requestTaskStatus\",{\"type\":\"requestTaskStatus\",\"payload\":{\"videoId\":\"v1\"}}]"));
    assertSameJson("{\"type\":\"auth\",\"payload\":{\"token\":\"jwt\"}}",
        frameOf("42[\"auth\",{\"payload\":{\"token\":\"jwt\"}}]"));
  }
}
