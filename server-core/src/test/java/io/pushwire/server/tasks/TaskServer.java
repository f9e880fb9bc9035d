package io.pushwire.server.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.server.Dialect;
import io.pushwire.server.EndpointSpec;
import io.pushwire.server.Hub;
import io.pushwire.server.Limits;
import io.pushwire.server.PushServer;
import io.pushwire.server.TestServers;
import io.pushwire.server.WsClient;
import io.pushwire.server.auth.AuthMode;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A real server on 127.0.0.1 with the task feature on three endpoints, one per document, as an
 * application would mount them.
 */
final class TaskServer implements AutoCloseable {

  static final String SEED_002 = "/video-generation_status";
  static final String SEED_003 = "/ws/task";
  static final String SEED_004 = "/ws/video";

  final Hub hub;
  final PushServer server;
  final TaskRegistry registry;
  final TaskFeature feature;

  private TaskServer(Limits limits, UnaryOperator<TaskRegistry.Builder> registryConfig,
      UnaryOperator<TaskFeature.Builder> featureConfig) {
    hub = TestServers.hub().limits(limits).build();
    registry = registryConfig.apply(TaskRegistry.builder()).build();
    feature = featureConfig.apply(TaskFeature.builder(hub, registry)
            .endpoint(SEED_002, TaskVocabulary.TASK_STATUS_UPDATE)
            .endpoint(SEED_003, TaskVocabulary.TASK_TOPICS)
            .endpoint(SEED_004, TaskVocabulary.TASK_UPDATED))
        .install();
    server = TestServers.start(hub,
        EndpointSpec.builder(SEED_002).auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.FLAT).build(),
        EndpointSpec.builder(SEED_003).auth(AuthMode.QUERY_PARAMETER).dialect(Dialect.ENVELOPE_MILLIS)
            .topicsQueryParameter(true).declaredTopics(Set.of(TaskTopics.PROGRESS, TaskTopics.STATUS)).build(),
        EndpointSpec.builder(SEED_004).auth(AuthMode.FIRST_MESSAGE).dialect(Dialect.PAYLOAD_MILLIS).build());
  }

  static TaskServer start() {
    return start(Limits.defaults(), r -> r, f -> f);
  }

  static TaskServer start(UnaryOperator<TaskRegistry.Builder> registry, UnaryOperator<TaskFeature.Builder> feature) {
    return start(Limits.defaults(), registry, feature);
  }

  static TaskServer start(Limits limits, UnaryOperator<TaskRegistry.Builder> registry,
      UnaryOperator<TaskFeature.Builder> feature) {
    return new TaskServer(limits, registry, feature);
  }

  /** A seed 002 client: flat frames, token in the query. */
  WsClient seed002(String token) {
    return WsClient.connect(TestServers.url(server, SEED_002 + "?token=" + token));
  }

  /** A seed 003 client; {@code query} is appended after the token (e.g. {@code &topics=task:status}). */
  WsClient seed003(String token, String query) {
    return WsClient.connect(TestServers.url(server, SEED_003 + "?token=" + token + query));
  }

  /** A seed 004 client, authenticated by its first message as seed 004 sends it. */
  WsClient seed004(String token) {
    WsClient client = WsClient.connect(TestServers.url(server, SEED_004));
    client.send("{\"type\":\"auth\",\"payload\":{\"token\":\"" + token + "\"}}");
    client.await(n -> "auth ok".equals(n.path("message").asText()));
    return client;
  }

  /** Frames of {@code type} that satisfy {@code test}, in arrival order. */
  static List<JsonNode> frames(WsClient client, String type, Predicate<JsonNode> test) {
    return client.ofType(type).stream().filter(test).toList();
  }

  /** Frames of {@code type} about task {@code id} under {@code field} at {@code path} (e.g. "data", "task_id"). */
  static List<JsonNode> about(WsClient client, String type, String envelope, String idField, String id) {
    return frames(client, type, n -> id.equals(body(n, envelope).path(idField).asText()));
  }

  /**
   * Returns once the client has every frame the server queued for it before this call: a ping's
   * pong queues behind them. Lets a test say "nothing else came" without waiting for time to pass.
   */
  static void barrier(WsClient client) {
    String id = "barrier-" + BARRIERS.incrementAndGet();
    client.send("{\"type\":\"ping\",\"id\":\"" + id + "\"}");
    client.await(n -> "pong".equals(n.path("type").asText()) && id.equals(n.path("id").asText()));
  }

  private static final java.util.concurrent.atomic.AtomicLong BARRIERS = new java.util.concurrent.atomic.AtomicLong();

  /** Parses a recorded frame; the server only sends JSON, so a parse failure fails the test. */
  static JsonNode parse(String frame) {
    try {
      return WsClient.JSON.readTree(frame);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError("server sent invalid JSON: " + frame, e);
    }
  }

  /** Every recorded frame, parsed, in arrival order. */
  static List<JsonNode> all(WsClient client) {
    return client.frames.stream().map(TaskServer::parse).toList();
  }

  static JsonNode body(JsonNode frame, String envelope) {
    return envelope == null ? frame : frame.path(envelope);
  }

  @Override
  public void close() {
    feature.close();
    server.close();
    hub.close();
  }
}
