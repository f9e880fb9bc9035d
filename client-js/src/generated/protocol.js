// GENERATED from protocol-model by io.pushwire.clientjs.codegen.ProtocolGenerator: do not edit.
// Regenerate with: mvn -B -q -o -pl client-js -am process-test-classes -Dpushwire.protocol=write

/** The server's dialects by name; `standard` is an alias. */
export const DIALECTS = Object.freeze({
  "flat": Object.freeze({ timestamps: "iso-8601", stampFrames: false, errorEnvelope: "flat" }),
  "envelope-iso": Object.freeze({ timestamps: "iso-8601", stampFrames: true, errorEnvelope: "data" }),
  "envelope-millis": Object.freeze({ timestamps: "epoch-millis", stampFrames: true, errorEnvelope: "error" }),
  "payload-millis": Object.freeze({ timestamps: "epoch-millis", stampFrames: true, errorEnvelope: "payload" }),
  "standard": Object.freeze({ timestamps: "epoch-millis", stampFrames: true, errorEnvelope: "error", alias: "envelope-millis" }),
});

/**
 * Every built-in message type: its default envelope, who sends it, and the fields every body of
 * it must carry (a frame without one is refused by the Java codec with MISSING_FIELD).
 */
export const MESSAGE_TYPES = Object.freeze({
  "auth": Object.freeze({ envelope: "flat", server: false, client: true, required: Object.freeze(["token"]) }),
  "common_reply": Object.freeze({ envelope: "flat", server: true, client: true, required: Object.freeze(["message"]) }),
  "get_running_log": Object.freeze({ envelope: "flat", server: false, client: true, required: Object.freeze([]) }),
  "running_log": Object.freeze({ envelope: "flat", server: true, client: false, required: Object.freeze(["log"]) }),
  "sub_download_jobs": Object.freeze({ envelope: "flat", server: true, client: false, required: Object.freeze(["jobs"]) }),
  "connection": Object.freeze({ envelope: "data", server: true, client: false, required: Object.freeze(["status"]) }),
  "performance": Object.freeze({ envelope: "data", server: true, client: false, required: Object.freeze([]) }),
  "alert": Object.freeze({ envelope: "data", server: true, client: false, required: Object.freeze(["alert_id", "type", "level", "status"]) }),
  "status": Object.freeze({ envelope: "data", server: true, client: false, required: Object.freeze(["component", "status"]) }),
  "config": Object.freeze({ envelope: "data", server: true, client: false, required: Object.freeze(["action"]) }),
  "system": Object.freeze({ envelope: "data", server: true, client: false, required: Object.freeze(["event"]) }),
  "subscribe": Object.freeze({ envelope: "data", server: false, client: true, required: Object.freeze([]) }),
  "unsubscribe": Object.freeze({ envelope: "data", server: false, client: true, required: Object.freeze([]) }),
  "request_data": Object.freeze({ envelope: "data", server: false, client: true, required: Object.freeze(["metrics"]) }),
  "metrics_history": Object.freeze({ envelope: "data", server: true, client: false, required: Object.freeze(["metrics"]) }),
  "ping": Object.freeze({ envelope: "data", server: false, client: true, required: Object.freeze([]) }),
  "pong": Object.freeze({ envelope: "data", server: true, client: false, required: Object.freeze([]) }),
  "error": Object.freeze({ envelope: "error", server: true, client: false, required: Object.freeze(["code"]) }),
  "get_task": Object.freeze({ envelope: "data", server: false, client: true, required: Object.freeze(["task_id"]) }),
  "get_tasks": Object.freeze({ envelope: "data", server: false, client: true, required: Object.freeze([]) }),
  "task_progress": Object.freeze({ envelope: "data", server: true, client: false, required: Object.freeze(["task_id", "progress"]) }),
  "task_status": Object.freeze({ envelope: "data", server: true, client: false, required: Object.freeze(["task_id", "status"]) }),
  "task_list": Object.freeze({ envelope: "data", server: true, client: false, required: Object.freeze(["tasks"]) }),
  "subscribeTasks": Object.freeze({ envelope: "flat", server: false, client: true, required: Object.freeze(["taskIds"]) }),
  "unsubscribeTasks": Object.freeze({ envelope: "flat", server: false, client: true, required: Object.freeze(["taskIds"]) }),
  "ack": Object.freeze({ envelope: "flat", server: true, client: false, required: Object.freeze(["success"]) }),
  "taskStatusUpdate": Object.freeze({ envelope: "flat", server: true, client: false, required: Object.freeze(["generateId", "status"]) }),
  "subscribe_task": Object.freeze({ envelope: "payload", server: false, client: true, required: Object.freeze(["videoId"]) }),
  "unsubscribe_task": Object.freeze({ envelope: "payload", server: false, client: true, required: Object.freeze(["videoId"]) }),
  "requestTaskStatus": Object.freeze({ envelope: "payload", server: false, client: true, required: Object.freeze(["videoId"]) }),
  "requestMultipleTaskStatus": Object.freeze({ envelope: "payload", server: false, client: true, required: Object.freeze(["videoIds"]) }),
  "taskUpdated": Object.freeze({ envelope: "payload", server: true, client: false, required: Object.freeze(["videoId", "status"]) }),
  "presence": Object.freeze({ envelope: "data", server: false, client: true, required: Object.freeze(["topic"]) }),
  "presence_result": Object.freeze({ envelope: "data", server: true, client: false, required: Object.freeze(["topic", "connections", "users", "clients", "truncated"]) }),
  "presence_join": Object.freeze({ envelope: "data", server: true, client: false, required: Object.freeze(["topic", "client"]) }),
  "presence_leave": Object.freeze({ envelope: "data", server: true, client: false, required: Object.freeze(["topic", "client"]) }),
});

/** `CloseCode`: every close code a Pushwire server sends, and whether a client reconnects after it. */
export const CLOSE_CODES = Object.freeze({
  1000: Object.freeze({ name: "NORMAL", reconnect: false }),
  1001: Object.freeze({ name: "GOING_AWAY", reconnect: true }),
  1006: Object.freeze({ name: "ABNORMAL", reconnect: true }),
  1008: Object.freeze({ name: "POLICY_VIOLATION", reconnect: true }),
  1009: Object.freeze({ name: "TOO_BIG", reconnect: true }),
  1011: Object.freeze({ name: "SERVER_ERROR", reconnect: true }),
  1013: Object.freeze({ name: "TRY_AGAIN_LATER", reconnect: true }),
  4000: Object.freeze({ name: "SLOW_CONSUMER", reconnect: true }),
  4001: Object.freeze({ name: "IDLE_TIMEOUT", reconnect: true }),
  4002: Object.freeze({ name: "AUTH_TIMEOUT", reconnect: true }),
  4003: Object.freeze({ name: "ACK_TIMEOUT", reconnect: true }),
  4500: Object.freeze({ name: "AUTH_FAILED", reconnect: false }),
  4501: Object.freeze({ name: "KICKED", reconnect: false }),
  4502: Object.freeze({ name: "PROTOCOL_MISMATCH", reconnect: false }),
});

/**
 * `CloseCode.shouldReconnect(code)` for every code 0-65535, as `[from, to, reconnect]` ranges in
 * order: the known codes as above; otherwise 4000-4499 reconnect, 4500-4999 do not, and any other
 * code reconnects except 1000 and 1003.
 */
export const RECONNECT_RANGES = Object.freeze([
  Object.freeze([0, 999, true]),
  Object.freeze([1000, 1000, false]),
  Object.freeze([1001, 1002, true]),
  Object.freeze([1003, 1003, false]),
  Object.freeze([1004, 4499, true]),
  Object.freeze([4500, 4999, false]),
  Object.freeze([5000, 65535, true]),
]);

/** `ErrorCode`: the codes of `error` messages. */
export const ERROR_CODES = Object.freeze(["INVALID_MESSAGE", "UNAUTHORIZED", "FORBIDDEN", "TOPIC_NOT_FOUND", "TASK_NOT_FOUND", "METRIC_NOT_FOUND", "SERVER_ERROR", "CONNECTION_FAILED", "AUTHENTICATION_FAILED", "AUTH_FAILED", "RATE_LIMIT_EXCEEDED", "SUBSCRIPTION_LIMIT_EXCEEDED", "UNSUPPORTED_REQUEST", "TIMEOUT", "UNKNOWN"]);

/** Every `WireEnum`: its wire values, and whether values this version does not know are read. */
export const ENUMS = Object.freeze({
  LogLevel: Object.freeze({ open: true, values: Object.freeze(["TRACE", "DEBUG", "INFO", "WARNING", "ERROR", "FATAL", "PANIC", "UNKNOWN"]) }),
  JobStatus: Object.freeze({ open: false, values: Object.freeze(["running", "waitting"]) }),
  ConnectionStatus: Object.freeze({ open: true, values: Object.freeze(["connected", "error", "unknown"]) }),
  ErrorCode: Object.freeze({ open: true, values: Object.freeze(["INVALID_MESSAGE", "UNAUTHORIZED", "FORBIDDEN", "TOPIC_NOT_FOUND", "TASK_NOT_FOUND", "METRIC_NOT_FOUND", "SERVER_ERROR", "CONNECTION_FAILED", "AUTHENTICATION_FAILED", "AUTH_FAILED", "RATE_LIMIT_EXCEEDED", "SUBSCRIPTION_LIMIT_EXCEEDED", "UNSUPPORTED_REQUEST", "TIMEOUT", "UNKNOWN"]) }),
  AlertLevel: Object.freeze({ open: true, values: Object.freeze(["info", "warning", "error", "critical", "unknown"]) }),
  AlertStatus: Object.freeze({ open: true, values: Object.freeze(["active", "acknowledged", "resolved", "unknown"]) }),
  TaskState: Object.freeze({ open: true, values: Object.freeze(["pending", "running", "completed", "failed", "cancelled", "unknown"]) }),
  GenerationStatus: Object.freeze({ open: false, values: Object.freeze(["generating", "done", "failed"]) }),
  VideoTaskStatus: Object.freeze({ open: true, values: Object.freeze(["QUEUED", "PROCESSING", "COMPLETED", "FAILED", "UNKNOWN"]) }),
});
