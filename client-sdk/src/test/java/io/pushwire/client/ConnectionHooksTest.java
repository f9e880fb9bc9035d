package io.pushwire.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.protocol.Alert;
import io.pushwire.protocol.AlertTriggered;
import io.pushwire.protocol.CloseCode;
import io.pushwire.protocol.Ping;
import io.pushwire.protocol.Pong;
import io.pushwire.protocol.ServerMessage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The public hooks that features such as the running-log tail are built on: onOpen, connection(), Connection, claim. */
class ConnectionHooksTest extends ClientTestSupport {

  @Test
  void eachOpenConnectionIsHandedToOpenListenersAndStopsBeingOpenWhenLost() throws Exception {
    TestServer server = server();
    PushClient client = track(fastClient(server.uri()).build());
    Recorder<Connection> opened = new Recorder<>();
    client.onOpen(opened::onMessage);
    assertEquals(Optional.empty(), client.connection());
    client.connect().get(20, TimeUnit.SECONDS);
    await().until(() -> opened.size() == 1);
    Connection first = opened.all().get(0);
    assertTrue(first.isOpen());
    assertEquals(Optional.of(first), client.connection());

    server.hub().disconnect(server.onlyConnection(), CloseCode.SLOW_CONSUMER);

    await().until(() -> opened.size() == 2);
    Connection second = opened.all().get(1);
    assertNotSame(first, second);
    assertFalse(first.isOpen());
    assertTrue(second.isOpen());
    assertEquals(Optional.of(second), client.connection());
    ExecutionException refused = assertThrows(ExecutionException.class,
        () -> first.send(new Ping()).get(10, TimeUnit.SECONDS), "never sent on a later connection");
    assertInstanceOf(DisconnectedException.class, refused.getCause());
  }

  @Test
  void aClaimTakesItsTypeAwayFromListenersWithTheFrameIdAndTheConnection() throws Exception {
    TestServer server = server();
    PushClient client = connected(fastClient(server.uri()));
    Recorder<Received<Pong>> claimed = new Recorder<>();
    Recorder<Pong> listened = new Recorder<>();
    client.on(Pong.class, listened);
    Registration claim = client.claim(Pong.class, claimed);
    Connection connection = client.connection().orElseThrow();

    connection.send(new Ping(), "probe_1").get(10, TimeUnit.SECONDS); // the server's pong repeats the id

    await().until(() -> claimed.size() == 1);
    Received<Pong> pong = claimed.all().get(0);
    assertEquals("probe_1", pong.id());
    assertSame(connection, pong.connection());
    assertEquals(List.of(), listened.all(), "claimed: not for the listeners");

    claim.cancel();
    connection.send(new Ping(), "probe_2").get(10, TimeUnit.SECONDS);
    await().until(() -> listened.size() == 1);
    assertEquals(1, claimed.size());
  }

  @Test
  void claimsOnOverlappingTypesAreRefused() {
    PushClient client = track(fastClient(java.net.URI.create("ws://127.0.0.1:9/ws")).build());
    Registration alerts = client.claim(Alert.class, received -> { });

    assertThrows(IllegalStateException.class, () -> client.claim(AlertTriggered.class, received -> { }));
    assertThrows(IllegalStateException.class, () -> client.claim(ServerMessage.class, received -> { }));
    alerts.cancel();
    client.claim(AlertTriggered.class, received -> { });
  }

  @Test
  void idsOfTheClientsOwnRequestsAndHeartbeatsAreRefused() {
    TestServer server = server();
    PushClient client = connected(fastClient(server.uri()));
    Connection connection = client.connection().orElseThrow();

    assertThrows(IllegalArgumentException.class, () -> connection.send(new Ping(), "req_1"));
    assertThrows(IllegalArgumentException.class, () -> connection.send(new Ping(), "hb_1"));
    assertThrows(IllegalArgumentException.class, () -> connection.send(new Ping(), ""));
  }
}
