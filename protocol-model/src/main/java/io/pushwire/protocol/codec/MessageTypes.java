package io.pushwire.protocol.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.pushwire.protocol.Ack;
import io.pushwire.protocol.AlertResolved;
import io.pushwire.protocol.AlertTriggered;
import io.pushwire.protocol.Auth;
import io.pushwire.protocol.CommonReply;
import io.pushwire.protocol.Config;
import io.pushwire.protocol.Connection;
import io.pushwire.protocol.CustomEvent;
import io.pushwire.protocol.CustomMetric;
import io.pushwire.protocol.ErrorMessage;
import io.pushwire.protocol.GetRunningLog;
import io.pushwire.protocol.GetTask;
import io.pushwire.protocol.GetTasks;
import io.pushwire.protocol.Message;
import io.pushwire.protocol.MetricsHistory;
import io.pushwire.protocol.Ping;
import io.pushwire.protocol.Presence;
import io.pushwire.protocol.PresenceJoin;
import io.pushwire.protocol.PresenceLeave;
import io.pushwire.protocol.PresenceResult;
import io.pushwire.protocol.Pong;
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
import io.pushwire.protocol.TaskList;
import io.pushwire.protocol.TaskProgress;
import io.pushwire.protocol.TaskStatus;
import io.pushwire.protocol.TaskStatusUpdate;
import io.pushwire.protocol.TaskUpdated;
import io.pushwire.protocol.Unsubscribe;
import io.pushwire.protocol.UnsubscribeTask;
import io.pushwire.protocol.UnsubscribeTasks;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The table of built-in message types: wire name, record class, and the envelope its seed uses.
 * Immutable; safe from any thread.
 */
public final class MessageTypes {

  /** One row: a wire type, how to pick the record class from the body, its default envelope. */
  record Row(String type, Envelope envelope, Function<JsonNode, Class<? extends Message>> classOf,
      List<Class<? extends Message>> classes) {

    static Row of(String type, Envelope envelope, Class<? extends Message> cls) {
      return new Row(type, envelope, body -> cls, List.of(cls));
    }
  }

  private static final Map<String, Row> BY_TYPE;
  private static final Map<Class<?>, Row> BY_CLASS;

  static {
    List<Row> rows = List.of(
        // seed 000: flat
        Row.of("auth", Envelope.FLAT, Auth.class),
        Row.of("common_reply", Envelope.FLAT, CommonReply.class),
        Row.of("get_running_log", Envelope.FLAT, GetRunningLog.class),
        Row.of("running_log", Envelope.FLAT, RunningLog.class),
        Row.of("sub_download_jobs", Envelope.FLAT, SubDownloadJobs.class),
        // seed 001: data envelope
        Row.of("connection", Envelope.DATA, Connection.class),
        new Row("performance", Envelope.DATA,
            body -> body.has("metric_name") ? CustomMetric.class : SystemMetrics.class,
            List.of(SystemMetrics.class, CustomMetric.class)),
        new Row("alert", Envelope.DATA,
            body -> "resolved".equals(body.path("status").asText()) ? AlertResolved.class
                : AlertTriggered.class,
            List.of(AlertTriggered.class, AlertResolved.class)),
        Row.of("status", Envelope.DATA, Status.class),
        Row.of("config", Envelope.DATA, Config.class),
        Row.of("system", Envelope.DATA, SystemEvent.class),
        Row.of("subscribe", Envelope.DATA, Subscribe.class),
        Row.of("unsubscribe", Envelope.DATA, Unsubscribe.class),
        Row.of("request_data", Envelope.DATA, RequestData.class),
        Row.of("metrics_history", Envelope.DATA, MetricsHistory.class), // Pushwire extension: request_data's reply
        Row.of("ping", Envelope.DATA, Ping.class),
        Row.of("pong", Envelope.DATA, Pong.class),
        Row.of("error", Envelope.ERROR, ErrorMessage.class),
        // seed 003: data envelope
        Row.of("get_task", Envelope.DATA, GetTask.class),
        Row.of("get_tasks", Envelope.DATA, GetTasks.class),
        Row.of("task_progress", Envelope.DATA, TaskProgress.class),
        Row.of("task_status", Envelope.DATA, TaskStatus.class),
        Row.of("task_list", Envelope.DATA, TaskList.class),
        // seed 002: Socket.IO event arguments, flat on a plain WebSocket
        Row.of("subscribeTasks", Envelope.FLAT, SubscribeTasks.class),
        Row.of("unsubscribeTasks", Envelope.FLAT, UnsubscribeTasks.class),
        Row.of("ack", Envelope.FLAT, Ack.class),
        Row.of("taskStatusUpdate", Envelope.FLAT, TaskStatusUpdate.class),
        // seed 004: payload envelope
        Row.of("subscribe_task", Envelope.PAYLOAD, SubscribeTask.class),
        Row.of("unsubscribe_task", Envelope.PAYLOAD, UnsubscribeTask.class),
        Row.of("requestTaskStatus", Envelope.PAYLOAD, RequestTaskStatus.class),
        Row.of("requestMultipleTaskStatus", Envelope.PAYLOAD, RequestMultipleTaskStatus.class),
        Row.of("taskUpdated", Envelope.PAYLOAD, TaskUpdated.class),
        // Pushwire extensions
        Row.of("presence", Envelope.DATA, Presence.class),
        Row.of("presence_result", Envelope.DATA, PresenceResult.class),
        Row.of("presence_join", Envelope.DATA, PresenceJoin.class),
        Row.of("presence_leave", Envelope.DATA, PresenceLeave.class));
    Map<String, Row> byType = new LinkedHashMap<>();
    Map<Class<?>, Row> byClass = new LinkedHashMap<>();
    for (Row row : rows) {
      byType.put(row.type(), row);
      row.classes().forEach(c -> byClass.put(c, row));
    }
    BY_TYPE = Collections.unmodifiableMap(byType);
    BY_CLASS = Collections.unmodifiableMap(byClass);
  }

  private MessageTypes() {
  }

  /** Every built-in wire type name, in seed order. */
  public static Set<String> builtInTypes() {
    return BY_TYPE.keySet();
  }

  /** The wire type name of {@code message}. */
  public static String typeOf(Message message) {
    if (message instanceof CustomEvent<?> custom) {
      return custom.type();
    }
    return BY_CLASS.get(message.getClass()).type();
  }

  /**
   * The envelope the message's seed uses. {@link CustomEvent}s default to {@link Envelope#DATA};
   * a codec with a registration for the type knows better ({@link PushwireCodec#frame}).
   */
  public static Envelope defaultEnvelope(Message message) {
    if (message instanceof CustomEvent<?>) {
      return Envelope.DATA;
    }
    return BY_CLASS.get(message.getClass()).envelope();
  }

  static Row row(String type) {
    return BY_TYPE.get(type);
  }
}
