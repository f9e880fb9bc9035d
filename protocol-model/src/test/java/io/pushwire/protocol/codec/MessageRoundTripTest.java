package io.pushwire.protocol.codec;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pushwire.protocol.Ack;
import io.pushwire.protocol.AlertLevel;
import io.pushwire.protocol.AlertResolved;
import io.pushwire.protocol.AlertStatus;
import io.pushwire.protocol.AlertTriggered;
import io.pushwire.protocol.Auth;
import io.pushwire.protocol.CommonReply;
import io.pushwire.protocol.Config;
import io.pushwire.protocol.Connection;
import io.pushwire.protocol.ConnectionStatus;
import io.pushwire.protocol.CustomEvent;
import io.pushwire.protocol.CustomMetric;
import io.pushwire.protocol.DownloadJobs;
import io.pushwire.protocol.ErrorCode;
import io.pushwire.protocol.ErrorMessage;
import io.pushwire.protocol.GenerationStatus;
import io.pushwire.protocol.GetRunningLog;
import io.pushwire.protocol.GetTask;
import io.pushwire.protocol.GetTasks;
import io.pushwire.protocol.JobStatus;
import io.pushwire.protocol.LogBatch;
import io.pushwire.protocol.LogLevel;
import io.pushwire.protocol.LogLine;
import io.pushwire.protocol.Message;
import io.pushwire.protocol.MetricsHistory;
import io.pushwire.protocol.NetworkIo;
import io.pushwire.protocol.Ping;
import io.pushwire.protocol.Pong;
import io.pushwire.protocol.Progress;
import io.pushwire.protocol.RequestData;
import io.pushwire.protocol.RequestMultipleTaskStatus;
import io.pushwire.protocol.RequestTaskStatus;
import io.pushwire.protocol.RunningLog;
import io.pushwire.protocol.Status;
import io.pushwire.protocol.SubDownloadJobs;
import io.pushwire.protocol.Subscribe;
import io.pushwire.protocol.SubscribeTask;
import io.pushwire.protocol.SubscribeTasks;
import io.pushwire.protocol.SystemEvent;
import io.pushwire.protocol.SystemMetrics;
import io.pushwire.protocol.TaskInfo;
import io.pushwire.protocol.TaskList;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.protocol.TaskState;
import io.pushwire.protocol.TaskStatus;
import io.pushwire.protocol.TaskStatusUpdate;
import io.pushwire.protocol.TaskUpdated;
import io.pushwire.protocol.Unsubscribe;
import io.pushwire.protocol.UnsubscribeTask;
import io.pushwire.protocol.UnsubscribeTasks;
import io.pushwire.protocol.VideoCard;
import io.pushwire.protocol.VideoTaskStatus;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in message type, with every field set, survives encode then decode in every envelope
 * and timestamp format; and an application's own type does too.
 */
class MessageRoundTripTest {

  // Millisecond precision, so the epoch-millis format loses nothing.
  private static final Instant T1 = Instant.parse("2024-01-01T12:00:00.123Z");
  private static final Instant T2 = Instant.parse("2024-01-01T12:10:00Z");
  private static final LocalDateTime LOCAL = LocalDateTime.of(2022, 2, 11, 8, 51, 16);
  private static final Progress PROGRESS = new Progress(100, 45, 1, "处理 BTCUSDT", 45.5, "Downloading 2024-01-01");

  /**
   * A representative instance of every built-in wire type, all fields set. A wire type with two
   * record classes ({@code performance}, {@code alert}) lists one of each.
   */
  private static final Map<String, List<Message>> SAMPLES = Map.ofEntries(
      entry("auth", List.of(new Auth("tok-123"))),
      entry("common_reply", List.of(new CommonReply("auth ok"))),
      entry("get_running_log", List.of(GetRunningLog.resumeFrom(120, 3))),
      entry("running_log", List.of(new RunningLog(new LogBatch(120, List.of(
          new LogLine(LogLevel.INFO, LOCAL, "ChineseSubFinder Version: unknow"),
          new LogLine(LogLevel.WARNING, LOCAL.plusSeconds(1), "Need do Setup")), 3L, 5L)))),
      entry("sub_download_jobs", List.of(new SubDownloadJobs(new DownloadJobs(
          JobStatus.WAITING, LOCAL, 10, 1000, "电影名称", 10, 1500, "第一季 第一集")))),
      entry("connection", List.of(new Connection(
          ConnectionStatus.CONNECTED, "client_12345", T1, ErrorCode.AUTH_FAILED, "认证失败"))),
      entry("performance", List.of(
          new SystemMetrics(45.2, 67.8, 55.1, new NetworkIo(1_048_576_000L, 2_097_152_000L), 125),
          new CustomMetric("api_response_time", 150.0, "ms", "performance",
              Map.of("endpoint", "/api/v1/config", "method", "GET")))),
      entry("alert", List.of(
          new AlertTriggered("alert_12345", "cpu", AlertLevel.WARNING, "CPU使用率过高", "CPU使用率达到 85%",
              85.2, 80.0, AlertStatus.ACTIVE,
              Map.of("affected_processes", List.of("python", "qbittorrent"), "suggestion", "检查进程")),
          new AlertResolved("alert_12345", "cpu", AlertLevel.CRITICAL, T2, "restarted service", "admin"))),
      entry("status", List.of(new Status("qbittorrent_client", "connected", T1, T2,
          Map.of("processed_count", 25, "failed_adds", 2),
          Map.of("host", "localhost", "port", 8080, "version", "v4.5.0")))),
      entry("config", List.of(new Config("updated", List.of("check_interval", "log_level"),
          Map.of("check_interval", 1.5, "log_level", "INFO"),
          Map.of("check_interval", 5.5, "log_level", "DEBUG"), "system"))),
      entry("system", List.of(new SystemEvent("service_restart", "qbittorrent_monitor", "configuration_update",
          Map.of("previous_uptime", 86400, "new_pid", 12345)))),
      entry("subscribe", List.of(new Subscribe(List.of("alert.cpu", "alert.memory"), List.of("task:progress"),
          Map.of("level", List.of("warning", "critical"))))),
      entry("unsubscribe", List.of(new Unsubscribe(List.of("alert.cpu"), List.of("task:status")))),
      entry("request_data", List.of(new RequestData(List.of("cpu_percent", "memory_percent"), 10))),
      entry("metrics_history", List.of(new MetricsHistory(10, Map.of(
          "cpu_percent", new MetricsHistory.Series("%", List.of(
              new MetricsHistory.Sample(T1, 45.2), new MetricsHistory.Sample(T2, 85.2)), true),
          "api_response_time", new MetricsHistory.Series(null, List.of(), false))))),
      entry("ping", List.of(new Ping())),
      entry("pong", List.of(new Pong(T1))),
      entry("error", List.of(new ErrorMessage(ErrorCode.RATE_LIMIT_EXCEEDED, "消息频率超限",
          Map.of("limit_per_minute", 600), 60_000L))),
      entry("get_task", List.of(new GetTask("task_123"))),
      entry("get_tasks", List.of(new GetTasks(TaskState.RUNNING))),
      entry("task_progress", List.of(new TaskProgress("task_123", PROGRESS))),
      entry("task_status", List.of(new TaskStatus("task_123", TaskState.FAILED, T1, T2, "disk full"))),
      entry("task_list", List.of(new TaskList(List.of(
          new TaskInfo("task_123", TaskState.RUNNING, PROGRESS, T1, T2),
          new TaskInfo("task_124", TaskState.COMPLETED, PROGRESS, T1, T2))))),
      entry("subscribeTasks", List.of(new SubscribeTasks(List.of("gen_1001", "gen_1002")))),
      entry("unsubscribeTasks", List.of(new UnsubscribeTasks(List.of("gen_1001")))),
      entry("ack", List.of(new Ack(false, "invalid task id: gen_9999"),
          Ack.ok(Map.of("task:progress", io.pushwire.protocol.StreamState.incomplete(12, "e-1",
              io.pushwire.protocol.RecoveryReason.HISTORY_TOO_SHORT))))),
      entry("taskStatusUpdate", List.of(new TaskStatusUpdate("gen_1001", GenerationStatus.DONE,
          new VideoCard("gen_1001", "done", "Harbour", "Boats at dusk", "https://cdn.example.com/t.jpg",
              "https://cdn.example.com/v.mp4", "2025-01-10T08:00:00.000Z", "2025-01-10T08:02:31.000Z",
              Map.of("duration", 10))))),
      entry("subscribe_task", List.of(new SubscribeTask("video_1"))),
      entry("unsubscribe_task", List.of(new UnsubscribeTask("video_1"))),
      entry("requestTaskStatus", List.of(new RequestTaskStatus("video_1"))),
      entry("requestMultipleTaskStatus", List.of(new RequestMultipleTaskStatus(List.of("video_1", "video_2")))),
      entry("taskUpdated", List.of(new TaskUpdated("video_1", VideoTaskStatus.FAILED, 40,
          "http://external-api.invalid/sora/videos/1.mp4", "content policy violation"))),
      entry("presence", List.of(new io.pushwire.protocol.Presence("room:1"))),
      entry("presence_result", List.of(new io.pushwire.protocol.PresenceResult("room:1", 3, 2, List.of(
          new io.pushwire.protocol.PresenceResult.Client("c1", "alice", "tab-1", Map.of("name", "Alice")),
          new io.pushwire.protocol.PresenceResult.Client("c2", "bob", "tab-2", null)), true))),
      entry("presence_join", List.of(new io.pushwire.protocol.PresenceJoin("room:1",
          new io.pushwire.protocol.PresenceResult.Client("c1", "alice", "tab-1", Map.of("name", "Alice"))))),
      entry("presence_leave", List.of(new io.pushwire.protocol.PresenceLeave("room:1",
          new io.pushwire.protocol.PresenceResult.Client("c2", "bob", "tab-2", null)))));

  /** An application's own message payload, for the {@link CustomEvent} tests. */
  record DeployFinished(String service, int build, List<String> hosts) {
  }

  @Test
  void sampleTableCoversEveryBuiltInType() {
    assertEquals(new TreeSet<>(MessageTypes.builtInTypes()), new TreeSet<>(SAMPLES.keySet()));
  }

  static Stream<Arguments> samplesInEveryEnvelopeAndTimestampFormat() {
    List<Arguments> cases = new ArrayList<>();
    for (String type : MessageTypes.builtInTypes()) {
      for (Message message : SAMPLES.getOrDefault(type, List.of())) {
        for (Envelope envelope : envelopesFor(message)) {
          for (TimestampFormat format : TimestampFormat.values()) {
            cases.add(Arguments.of(type, message.getClass().getSimpleName(), envelope, format, message));
          }
        }
      }
    }
    return cases.stream();
  }

  /**
   * FLAT, DATA and PAYLOAD for everyone, plus ERROR for {@code error}. An {@code alert} body has
   * its own {@code type} field, which a FLAT frame cannot hold beside the frame's
   * ({@link #encodingAnAlertFlatIsRefused}).
   */
  private static List<Envelope> envelopesFor(Message message) {
    List<Envelope> envelopes = new ArrayList<>(List.of(Envelope.DATA, Envelope.PAYLOAD));
    if (!(message instanceof AlertTriggered || message instanceof AlertResolved)) {
      envelopes.add(0, Envelope.FLAT);
    }
    if (message instanceof ErrorMessage) {
      envelopes.add(Envelope.ERROR);
    }
    return envelopes;
  }

  @ParameterizedTest(name = "{0} {1} in {2}, {3}")
  @MethodSource("samplesInEveryEnvelopeAndTimestampFormat")
  void decodesToTheFrameThatWasEncoded(String type, String recordName, Envelope envelope, TimestampFormat format,
      Message message) throws DecodeException {
    PushwireCodec codec = PushwireCodec.builder().timestampFormat(format).build();
    Frame sent = new Frame(message, "req-42", T1, envelope);

    Frame received = codec.decodeFrame(codec.encode(sent));

    assertEquals(sent, received);
  }

  @ParameterizedTest
  @EnumSource(TimestampFormat.class)
  void encodingAnAlertFlatIsRefused(TimestampFormat format) {
    PushwireCodec codec = PushwireCodec.builder().timestampFormat(format).build();
    Message alert = SAMPLES.get("alert").get(0);

    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> codec.encode(new Frame(alert, "a1", T1, Envelope.FLAT)));

    assertTrue(refused.getMessage().contains("\"type\""), refused.getMessage());
  }

  @ParameterizedTest
  @EnumSource(value = Envelope.class, names = {"FLAT", "DATA", "PAYLOAD"})
  void customEventDecodesToItsRegisteredPayload(Envelope envelope) throws DecodeException {
    PushwireCodec codec = PushwireCodec.builder()
        .register("deploy_finished", DeployFinished.class, envelope)
        .build();
    CustomEvent<DeployFinished> event =
        new CustomEvent<>("deploy_finished", new DeployFinished("billing", 812, List.of("a", "b")));
    Frame sent = codec.frame(event).withId("d-1").withTimestamp(T1);

    Frame received = codec.decodeFrame(codec.encode(sent));

    assertEquals(envelope, sent.envelope());
    assertEquals(sent, received);
  }

  @Test
  void registeringABuiltInTypeNameFails() {
    PushwireCodec.Builder builder = PushwireCodec.builder();

    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> builder.register("alert", DeployFinished.class));

    assertTrue(refused.getMessage().contains("built-in"), refused.getMessage());
  }

  @Test
  void registeringTheSameTypeTwiceFails() {
    PushwireCodec.Builder builder = PushwireCodec.builder().register("deploy_finished", DeployFinished.class);

    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> builder.register("deploy_finished", DeployFinished.class));

    assertTrue(refused.getMessage().contains("already registered"), refused.getMessage());
  }
}
