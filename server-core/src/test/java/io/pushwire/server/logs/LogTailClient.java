package io.pushwire.server.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * A raw seed-000 log client on the JDK's WebSocket, speaking JSON by hand, that acknowledges every
 * {@code running_log} as soon as it has applied it. In {@linkplain #seedOnly seed mode} it sends
 * only the frames seed 000 shows and appends {@code log_lines} blindly, as the document's client
 * does. In {@linkplain #resuming resume mode} it implements the resume protocol of
 * {@code docs/logs.md}: it keeps (epoch, next index) across connections, resumes with
 * {@code from_index} and {@code epoch}, and records every repeated line or unannounced gap as a
 * problem instead of hiding it; a {@link DropPlan} makes it cut its own connection abruptly.
 */
final class LogTailClient implements AutoCloseable {

  /** Where, around one batch, the client cuts its connection (then reconnects and resumes). */
  enum Drop {
    /** Keep the connection. */
    NONE,
    /** Discard the batch just received, unapplied, and cut. */
    BEFORE_APPLY,
    /** Apply the batch, cut before acknowledging it. */
    BEFORE_ACK,
    /** Apply and acknowledge the batch, then cut. */
    AFTER_ACK
  }

  /** Decides after each received batch whether to cut; told the lines applied on this connection. */
  @FunctionalInterface
  interface DropPlan {
    Drop after(int linesOnThisConnection);
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String url;
  private final String token;
  private final boolean resume;
  private final DropPlan plan;
  /** Reconnects run here, never on a WebSocket callback thread. */
  private final ExecutorService reconnector = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "log-tail-client-reconnect");
    t.setDaemon(true);
    return t;
  });

  /** Every frame this client sent, in order. */
  final List<String> sent = new CopyOnWriteArrayList<>();
  /** Every running_log frame received on a current connection, in order. */
  final List<JsonNode> batches = new CopyOnWriteArrayList<>();

  /** Guards every field below. */
  private final Object lock = new Object();
  /** Guarded by lock. Contents of the applied lines, in order. */
  private final List<String> lines = new ArrayList<>();
  /** Guarded by lock. Repeats and silent gaps seen: must stay empty. */
  private final List<String> problems = new ArrayList<>();
  /** Guarded by lock. Sum of the lost markers received. */
  private long lost;
  /** Guarded by lock. Whether (epoch, nextIndex) hold a position to resume from. */
  private boolean hasPosition;
  /** Guarded by lock. */
  private long epoch;
  /** Guarded by lock. */
  private long nextIndex;
  /** Guarded by lock. Bumped per connection; callbacks of older connections are ignored. */
  private int generation;
  /** Guarded by lock. */
  private int linesOnThisConnection;
  /** Guarded by lock. */
  private int connections;
  /** Guarded by lock. The current socket, null while connecting. */
  private WebSocket socket;
  /** Guarded by lock. Sends are chained: the JDK WebSocket allows one at a time. */
  private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);
  /** Guarded by lock. */
  private boolean closed;
  /** Told the number of lines applied, for test flow control; may be null. */
  private final IntConsumer onApplied;

  private LogTailClient(String url, String token, boolean resume, DropPlan plan, IntConsumer onApplied) {
    this.url = url;
    this.token = token;
    this.resume = resume;
    this.plan = plan;
    this.onApplied = onApplied;
  }

  /** A client that speaks only seed 000 and never cuts its connection. */
  static LogTailClient seedOnly(String url, String token) {
    LogTailClient client = new LogTailClient(url, token, false, lines -> Drop.NONE, null);
    client.connect();
    return client;
  }

  /** A client that resumes by offset and cuts its connection as {@code plan} says. */
  static LogTailClient resuming(String url, String token, DropPlan plan, IntConsumer onApplied) {
    LogTailClient client = new LogTailClient(url, token, true, plan, onApplied);
    client.connect();
    return client;
  }

  List<String> lines() {
    synchronized (lock) {
      return List.copyOf(lines);
    }
  }

  int lineCount() {
    synchronized (lock) {
      return lines.size();
    }
  }

  List<String> problems() {
    synchronized (lock) {
      return List.copyOf(problems);
    }
  }

  long lost() {
    synchronized (lock) {
      return lost;
    }
  }

  int connections() {
    synchronized (lock) {
      return connections;
    }
  }

  @Override
  public void close() {
    WebSocket current;
    synchronized (lock) {
      closed = true;
      current = socket;
    }
    reconnector.shutdownNow();
    if (current != null) {
      current.abort();
    }
  }

  private void connect() {
    int gen;
    synchronized (lock) {
      if (closed) {
        return;
      }
      gen = ++generation;
      connections++;
      linesOnThisConnection = 0;
      socket = null;
      lastSend = CompletableFuture.completedFuture(null);
    }
    WebSocket ws;
    try {
      ws = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
          .buildAsync(URI.create(url), new Listener(gen)).orTimeout(10, TimeUnit.SECONDS).join();
    } catch (RuntimeException e) {
      synchronized (lock) {
        problems.add("connect failed: " + e);
      }
      return;
    }
    synchronized (lock) {
      if (gen != generation || closed) {
        ws.abort();
        return;
      }
      socket = ws;
      send(ws, "{\"type\":\"auth\",\"token\":\"" + token + "\"}");
    }
  }

  /** Caller holds lock. */
  private void send(WebSocket ws, String text) {
    sent.add(text);
    lastSend = lastSend.handle((ok, error) -> null).thenCompose(x -> ws.sendText(text, true));
  }

  /** Caller holds lock: cuts the connection abruptly (no close frame) and reconnects. */
  private void cut(WebSocket ws) {
    generation++; // from now on, callbacks of ws are ignored
    socket = null;
    ws.abort();
    if (!closed) {
      reconnector.execute(this::connect);
    }
  }

  private void onFrame(int gen, WebSocket ws, String text) throws java.io.IOException {
    JsonNode frame = JSON.readTree(text);
    int applied = -1;
    synchronized (lock) {
      if (gen != generation || socket != ws) {
        return; // a frame of a connection already cut
      }
      String type = frame.path("type").asText();
      if ("common_reply".equals(type) && "auth ok".equals(frame.path("message").asText())) {
        send(ws, resume && hasPosition
            ? "{\"type\":\"get_running_log\",\"from_index\":" + nextIndex + ",\"epoch\":" + epoch + "}"
            : "{\"type\":\"get_running_log\"}");
      } else if ("running_log".equals(type)) {
        batches.add(frame);
        JsonNode log = frame.path("log");
        Drop drop = plan.after(linesOnThisConnection + log.path("log_lines").size());
        if (drop == Drop.BEFORE_APPLY) {
          cut(ws);
          return;
        }
        applied = apply(log);
        if (drop == Drop.BEFORE_ACK) {
          cut(ws);
        } else {
          send(ws, "{\"type\":\"common_reply\",\"message\":\"ok\"}");
          if (drop == Drop.AFTER_ACK) {
            cut(ws);
          }
        }
      }
    }
    if (applied > 0 && onApplied != null) {
      onApplied.accept(applied);
    }
  }

  /** Caller holds lock. Applies one batch as the resume protocol says; returns the lines applied. */
  private int apply(JsonNode log) {
    long index = log.path("index").asLong();
    long batchLost = log.path("lost").asLong(0);
    long batchEpoch = log.path("epoch").asLong();
    if (resume && hasPosition && log.has("epoch") && batchEpoch == epoch) {
      if (index < nextIndex + batchLost) {
        problems.add("repeat: expected index " + (nextIndex + batchLost) + ", got " + index);
      } else if (index > nextIndex + batchLost) {
        problems.add("silent gap: expected index " + (nextIndex + batchLost) + ", got " + index);
      }
    }
    lost += batchLost;
    JsonNode logLines = log.path("log_lines");
    for (JsonNode line : logLines) {
      lines.add(line.path("content").asText());
    }
    linesOnThisConnection += logLines.size();
    hasPosition = true;
    epoch = batchEpoch;
    nextIndex = index + logLines.size();
    return logLines.size();
  }

  private final class Listener implements WebSocket.Listener {
    private final int gen;
    private final StringBuilder partial = new StringBuilder();

    Listener(int gen) {
      this.gen = gen;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        try {
          onFrame(gen, webSocket, text);
        } catch (java.io.IOException | RuntimeException e) {
          synchronized (lock) {
            problems.add("bad frame " + text + ": " + e);
          }
        }
      }
      webSocket.request(1);
      return null;
    }
  }
}
