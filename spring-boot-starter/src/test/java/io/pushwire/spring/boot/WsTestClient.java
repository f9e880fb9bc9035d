package io.pushwire.spring.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A real WebSocket client on the JDK's {@code java.net.http.WebSocket}: records every text frame
 * and the close code. (The same as server-core's test client; the starter's tests may not depend
 * on server-core's test classes, which bring Tyrus.)
 */
final class WsTestClient implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final List<String> frames = new CopyOnWriteArrayList<>();
  final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private final WebSocket socket;

  private WsTestClient(URI uri) {
    socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
        .buildAsync(uri, new Listener()).orTimeout(10, TimeUnit.SECONDS).join();
  }

  static WsTestClient connect(String uri) {
    return new WsTestClient(URI.create(uri));
  }

  WsTestClient send(String text) {
    socket.sendText(text, true).orTimeout(5, TimeUnit.SECONDS).join();
    return this;
  }

  /** Waits for a frame whose JSON satisfies {@code test}, and returns it. */
  JsonNode await(Predicate<JsonNode> test) {
    JsonNode[] found = new JsonNode[1];
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
      for (String frame : frames) {
        JsonNode node = JSON.readTree(frame);
        if (test.test(node)) {
          found[0] = node;
          return true;
        }
      }
      return false;
    });
    return found[0];
  }

  JsonNode awaitType(String type) {
    return await(node -> type.equals(node.path("type").asText()));
  }

  int awaitClose() {
    return closeCode.orTimeout(20, TimeUnit.SECONDS).join();
  }

  @Override
  public void close() {
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        frames.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closeCode.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closeCode.complete(1006);
    }
  }
}
