package io.pushwire.server.tasks;

import static io.pushwire.server.tasks.TaskServer.barrier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pushwire.server.TestServers;
import io.pushwire.server.WsClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seed 004's refresh from a third-party API, against a stub HTTP API on 127.0.0.1 that this test
 * starts: what the API answers updates the task, reaches its subscribers and answers the request;
 * an API that fails or is slow changes nothing and the client still gets the current state.
 */
class HttpStatusSourceTest {

  /** What the stub answers for one external id; {@code hang} holds the answer until the test releases it. */
  private record Answer(int status, String body, boolean hang) {
    static Answer ok(String body) {
      return new Answer(200, body, false);
    }
  }

  /** One request the stub received. */
  private record Received(String rawPath, String authorization) {
  }

  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private ExecutorService apiThreads;
  private HttpServer api;
  private TaskServer tasks;

  @BeforeEach
  void startApi() throws IOException {
    apiThreads = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "stub-api");
      t.setDaemon(true);
      return t;
    });
    api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    api.setExecutor(apiThreads);
    api.createContext("/sora/v1/videos/", this::serve);
    api.start();
  }

  private void serve(HttpExchange exchange) throws IOException {
    String rawPath = exchange.getRequestURI().getRawPath();
    received.add(new Received(rawPath, exchange.getRequestHeaders().getFirst("Authorization")));
    String externalId = java.net.URLDecoder.decode(rawPath.substring(rawPath.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
    Answer answer = answers.getOrDefault(externalId, new Answer(404, "{}", false));
    if (answer.hang()) {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @AfterEach
  void stop() {
    release.countDown();
    if (tasks != null) {
      tasks.close();
    }
    api.stop(0);
    apiThreads.shutdownNow();
  }

  private String template() {
    return "http://127.0.0.1:" + api.getAddress().getPort() + "/sora/v1/videos/{externalId}";
  }

  private void start(UnaryOperator<HttpStatusSource.Builder> source, Duration refreshTimeout) {
    HttpStatusSource built = source.apply(HttpStatusSource.builder(template()).header("Authorization", "sk-test")).build();
    tasks = TaskServer.start(r -> r.statusSource(built).refreshTimeout(refreshTimeout), f -> f);
  }

  private void start() {
    start(s -> s, Duration.ofSeconds(10));
  }

  /** A live task known to the API as {@code ext_<id>}. */
  private void processing(String id) {
    tasks.registry.create(NewTask.of(id).ownedBy("alice").withExternalId("ext_" + id));
    tasks.registry.start(id);
  }

  private static JsonNode request(WsClient client, String type, String id, String payload) {
    client.send("{\"type\":\"" + type + "\",\"id\":\"" + id + "\",\"payload\":" + payload + "}");
    return client.await(n -> id.equals(n.path("id").asText()));
  }

  @Test
  void requestTaskStatusRefreshesALiveTaskAndPushesTheAnswerToItsSubscribers() {
    start();
    processing("video_1");
    answers.put("ext_video_1", Answer.ok("{\"status\":\"completed\",\"video_url\":\"http://127.0.0.1/v/1.mp4\",\"progress\":100}"));
    try (WsClient bob = tasks.seed004(TestServers.BOB_TOKEN); WsClient alice = tasks.seed004(TestServers.TOKEN)) {
      assertEquals("PROCESSING", request(bob, "subscribe_task", "s", "{\"videoId\":\"video_1\"}")
          .path("payload").path("status").asText());

      JsonNode reply = request(alice, "requestTaskStatus", "r1", "{\"videoId\":\"video_1\"}");
      assertEquals("COMPLETED", reply.path("payload").path("status").asText());
      assertEquals("http://127.0.0.1/v/1.mp4", reply.path("payload").path("videoUrl").asText());
      assertEquals(100, reply.path("payload").path("progress").asInt());

      JsonNode pushed = bob.await(n -> "COMPLETED".equals(n.path("payload").path("status").asText()));
      assertEquals("http://127.0.0.1/v/1.mp4", pushed.path("payload").path("videoUrl").asText());
      assertEquals(TaskPhase.COMPLETED, tasks.registry.get("video_1").orElseThrow().phase());
    }
  }

  @Test
  void theApiIsAskedAtTheTemplateUrlWithTheAuthHeader() {
    start();
    tasks.registry.create(NewTask.of("video_2").withExternalId("ext 2/b"));
    answers.put("ext 2/b", Answer.ok("{\"status\":\"processing\",\"progress\":30}"));
    try (WsClient client = tasks.seed004(TestServers.TOKEN)) {
      JsonNode reply = request(client, "requestTaskStatus", "r1", "{\"videoId\":\"video_2\"}");
      assertEquals("PROCESSING", reply.path("payload").path("status").asText());
      assertEquals(30, reply.path("payload").path("progress").asInt());
      assertEquals(List.of(new Received("/sora/v1/videos/ext%202%2Fb", "sk-test")), received);
    }
  }

  @Test
  void aSlowApiIsGivenUpAfterTheTimeoutAndTheCurrentStateIsSent() {
    start(s -> s, Duration.ofMillis(300));
    processing("video_3");
    answers.put("ext_video_3", new Answer(200, "{\"status\":\"completed\"}", true));
    try (WsClient client = tasks.seed004(TestServers.TOKEN)) {
      JsonNode reply = request(client, "requestTaskStatus", "r1", "{\"videoId\":\"video_3\"}");
      assertEquals("PROCESSING", reply.path("payload").path("status").asText());
      assertEquals(TaskPhase.RUNNING, tasks.registry.get("video_3").orElseThrow().phase());
    }
  }

  @Test
  void anApiErrorLeavesTheTaskUnchangedAndTheClientStillGetsItsState() {
    start();
    processing("video_4");
    answers.put("ext_video_4", new Answer(500, "{\"message\":\"upstream down\"}", false));
    try (WsClient client = tasks.seed004(TestServers.TOKEN)) {
      JsonNode reply = request(client, "requestTaskStatus", "r1", "{\"videoId\":\"video_4\"}");
      assertEquals("PROCESSING", reply.path("payload").path("status").asText());
      assertEquals(1, received.size());
      assertEquals(2, tasks.registry.get("video_4").orElseThrow().version(), "created, started, nothing since");
    }
  }

  @Test
  void anAnswerLargerThanTheBoundIsRefused() {
    start(s -> s.maxResponseBytes(64), Duration.ofSeconds(10));
    processing("video_5");
    answers.put("ext_video_5", Answer.ok("{\"status\":\"completed\",\"padding\":\"" + "x".repeat(1_000) + "\"}"));
    try (WsClient client = tasks.seed004(TestServers.TOKEN)) {
      JsonNode reply = request(client, "requestTaskStatus", "r1", "{\"videoId\":\"video_5\"}");
      assertEquals("PROCESSING", reply.path("payload").path("status").asText());
    }
  }

  @Test
  void finishedTasksAreAnsweredWithoutAskingTheApi() {
    start();
    tasks.registry.create(NewTask.of("video_6").withExternalId("ext_video_6"));
    tasks.registry.fail("video_6", "rejected");
    try (WsClient client = tasks.seed004(TestServers.TOKEN)) {
      JsonNode reply = request(client, "requestTaskStatus", "r1", "{\"videoId\":\"video_6\"}");
      assertEquals("FAILED", reply.path("payload").path("status").asText());
      assertEquals("rejected", reply.path("payload").path("error").asText());
      assertTrue(received.isEmpty());
    }
  }

  @Test
  void requestMultipleTaskStatusSendsEachAnswerAsSoonAsItIsReady() {
    start(s -> s, Duration.ofSeconds(30));
    processing("slow");
    processing("fast");
    answers.put("ext_slow", new Answer(200, "{\"status\":\"completed\"}", true));
    answers.put("ext_fast", Answer.ok("{\"status\":\"failed\",\"error\":\"content policy violation\"}"));
    try (WsClient client = tasks.seed004(TestServers.TOKEN)) {
      client.send("{\"type\":\"requestMultipleTaskStatus\",\"id\":\"m\",\"payload\":{\"videoIds\":[\"slow\",\"fast\"]}}");
      JsonNode fast = client.await(n -> "m".equals(n.path("id").asText()) && "fast".equals(n.path("payload").path("videoId").asText()));
      assertEquals("FAILED", fast.path("payload").path("status").asText());
      assertEquals("content policy violation", fast.path("payload").path("error").asText());
      assertTrue(TaskServer.about(client, "taskUpdated", "payload", "videoId", "slow").stream()
          .noneMatch(n -> "m".equals(n.path("id").asText())), "the slow answer is not waited for");

      release.countDown();
      JsonNode slow = client.await(n -> "m".equals(n.path("id").asText()) && "slow".equals(n.path("payload").path("videoId").asText()));
      assertEquals("COMPLETED", slow.path("payload").path("status").asText());
    }
  }

  @Test
  void getTaskOnSeed003IsRefreshedTooAndTheNewProgressIsPushed() {
    start();
    processing("task_7");
    answers.put("ext_task_7", Answer.ok("{\"status\":\"processing\",\"progress\":60}"));
    try (WsClient watcher = tasks.seed003(TestServers.TOKEN, "&topics=task:progress");
        WsClient asker = tasks.seed003(TestServers.BOB_TOKEN, "")) {
      watcher.awaitType("ack");
      asker.send("{\"type\":\"get_task\",\"id\":\"g\",\"data\":{\"task_id\":\"task_7\"}}");
      assertEquals("running", asker.await(n -> "g".equals(n.path("id").asText())).path("data").path("status").asText());
      JsonNode progress = watcher.awaitType("task_progress");
      assertEquals(60, progress.path("data").path("progress").path("percentage").asInt());
    }
  }

  @Test
  void fieldsAndStatusWordsCanBeMappedForAnotherApi() {
    start(s -> s.statusField("data/state").phase("SUCCESS", TaskPhase.COMPLETED)
        .resultUrlField("/data/output/url").progressField("/data/pct"), Duration.ofSeconds(10));
    processing("video_8");
    answers.put("ext_video_8", Answer.ok("{\"data\":{\"state\":\"SUCCESS\",\"pct\":100,\"output\":{\"url\":\"http://127.0.0.1/8.mp4\"}}}"));
    try (WsClient client = tasks.seed004(TestServers.TOKEN)) {
      JsonNode reply = request(client, "requestTaskStatus", "r1", "{\"videoId\":\"video_8\"}");
      assertEquals("COMPLETED", reply.path("payload").path("status").asText());
      assertEquals("http://127.0.0.1/8.mp4", reply.path("payload").path("videoUrl").asText());
      barrier(client);
    }
  }
}
