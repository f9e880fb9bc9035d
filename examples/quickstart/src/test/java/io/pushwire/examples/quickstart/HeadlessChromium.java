package io.pushwire.examples.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * For testing: the Debian {@code chromium} package, headless, driven over the Chrome DevTools
 * Protocol on the JDK's own WebSocket client. Nothing is downloaded; if {@code /usr/bin/chromium}
 * is missing the test fails and says how to install it ({@code .ci/run} does).
 *
 * <p>{@link #close()} kills the browser and every process it started, and waits for them, on
 * every path.
 */
final class HeadlessChromium implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final Duration STARTUP = Duration.ofSeconds(30);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Path profile;
  private final Process process;
  /** Ids of DevTools calls; any thread. */
  private final AtomicInteger ids = new AtomicInteger();
  /** Calls awaiting their answer, by id: added by callers, completed by the WebSocket's listener. */
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  /** Null until connected to the page's DevTools endpoint. */
  private WebSocket page;

  private HeadlessChromium(Path profile, Process process) {
    this.profile = profile;
    this.process = process;
  }

  /** Starts Chromium on about:blank and connects to its page. */
  static HeadlessChromium launch(Path logFile) throws IOException {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: this test needs Debian's chromium. Install it with "
          + "`apt-get update && apt-get install -y --no-install-recommends chromium chromium-driver` "
          + "(.ci/run does this before the tests)");
    }
    Path profile = Files.createTempDirectory("pushwire-chromium");
    Files.createDirectories(logFile.getParent());
    Process process = new ProcessBuilder(BINARY.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--window-size=1280,860", "--user-data-dir=" + profile, "--remote-debugging-port=0",
        "about:blank")
        .redirectErrorStream(true)
        .redirectOutput(logFile.toFile())
        .start();
    HeadlessChromium chromium = new HeadlessChromium(profile, process);
    try {
      chromium.connect();
      return chromium;
    } catch (RuntimeException | IOException e) {
      chromium.close();
      throw e;
    }
  }

  private void connect() throws IOException {
    Path portFile = profile.resolve("DevToolsActivePort");
    Awaitility.await("Chromium's DevToolsActivePort").atMost(STARTUP)
        .until(() -> !process.isAlive() || Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2);
    if (!process.isAlive()) {
      throw new IllegalStateException("Chromium exited with " + process.exitValue() + " before listening");
    }
    int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
    JsonNode targets = Awaitility.await().atMost(STARTUP).until(() -> JSON.readTree(HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
        HttpResponse.BodyHandlers.ofString()).body()), list -> pageTarget(list) != null);
    page = HTTP.newWebSocketBuilder()
        .buildAsync(URI.create(pageTarget(targets).path("webSocketDebuggerUrl").asText()), new Listener())
        .orTimeout(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
  }

  private static JsonNode pageTarget(JsonNode targets) {
    for (JsonNode target : targets) {
      if (target.path("type").asText().equals("page") && target.path("url").asText().equals("about:blank")) {
        return target;
      }
    }
    return null;
  }

  /** Loads {@code url} in the page. */
  void navigate(String url) {
    call("Page.navigate", Map.of("url", url));
  }

  /** Evaluates a JavaScript expression in the page and returns its value as a JSON tree. */
  JsonNode evaluate(String expression) {
    JsonNode answer = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
    if (answer.has("exceptionDetails")) {
      throw new IllegalStateException("page threw: " + answer.path("exceptionDetails"));
    }
    return answer.path("result").path("value");
  }

  /** A PNG of the page as it is now. */
  byte[] screenshot() {
    return Base64.getDecoder().decode(call("Page.captureScreenshot", Map.of("format", "png")).path("data").asText());
  }

  private JsonNode call(String method, Map<String, Object> params) {
    int id = ids.incrementAndGet();
    ObjectNode request = JSON.createObjectNode().put("id", id).put("method", method);
    request.set("params", JSON.valueToTree(params));
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    try {
      page.sendText(request.toString(), true).orTimeout(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
      JsonNode response = answer.orTimeout(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
      if (response.has("error")) {
        throw new IllegalStateException(method + " failed: " + response.path("error"));
      }
      return response.path("result");
    } finally {
      pending.remove(id);
    }
  }

  /** Kills Chromium and its helper processes, waits for them, and deletes the profile. */
  @Override
  public void close() {
    if (page != null) {
      page.abort();
    }
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
      for (ProcessHandle child : all) {
        child.onExit().get(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // killed already; a slow reaper only delays the processes' disappearance
    }
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder; nothing else to do
    }
  }

  /** Completes pending calls with their answers; ignores DevTools events. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode message = JSON.readTree(partial.toString());
          CompletableFuture<JsonNode> answer = message.has("id") ? pending.get(message.get("id").asInt()) : null;
          if (answer != null) {
            answer.complete(message);
          }
        } catch (IOException e) {
          // not JSON: DevTools never sends that; nothing waits for it
        }
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }
  }
}
