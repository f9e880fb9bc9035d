package io.pushwire.server.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushwire.protocol.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link TaskStatusSource} that asks an HTTP JSON API, as seed 004 asks its third-party video
 * API: {@code GET <url>} with an auth header, and a JSON answer mapped onto a {@link TaskChange}.
 * The defaults read seed 004's answer
 * {@code {"status":"completed|processing|failed","video_url":..,"progress":100,"error":..}}.
 *
 * <pre>{@code
 * HttpStatusSource source = HttpStatusSource.builder("https://api.example.com/sora/v1/videos/{externalId}")
 *     .header("Authorization", System.getenv("VIDEO_API_KEY"))
 *     .requestTimeout(Duration.ofSeconds(10))
 *     .build();
 * TaskRegistry tasks = TaskRegistry.builder().statusSource(source).build();
 * }</pre>
 *
 * <p><b>URL.</b> {@code {id}} and {@code {externalId}} ({@link Task#externalIdOrId()}) in the
 * template are replaced by the task's values, encoded as a path segment.
 *
 * <p><b>Mapping.</b> Fields are JSON Pointers ({@code /status}, {@code /data/state}); a name without
 * a leading {@code /} means a top-level field. The status text maps to a phase through
 * {@link Builder#phase}; an unmapped status changes no phase. A number at the progress field sets
 * the progress percentage (a completed task without one gets 100, as seed 004 does). Text at the
 * result URL field becomes {@link TaskResult#videoUrl()}, text at the error field
 * {@link Task#error()}. An answer that maps to nothing changes nothing.
 *
 * <p><b>Failures.</b> A non-2xx status, a body over {@link Builder#maxResponseBytes} or that is not
 * JSON, a network error or a timeout fail the stage; the registry then keeps the task as it was and
 * logs the failure (never the headers). Thread-safe; holds no thread of its own (the
 * {@link HttpClient}'s are daemon threads).
 */
public final class HttpStatusSource implements TaskStatusSource {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

  private final String urlTemplate;
  private final HttpClient client;
  private final Map<String, Function<Task, String>> headers;
  private final Duration requestTimeout;
  private final int maxResponseBytes;
  private final String statusField;
  private final Map<String, TaskPhase> phases;
  private final String progressField;
  private final String resultUrlField;
  private final String errorField;

  private HttpStatusSource(Builder b) {
    this.urlTemplate = b.urlTemplate;
    this.requestTimeout = b.requestTimeout;
    this.client = b.client != null ? b.client
        : HttpClient.newBuilder().connectTimeout(b.requestTimeout).build();
    this.headers = Map.copyOf(b.headers);
    this.maxResponseBytes = b.maxResponseBytes;
    this.statusField = b.statusField;
    this.phases = Map.copyOf(b.phases);
    this.progressField = b.progressField;
    this.resultUrlField = b.resultUrlField;
    this.errorField = b.errorField;
  }

  /**
   * Starts a source for {@code urlTemplate}, e.g. {@code http://127.0.0.1:8080/sora/v1/videos/{externalId}}.
   *
   * @throws IllegalArgumentException if the template names a placeholder other than {@code {id}}
   *     and {@code {externalId}}
   */
  public static Builder builder(String urlTemplate) {
    return new Builder(urlTemplate);
  }

  @Override
  public CompletionStage<Optional<TaskChange>> fetch(Task task) {
    HttpRequest.Builder request = HttpRequest.newBuilder(url(task)).GET()
        .timeout(requestTimeout)
        .header("Accept", "application/json");
    headers.forEach((name, value) -> {
      String v = value.apply(task);
      if (v != null) {
        request.header(name, v);
      }
    });
    return client.sendAsync(request.build(), BoundedBody.handler(maxResponseBytes))
        .thenApply(response -> toChange(task, response));
  }

  URI url(Task task) {
    Matcher m = PLACEHOLDER.matcher(urlTemplate);
    StringBuilder url = new StringBuilder();
    while (m.find()) {
      String value = m.group(1).equals("id") ? task.id() : task.externalIdOrId();
      m.appendReplacement(url, Matcher.quoteReplacement(
          URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")));
    }
    m.appendTail(url);
    return URI.create(url.toString());
  }

  private Optional<TaskChange> toChange(Task task, HttpResponse<byte[]> response) {
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException("HTTP " + response.statusCode() + " from " + response.uri());
    }
    JsonNode root;
    try {
      root = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("the answer from " + response.uri() + " is not JSON", e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalStateException("the answer from " + response.uri() + " is not a JSON object");
    }
    TaskChange change = TaskChange.NONE;
    TaskPhase phase = phases.get(root.at(statusField).asText(""));
    if (phase != null) {
      change = change.withPhase(phase);
    }
    JsonNode progress = root.at(progressField);
    if (progress.isNumber()) {
      change = change.withProgress(withPercentage(task.progress(), progress.asDouble()));
    } else if (phase == TaskPhase.COMPLETED) {
      change = change.withProgress(withPercentage(task.progress(), 100));
    }
    String url = text(root.at(resultUrlField));
    if (url != null) {
      change = change.withResult((task.result() == null ? TaskResult.EMPTY : task.result()).withVideoUrl(url));
    }
    String error = text(root.at(errorField));
    if (error != null) {
      change = change.withError(error);
    }
    return change.equals(TaskChange.NONE) ? Optional.empty() : Optional.of(change);
  }

  /** The task's progress with another percentage, or a 0-100 progress if it had none. */
  private static Progress withPercentage(Progress current, double percentage) {
    double p = Math.max(0, Math.min(100, percentage));
    if (current == null) {
      return TaskChange.percent((int) Math.round(p));
    }
    return new Progress(current.total(), current.completed(), current.failed(), current.current(), p, current.status());
  }

  private static String text(JsonNode node) {
    return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
  }

  /** Configures an {@link HttpStatusSource}. */
  public static final class Builder {
    private final String urlTemplate;
    private HttpClient client;
    private final Map<String, Function<Task, String>> headers = new LinkedHashMap<>();
    private Duration requestTimeout = Duration.ofSeconds(10);
    private int maxResponseBytes = 64 * 1024;
    private String statusField = "/status";
    private final Map<String, TaskPhase> phases = new LinkedHashMap<>(Map.of(
        "queued", TaskPhase.QUEUED,
        "processing", TaskPhase.RUNNING,
        "completed", TaskPhase.COMPLETED,
        "failed", TaskPhase.FAILED));
    private String progressField = "/progress";
    private String resultUrlField = "/video_url";
    private String errorField = "/error";

    private Builder(String urlTemplate) {
      Objects.requireNonNull(urlTemplate, "urlTemplate");
      Matcher m = PLACEHOLDER.matcher(urlTemplate);
      while (m.find()) {
        if (!m.group(1).equals("id") && !m.group(1).equals("externalId")) {
          throw new IllegalArgumentException("unknown placeholder {" + m.group(1) + "} in " + urlTemplate
              + "; use {id} or {externalId}");
        }
      }
      this.urlTemplate = urlTemplate;
    }

    private static String pointer(String field) {
      Objects.requireNonNull(field, "field");
      return field.startsWith("/") ? field : "/" + field;
    }

    /** The client to send with (default: a new one with the request timeout as connect timeout). */
    public Builder httpClient(HttpClient httpClient) {
      this.client = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /** A header sent with every request, e.g. {@code Authorization} (seed 004 sends the bare key). */
    public Builder header(String name, String value) {
      Objects.requireNonNull(value, "value");
      return header(name, task -> value);
    }

    /** A header whose value depends on the task (a per-owner key); a {@code null} value sends none. */
    public Builder header(String name, Function<Task, String> value) {
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** The longest wait for a response (default 10 s, as in seed 004). */
    public Builder requestTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("requestTimeout must be > 0, got " + timeout);
      }
      this.requestTimeout = timeout;
      return this;
    }

    /** The largest response body read (default 64 KiB); a longer one fails the lookup. */
    public Builder maxResponseBytes(int max) {
      if (max <= 0) {
        throw new IllegalArgumentException("maxResponseBytes must be > 0, got " + max);
      }
      this.maxResponseBytes = max;
      return this;
    }

    /** Where the status text is (default {@code /status}). */
    public Builder statusField(String field) {
      this.statusField = pointer(field);
      return this;
    }

    /**
     * Maps a status text to a phase, adding to or replacing the defaults {@code queued},
     * {@code processing}, {@code completed} and {@code failed}. Case-sensitive.
     */
    public Builder phase(String statusText, TaskPhase phase) {
      phases.put(Objects.requireNonNull(statusText, "statusText"), Objects.requireNonNull(phase, "phase"));
      return this;
    }

    /** Where the 0-100 progress number is (default {@code /progress}). */
    public Builder progressField(String field) {
      this.progressField = pointer(field);
      return this;
    }

    /** Where the result's URL is (default {@code /video_url}). */
    public Builder resultUrlField(String field) {
      this.resultUrlField = pointer(field);
      return this;
    }

    /** Where the error text is (default {@code /error}). */
    public Builder errorField(String field) {
      this.errorField = pointer(field);
      return this;
    }

    /** Builds the source. */
    public HttpStatusSource build() {
      return new HttpStatusSource(this);
    }
  }
}
