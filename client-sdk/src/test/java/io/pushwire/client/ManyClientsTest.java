package io.pushwire.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pushwire.protocol.SystemEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManyClientsTest extends ClientTestSupport {

  private static final int CLIENTS = 100;

  @Test
  void hundredClientsInOneJvmEachReceiveOneBroadcastOnce() throws Exception {
    TestServer server = server();
    List<Recorder<SystemEvent>> inboxes = new ArrayList<>();
    List<CompletableFuture<Void>> connecting = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      PushClient client = track(fastClient(server.uri())
          .heartbeat(Duration.ofSeconds(5), Duration.ofSeconds(15))
          .connectTimeout(Duration.ofSeconds(10))
          .build());
      Recorder<SystemEvent> inbox = new Recorder<>();
      client.on(SystemEvent.class, inbox);
      inboxes.add(inbox);
      connecting.add(client.connect());
    }
    CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    await().until(() -> server.authenticatedConnections() == CLIENTS);

    SystemEvent event = new SystemEvent("maintenance", "api", "deploy", null);
    server.hub().broadcast(event);

    await().atMost(Duration.ofSeconds(20)).until(() -> inboxes.stream().allMatch(inbox -> inbox.size() >= 1));
    for (Recorder<SystemEvent> inbox : inboxes) {
      assertEquals(List.of(event), inbox.all());
    }
  }
}
