package io.pushwire.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.client.reconnect.Disconnect;
import io.pushwire.server.Limits;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HeartbeatTest extends ClientTestSupport {

  @Test
  void stalledConnectionIsDeclaredDeadAfterTheTimeoutAndReplaced() throws Exception {
    TestServer server = server();
    FaultProxy proxy = track(new FaultProxy(server.port()));
    PushClient client = track(fastClient(server.uriVia(proxy.port()))
        .heartbeat(Duration.ofMillis(100), Duration.ofMillis(800)).build());
    Recorder<StateChange> states = new Recorder<>();
    client.onStateChange(states);
    client.connect().get(20, TimeUnit.SECONDS);

    proxy.stall(true);

    await().until(() -> states.any(change -> change.cause().orElse(null) instanceof Disconnect.HeartbeatTimeout));
    proxy.stall(false);
    StateChange dead = states.all().stream().filter(change -> change.state() == ConnectionState.CLOSED).findFirst()
        .orElseThrow();
    Duration silence = ((Disconnect.HeartbeatTimeout) dead.cause().orElseThrow()).silence();
    assertTrue(silence.compareTo(Duration.ofMillis(800)) > 0, silence.toString());
    assertTrue(dead.nextDelay().isPresent());
    await().until(() -> client.state() == ConnectionState.OPEN && proxy.accepted() >= 2);
  }

  @Test
  void pingsKeepAQuietConnectionOpenPastTheServersIdleTimeout() {
    TestServer server = track(TestServer.start(FIRST_MESSAGE_ENDPOINT,
        Limits.builder().idleTimeout(Duration.ofSeconds(2)).build(), hub -> { }));
    PushClient client = connected(fastClient(server.uri()).heartbeat(Duration.ofMillis(100), Duration.ofSeconds(4)));

    // Twice the server's idle timeout: without pings the server would have closed it with 4001.
    await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
        .until(() -> client.state() == ConnectionState.OPEN && server.hub().stats().connectionsOpened() == 1);
  }

  @Test
  void withoutPingsTheServersIdleCloseIsFollowedByAReconnect() {
    TestServer server = track(TestServer.start(FIRST_MESSAGE_ENDPOINT,
        Limits.builder().idleTimeout(Duration.ofMillis(300)).build(), hub -> { }));
    PushClient client = track(fastClient(server.uri()).heartbeatDisabled().build());
    Recorder<StateChange> states = new Recorder<>();
    client.onStateChange(states); // before connecting: the idle close may come at any time after
    client.connect();

    await().until(() -> {
      List<StateChange> all = states.all();
      int idleClose = IntStream.range(0, all.size()).filter(i -> closedWith(4001).test(all.get(i))).findFirst().orElse(-1);
      return idleClose >= 0 && all.subList(idleClose, all.size()).stream()
          .anyMatch(change -> change.state() == ConnectionState.OPEN);
    });
  }
}
