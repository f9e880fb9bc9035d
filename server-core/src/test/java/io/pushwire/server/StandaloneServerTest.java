package io.pushwire.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.protocol.CloseCode;
import io.pushwire.protocol.CommonReply;
import io.pushwire.protocol.Progress;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.server.auth.AuthMode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone server: binding, ports, paths, static files, graceful close. */
class StandaloneServerTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static PushServer.Builder server(Hub hub) {
    return PushServer.builder().hub(hub).endpoint(TestServers.firstMessage("/ws"));
  }

  @Test
  void bindsExactlyTheHostItIsGiven() throws IOException {
    try (Hub hub = TestServers.hub().build(); PushServer server = server(hub).host("127.0.0.2").build().start()) {
      try (Socket ok = new Socket()) {
        ok.connect(new InetSocketAddress("127.0.0.2", server.port()), 2000);
        assertTrue(ok.isConnected());
      }
      // The stock Tyrus Grizzly container would listen on 0.0.0.0 and accept this one too.
      assertThrows(ConnectException.class, () -> {
        try (Socket refused = new Socket()) {
          refused.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
        }
      });
    }
  }

  @Test
  void defaultsToLoopbackAndAFreePortReportedAfterStart() throws IOException {
    try (Hub hub = TestServers.hub().build()) {
      PushServer server = server(hub).build();
      assertEquals(-1, server.port());
      server.start();
      try {
        assertEquals("127.0.0.1", server.host());
        assertTrue(server.port() > 0);
        try (WsClient client = TestServers.authenticated(server, "/ws")) {
          assertEquals(1, hub.stats().connections());
        }
      } finally {
        server.close();
      }
    }
  }

  @Test
  void servesSeveralEndpointsAndDedicatedOnesDeliverWithoutSubscribe() throws IOException {
    try (Hub hub = TestServers.hub().build();
         PushServer server = PushServer.builder().hub(hub)
             .endpoint(EndpointSpec.builder("/ws").auth(AuthMode.BEARER_HEADER).build())
             .endpoint(EndpointSpec.builder("/ws/performance").auth(AuthMode.BEARER_HEADER)
                 .autoSubscribe("performance").build())
             .endpoint(EndpointSpec.builder("/ws/task").auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.ENVELOPE_MILLIS)
                 .topicsQueryParameter(true).build())
             .build().start()) {
      var bearer = java.util.Map.of("Authorization", "Bearer " + TestServers.TOKEN);
      try (WsClient main = WsClient.connect(TestServers.url(server, "/ws"), bearer);
           WsClient perf = WsClient.connect(TestServers.url(server, "/ws/performance"), bearer);
           WsClient task = WsClient.connect(TestServers.url(server,
               "/ws/task?client_id=abc123&topics=task:progress,task:status&token=" + TestServers.TOKEN))) {
        await().until(() -> hub.stats().subscriptions() == 3
            && TestServers.authenticatedConnections(hub) == 3);
        hub.publish("performance", CommonReply.OK);
        hub.publish("task:progress", new TaskProgress("t", new Progress(1, 1, 0, null, 100, null)));
        perf.awaitType("common_reply");
        task.awaitType("task_progress");
        hub.broadcast(new TaskProgress("all", new Progress(1, 1, 0, null, 100, null)));
        main.awaitType("task_progress");
        assertTrue(main.ofType("common_reply").isEmpty(), "/ws did not subscribe to performance");
      }
    }
  }

  @Test
  void servesStaticFilesFromAFolderOnTheSamePort(@TempDir Path folder) throws Exception {
    Files.writeString(folder.resolve("index.html"), "<h1>live</h1>");
    try (Hub hub = TestServers.hub().build(); PushServer server = server(hub).staticFiles(folder).build().start()) {
      HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.port() + "/index.html")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, page.statusCode());
      assertEquals("<h1>live</h1>", page.body());
      try (WsClient client = TestServers.authenticated(server, "/ws")) {
        assertEquals(1, hub.stats().connections(), "WebSocket and HTTP share the port");
      }
    }
  }

  @Test
  void healthIsUpWithWhatTheHubHoldsAndOtherPathsAreNotFound() throws Exception {
    try (Hub hub = TestServers.hub().build(); PushServer server = server(hub).build().start();
        WsClient client = TestServers.authenticated(server, "/ws")) {
      client.send("{\"type\":\"subscribe\",\"id\":\"s1\",\"topics\":[\"news\"]}");
      client.await(n -> "s1".equals(n.path("id").asText()));
      HttpResponse<String> health = get(server, "/health");
      assertEquals(200, health.statusCode());
      assertEquals("application/json", health.headers().firstValue("Content-Type").orElse(""));
      assertEquals("{\"status\":\"UP\",\"connections\":1,\"subscriptions\":1}", health.body());
      assertEquals(404, get(server, "/nothing-here").statusCode());
    }
  }

  @Test
  void healthIsDownOnceTheHubSendsClientsAwaySoABalancerStopsSendingThem() throws Exception {
    try (Hub hub = TestServers.hub().build(); PushServer server = server(hub).build().start()) {
      assertEquals(200, get(server, "/health").statusCode());
      hub.close();
      HttpResponse<String> health = get(server, "/health");
      assertEquals(503, health.statusCode());
      assertEquals("{\"status\":\"DOWN\"}", health.body());
    }
  }

  private static HttpResponse<String> get(PushServer server, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .version(HttpClient.Version.HTTP_1_1).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesStaticFilesFromTheClassPath() throws Exception {
    try (Hub hub = TestServers.hub().build(); PushServer server = server(hub).staticResources("/web/").build().start()) {
      HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.port() + "/index.html")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains("dashboard"));
    }
  }

  @Test
  void closeSendsGoingAwayToClientsAndReturnsInBoundedTime() throws IOException {
    try (Hub hub = TestServers.hub().build()) {
      PushServer server = server(hub).shutdownTimeout(Duration.ofSeconds(2)).build().start();
      WsClient a = TestServers.authenticated(server, "/ws");
      WsClient b = TestServers.authenticated(server, "/ws");
      long start = System.nanoTime();
      server.close();
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertEquals(CloseCode.GOING_AWAY.code(), a.awaitClose());
      assertEquals(CloseCode.GOING_AWAY.code(), b.awaitClose());
      assertTrue(tookMs < 10_000, "close took " + tookMs + " ms: it should give up after the 2 s timeout");
      assertEquals(0, hub.stats().connections());
    }
  }

  @Test
  void connectionsOpenedWhileTheServerClosesAreSentAwayAtOnce() throws Exception {
    try (Hub hub = TestServers.hub().build()) {
      PushServer server = server(hub).shutdownTimeout(Duration.ofSeconds(30)).build().start();
      String url = TestServers.url(server, "/ws");
      WsClient first = TestServers.authenticated(server, "/ws");
      // Holds the shutdown in the middle of closing the connections it found, for as long as the test needs.
      CountDownLatch released = new CountDownLatch(1);
      CountDownLatch shuttingDown = new CountDownLatch(1);
      hub.addConnectionListener(new ConnectionListener() {
        @Override
        public void onClosed(String connectionId) {
          shuttingDown.countDown();
          awaitUninterruptibly(released);
        }
      });
      CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
      assertTrue(shuttingDown.await(20, TimeUnit.SECONDS), "the shutdown did not start");

      WsClient late = WsClient.connect(url);

      assertEquals(CloseCode.GOING_AWAY.code(), late.awaitClose());
      assertFalse(closing.isDone());
      released.countDown();
      closing.get(20, TimeUnit.SECONDS);
      assertEquals(CloseCode.GOING_AWAY.code(), first.awaitClose());
      assertEquals(0, hub.stats().connections());
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void closeReturnsEvenWhenAClientNeverAnswersTheClose() throws IOException {
    try (Hub hub = TestServers.hub().build()) {
      PushServer server = server(hub).shutdownTimeout(Duration.ofMillis(300)).build().start();
      WsClient silent = TestServers.authenticated(server, "/ws");
      silent.stopReading();
      long start = System.nanoTime();
      server.close();
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertTrue(tookMs < 10_000, "close took " + tookMs + " ms: it should give up after the 300 ms timeout");
      silent.close();
    }
  }
}
