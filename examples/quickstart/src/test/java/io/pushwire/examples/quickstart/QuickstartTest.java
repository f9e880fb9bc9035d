package io.pushwire.examples.quickstart;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class QuickstartTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void servesThePageAndPushesTaskProgress() throws Exception {
    try (Quickstart.Running running = Quickstart.start(new Quickstart.Options("127.0.0.1", 0, "t0k"))) {
      HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(running.pageUrl() + "index.html")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains("new WebSocket"));

      List<String> frames = new CopyOnWriteArrayList<>();
      WebSocket ws = HTTP.newWebSocketBuilder().buildAsync(
          URI.create(running.webSocketUrl() + "?token=t0k&topics=task:progress"), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
              frames.add(data.toString());
              webSocket.request(1);
              return null;
            }
          }).join();
      await().until(() -> frames.stream().filter(f -> f.contains("\"type\":\"task_progress\"")).count() >= 2);
      ws.abort();
    }
  }

  @Test
  void argumentsAreParsed() {
    Quickstart.Options options = Quickstart.Options.parse(new String[] {"--host", "127.0.0.1", "--port", "9000", "--token", "x"});
    assertEquals(new Quickstart.Options("127.0.0.1", 9000, "x"), options);
  }
}
