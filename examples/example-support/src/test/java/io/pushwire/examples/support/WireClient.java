package io.pushwire.examples.support;

import org.awaitility.Awaitility;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * For testing: a WebSocket client on the JDK's {@code java.net.http.WebSocket} that records every
 * text frame it receives, so a test can wait for the frame it expects and read it as JSON.
 */
public final class WireClient implements AutoCloseable {

  /** How long a test waits for an expected frame. */
  public static final Duration TIMEOUT = Duration.ofSeconds(20);

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every text frame received, in order. Appended by the JDK's listener thread, read by tests. */
  private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
  /** The close code the server sent; -1 while open. Written by the listener thread. */
  private volatile int closeCode = -1;
  /** Null until the handshake completed. */
  private volatile WebSocket socket;

  private WireClient() {
  }

  /** Connects to {@code uri}. */
  public static WireClient connect(String uri) {
    return connect(uri, Map.of());
  }

  /** Connects to {@code uri} with extra handshake headers (seed 001's {@code Authorization}). */
  public static WireClient connect(String uri, Map<String, String> headers) {
    WireClient client = new WireClient();
    WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    headers.forEach(builder::header);
    client.socket = builder.buildAsync(URI.create(uri), client.listener()).orTimeout(20, TimeUnit.SECONDS).join();
    return client;
  }

  /**
   * The HTTP status with which the server refused a handshake to {@code uri} (401 for a missing
   * or wrong token on a handshake-auth endpoint).
   *
   * @throws AssertionError if the handshake succeeded
   */
  public static int refusedHandshakeStatus(String uri) {
    try {
      HTTP.newWebSocketBuilder().buildAsync(URI.create(uri), new WebSocket.Listener() { })
          .orTimeout(20, TimeUnit.SECONDS).join().abort();
    } catch (CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        return refused.getResponse().statusCode();
      }
      throw e;
    }
    throw new AssertionError("the handshake to " + uri + " succeeded");
  }

  /** Sends one text frame. */
  public WireClient send(String text) {
    socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
    return this;
  }

  /** Waits until a frame matches, and returns the first one that does. */
  public JsonNode awaitFrame(Predicate<JsonNode> match) {
    return awaitFrame(match, TIMEOUT);
  }

  /** Waits up to {@code timeout} until a frame matches, and returns the first one that does. */
  public JsonNode awaitFrame(Predicate<JsonNode> match, Duration timeout) {
    return Awaitility.await().atMost(timeout).until(() -> frames.stream().filter(match).findFirst().orElse(null),
        frame -> frame != null);
  }

  /** Waits for the first frame of {@code type}. */
  public JsonNode awaitType(String type) {
    return awaitFrame(frame -> type.equals(frame.path("type").asText()));
  }

  /** Every frame received so far. */
  public List<JsonNode> frames() {
    return List.copyOf(frames);
  }

  /** Frames of {@code type} received so far. */
  public List<JsonNode> framesOfType(String type) {
    return frames.stream().filter(f -> type.equals(f.path("type").asText())).toList();
  }

  /** Waits until the server closed the connection, and returns its close code. */
  public int awaitClose() {
    Awaitility.await().atMost(TIMEOUT).until(() -> closeCode != -1);
    return closeCode;
  }

  /** Drops the connection without a close handshake. */
  @Override
  public void close() {
    if (socket != null) {
      socket.abort();
    }
  }

  private WebSocket.Listener listener() {
    return new WebSocket.Listener() {
      private final StringBuilder partial = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          try {
            frames.add(JSON.readTree(partial.toString()));
          } catch (JsonProcessingException e) {
            throw new IllegalStateException("not JSON: " + partial, e);
          }
          partial.setLength(0);
        }
        webSocket.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode = statusCode;
        return null;
      }
    };
  }
}
