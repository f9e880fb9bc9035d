package io.pushwire.server;

import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real WebSocket client for tests, on the JDK's {@code java.net.http.WebSocket}: it records
 * every text frame, WebSocket ping and the close code, and can stop reading to act as a slow
 * consumer.
 */
public final class WsClient implements AutoCloseable {

  public static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  public final List<String> frames = new CopyOnWriteArrayList<>();
  public final AtomicInteger pings = new AtomicInteger();
  public final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
  /** Whether the listener asks for the next frame; false makes this a client that stops reading. */
  private volatile boolean reading = true;
  private final WebSocket socket;
  private final StringBuilder partial = new StringBuilder();

  private WsClient(URI uri, Map<String, String> headers) {
    this(HTTP, uri, headers);
  }

  private WsClient(HttpClient http, URI uri, Map<String, String> headers) {
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    headers.forEach(builder::header);
    this.socket = builder.buildAsync(uri, new Listener()).orTimeout(10, TimeUnit.SECONDS).join();
  }

  public static WsClient connect(String uri) {
    return new WsClient(URI.create(uri), Map.of());
  }

  public static WsClient connect(String uri, Map<String, String> headers) {
    return new WsClient(URI.create(uri), headers);
  }

  /** Connects with {@code http}'s settings (a TLS context, say). */
  public static WsClient connect(HttpClient http, String uri, Map<String, String> headers) {
    return new WsClient(http, URI.create(uri), headers);
  }

  /** The HTTP status a refused handshake got, or -1 if the handshake succeeded. */
  public static int handshakeStatus(String uri, Map<String, String> headers) {
    WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    headers.forEach(builder::header);
    try {
      WebSocket ws = builder.buildAsync(URI.create(uri), new WebSocket.Listener() { })
          .orTimeout(10, TimeUnit.SECONDS).join();
      ws.abort();
      return -1;
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof java.net.http.WebSocketHandshakeException h) {
        return h.getResponse().statusCode();
      }
      throw e;
    }
  }

  public WsClient send(String text) {
    socket.sendText(text, true).orTimeout(5, TimeUnit.SECONDS).join();
    return this;
  }

  /** Sends without waiting: for frames the server may refuse mid-transfer by closing. */
  public void sendAndForget(String text) {
    socket.sendText(text, true);
  }

  public void stopReading() {
    reading = false;
  }

  /** Waits for a frame whose JSON satisfies {@code test}, and returns it. */
  public JsonNode await(Predicate<JsonNode> test) {
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

  public JsonNode awaitType(String type) {
    return await(n -> type.equals(n.path("type").asText()));
  }

  public List<JsonNode> ofType(String type) {
    List<JsonNode> result = new ArrayList<>();
    for (String frame : frames) {
      try {
        JsonNode node = JSON.readTree(frame);
        if (type.equals(node.path("type").asText())) {
          result.add(node);
        }
      } catch (java.io.IOException e) {
        throw new AssertionError("server sent invalid JSON: " + frame, e);
      }
    }
    return result;
  }

  public int awaitClose() {
    return closeCode.orTimeout(20, TimeUnit.SECONDS).join();
  }

  public boolean isClosed() {
    return closeCode.isDone();
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
      if (reading) {
        webSocket.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
      pings.incrementAndGet();
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
