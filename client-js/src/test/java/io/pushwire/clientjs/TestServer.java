package io.pushwire.clientjs;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pushwire.protocol.CloseCode;
import io.pushwire.protocol.CustomEvent;
import io.pushwire.protocol.LogLevel;
import io.pushwire.protocol.Message;
import io.pushwire.protocol.Progress;
import io.pushwire.protocol.ServerMessage;
import io.pushwire.protocol.codec.PushwireCodec;
import io.pushwire.server.Dialect;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import io.pushwire.server.Limits;
import io.pushwire.server.PushServer;
import io.pushwire.server.auth.AuthMode;
import io.pushwire.server.auth.Principal;
import io.pushwire.server.broker.InMemoryBroker;
import io.pushwire.server.topics.TopicAuthorizer;
import io.pushwire.server.auth.TokenAuthenticator;
import io.pushwire.server.logs.LogStream;
import io.pushwire.server.logs.RunningLogFeature;
import io.pushwire.server.logs.RunningLogOptions;
import io.pushwire.server.tasks.NewTask;
import io.pushwire.server.tasks.TaskFeature;
import io.pushwire.server.tasks.TaskRegistry;
import io.pushwire.server.tasks.TaskResult;
import io.pushwire.server.tasks.TaskTopics;
import io.pushwire.server.tasks.TaskVocabulary;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * For testing: a real Pushwire server on 127.0.0.1 that the JavaScript client's Node tests start
 * ({@code test/support/server.js}) and drive over stdin. One hub serves an endpoint per auth mode
 * and dialect, a running log, tasks in the three task styles, and a slow request:
 *
 * <ul>
 *   <li>{@code /flat}: first-message auth, {@link Dialect#FLAT} (the running log's seed);</li>
 *   <li>{@code /std}: token in the query, {@link Dialect#STANDARD}, topics {@code news}, {@code weather};</li>
 *   <li>{@code /iso}: bearer header, {@link Dialect#ENVELOPE_ISO};</li>
 *   <li>{@code /tasks}, {@code /gen}, {@code /video}: the task styles of seeds 003, 002, 004
 *       (query, query, first message);</li>
 *   <li>{@code /rooms}: token in the query, {@link Dialect#STANDARD}, any topic; presence may be
 *       asked for, and join/leave events go out, on topics {@code room:*} only;</li>
 *   <li>custom request {@code echo} {@code {text, delay_ms}}: answered with an {@code echo} after the delay.</li>
 * </ul>
 *
 * <p>Every topic has stream positions and a bounded history (recovery), new with each start.
 *
 * <p>Tokens: {@code good} (user alice), {@code bob-token} (user bob). Options: the first argument,
 * JSON: {@code rate: [perSecond, burst]}, {@code strikes}, {@code logBatchMs}, {@code port},
 * {@code history} (publications kept per topic, default 100).
 *
 * <p>Commands, one JSON object per line on stdin, each answered on stdout with
 * {@code {"seq":n,"ok":true,...}} ({@code "ok":false,"error":..} when it fails): {@code publish
 * {topic, json}}, {@code log {lines}}, {@code newRun}, {@code task {op, id, percent, error}},
 * {@code disconnectAll {code}}, {@code connections}, {@code stop}, {@code start {topics?}},
 * {@code restart {topics?}}, {@code exit}. A stop keeps the port; start binds it again with a new
 * hub (a restarted server), declaring {@code topics} on {@code /std} and {@code /iso} if given.
 * Output starts with {@code READY {"port":..}}.
 */
public final class TestServer {

  /** The custom request and its reply: {@code {"type":"echo","data":{"text":..,"delay_ms":..}}}. */
  public record Echo(@JsonProperty("text") String text, @JsonProperty("delay_ms") long delayMs) {
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Reads the frames the tests publish, the custom type included. */
  private static final PushwireCodec CODEC = PushwireCodec.builder().register("echo", Echo.class).build();

  private final JsonNode options;
  private final PrintStream out;
  /** Replies to slow requests; daemon, lives as long as the process. */
  private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "test-server-later");
    t.setDaemon(true);
    return t;
  });
  // The running server, and what it is made of: replaced by start(); stdin thread only.
  private Hub hub;
  private PushServer server;
  private RunningLogFeature logs;
  private TaskFeature taskFeature;
  private TaskRegistry tasks;
  private LogStream log;
  private int port;
  /** The topics {@code /std} and {@code /iso} declare; a start command may change them. */
  private Set<String> topics = Set.of("news", "weather");

  private TestServer(JsonNode options, PrintStream out) {
    this.options = options;
    this.out = out;
    this.port = options.path("port").asInt(0);
  }

  public static void main(String[] args) throws Exception {
    JsonNode options = args.length > 0 ? JSON.readTree(args[0]) : JSON.createObjectNode();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    TestServer server = new TestServer(options, out);
    server.start();
    out.println("READY " + JSON.createObjectNode().put("port", server.port));
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode command = JSON.readTree(line);
      ObjectNode reply = JSON.createObjectNode().put("seq", command.path("seq").asLong());
      try {
        if (!server.handle(command, reply)) {
          out.println(reply.put("ok", true));
          break;
        }
        out.println(reply.put("ok", true));
      } catch (Exception e) {
        out.println(reply.put("ok", false).put("error", String.valueOf(e)));
      }
    }
    server.stop();
    System.exit(0);
  }

  /** Runs one command; false when the server is to exit. */
  private boolean handle(JsonNode command, ObjectNode reply) throws Exception {
    switch (command.path("cmd").asText()) {
      case "publish" -> {
        Message message = CODEC.decode(command.path("json").asText());
        hub.publish(command.path("topic").asText(), (ServerMessage) message).get(5, TimeUnit.SECONDS);
      }
      case "log" -> {
        for (JsonNode text : command.path("lines")) {
          log.append(LogLevel.INFO, text.asText());
        }
        reply.put("nextOffset", log.nextOffset()).put("epoch", log.epoch());
      }
      case "newRun" -> reply.put("epoch", log.newRun());
      case "task" -> task(command);
      case "disconnectAll" -> {
        CloseCode code = CloseCode.of(command.path("code").asInt(1001)).orElseThrow();
        hub.connectionIds().forEach(id -> hub.disconnect(id, code));
      }
      case "connections" -> reply.put("count",
          hub.connectionIds().stream().filter(id -> hub.principal(id).isPresent()).count());
      case "stop" -> stop();
      case "start" -> {
        topicsFrom(command);
        start();
      }
      case "restart" -> {
        stop();
        topicsFrom(command);
        start();
      }
      case "exit" -> {
        return false;
      }
      default -> throw new IllegalArgumentException("unknown command " + command);
    }
    return true;
  }

  /** A start may declare other topics ({@code "topics": [..]}), as a redeployed server might. */
  private void topicsFrom(JsonNode command) {
    if (command.has("topics")) {
      java.util.Set<String> declared = new java.util.LinkedHashSet<>();
      command.path("topics").forEach(t -> declared.add(t.asText()));
      topics = Set.copyOf(declared);
    }
  }

  private void task(JsonNode command) {
    String id = command.path("id").asText();
    switch (command.path("op").asText()) {
      case "create" -> tasks.create(command.has("owner") ? NewTask.of(id).ownedBy(command.path("owner").asText())
          : NewTask.of(id));
      case "start" -> tasks.start(id);
      case "progress" -> {
        int percent = command.path("percent").asInt();
        tasks.progress(id, new Progress(100, percent, 0, "item " + percent, percent, "working"));
      }
      case "complete" -> tasks.complete(id, new TaskResult("done", null, null,
          "https://cdn.example.invalid/" + id + ".mp4", Map.of()));
      case "fail" -> tasks.fail(id, command.path("error").asText("failed"));
      default -> throw new IllegalArgumentException("unknown task op " + command);
    }
  }

  private void start() throws Exception {
    Limits.Builder limits = Limits.builder();
    if (options.has("rate")) {
      limits.messageRate(options.path("rate").get(0).asDouble(), options.path("rate").get(1).asInt());
    }
    if (options.has("strikes")) {
      limits.rateLimitStrikes(options.path("strikes").asInt());
    }
    hub = Hub.builder()
        .authenticator(TokenAuthenticator.of(Map.of("good", "alice", "bob-token", "bob")))
        .limits(limits.build())
        .registerType("echo", Echo.class)
        .broker(new InMemoryBroker(options.path("history").asInt(InMemoryBroker.DEFAULT_HISTORY_SIZE), 100))
        .topicAuthorizer(new TopicAuthorizer() {
          @Override
          public boolean canSubscribe(Principal principal, String topic) {
            return true;
          }

          @Override
          public boolean canSeePresence(Principal principal, String topic) {
            return topic.startsWith("room:");
          }
        })
        .presenceInfo(principal -> Map.of("name", principal.userId().toUpperCase()))
        .presenceEvents(topic -> topic.startsWith("room:"))
        .build();
    hub.onCustomRequest("echo", (request, ctx) -> {
      Echo echo = (Echo) request.payload();
      later.schedule(() -> ctx.reply(new CustomEvent<>("echo", echo)), echo.delayMs(), TimeUnit.MILLISECONDS);
    });
    log = LogStream.create();
    logs = RunningLogFeature.install(hub, log, RunningLogOptions.defaults()
        .withBatchInterval(Duration.ofMillis(options.path("logBatchMs").asLong(100))));
    tasks = TaskRegistry.builder().build();
    taskFeature = TaskFeature.builder(hub, tasks)
        .endpoint("/tasks", TaskVocabulary.TASK_TOPICS)
        .endpoint("/gen", TaskVocabulary.TASK_STATUS_UPDATE)
        .endpoint("/video", TaskVocabulary.TASK_UPDATED)
        .install();
    List<EndpointSpec> endpoints = List.of(
        EndpointSpec.builder("/flat").auth(AuthMode.FIRST_MESSAGE).dialect(Dialect.FLAT).build(),
        EndpointSpec.builder("/std").auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.STANDARD)
            .declaredTopics(topics).build(),
        EndpointSpec.builder("/iso").auth(AuthMode.BEARER_HEADER).dialect(Dialect.ENVELOPE_ISO)
            .declaredTopics(topics).build(),
        EndpointSpec.builder("/tasks").auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.ENVELOPE_MILLIS)
            .declaredTopics(Set.of(TaskTopics.PROGRESS, TaskTopics.STATUS)).build(),
        EndpointSpec.builder("/gen").auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.FLAT).build(),
        EndpointSpec.builder("/rooms").auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.STANDARD).build(),
        EndpointSpec.builder("/video").auth(AuthMode.FIRST_MESSAGE).dialect(Dialect.PAYLOAD_MILLIS).build());
    PushServer.Builder builder = PushServer.builder().host("127.0.0.1").port(port).hub(hub)
        .shutdownTimeout(Duration.ofSeconds(2));
    endpoints.forEach(builder::endpoint);
    server = builder.build().start();
    port = server.port();
  }

  private void stop() {
    if (server == null) {
      return;
    }
    server.close();
    taskFeature.close();
    logs.close();
    hub.close();
    server = null;
  }
}
