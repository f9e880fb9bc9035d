// GENERATED from protocol-model by io.pushwire.clientjs.codegen.ProtocolGenerator: do not edit.
// Regenerate with: mvn -B -q -o -pl client-js -am process-test-classes -Dpushwire.protocol=write

/** An instant as a dialect writes it: an ISO-8601 string or epoch milliseconds. */
export type Time = string | number;

// ---------------------------------------------------------------- dialects

/** The server's dialects by name (`Dialect.named`): how an endpoint writes its frames. */
export interface Dialects {
  "flat": { timestamps: "iso-8601"; stampFrames: false; errorEnvelope: "flat" };
  "envelope-iso": { timestamps: "iso-8601"; stampFrames: true; errorEnvelope: "data" };
  "envelope-millis": { timestamps: "epoch-millis"; stampFrames: true; errorEnvelope: "error" };
  "payload-millis": { timestamps: "epoch-millis"; stampFrames: true; errorEnvelope: "payload" };
  "standard": { timestamps: "epoch-millis"; stampFrames: true; errorEnvelope: "error" }; // = "envelope-millis"
}

/** A dialect name: `flat`, `envelope-iso`, `envelope-millis`, `payload-millis`, `standard`. */
export type DialectName = keyof Dialects;

/** The type of an instant in bodies written in dialect `D`. */
export type TimeOf<D extends DialectName> = Dialects[D]["timestamps"] extends "epoch-millis" ? number : string;

// ---------------------------------------------------------------- enumerations

/** `io.pushwire.protocol.LogLevel`: an open set; a value this version does not know is read as UNKNOWN. */
export type LogLevel = "TRACE" | "DEBUG" | "INFO" | "WARNING" | "ERROR" | "FATAL" | "PANIC" | "UNKNOWN";

/** `io.pushwire.protocol.JobStatus`: a closed set; any other value is refused. */
export type JobStatus = "running" | "waitting";

/** `io.pushwire.protocol.ConnectionStatus`: an open set; a value this version does not know is read as UNKNOWN. */
export type ConnectionStatus = "connected" | "error" | "unknown";

/** `io.pushwire.protocol.ErrorCode`: an open set; a value this version does not know is read as UNKNOWN. */
export type ErrorCode = "INVALID_MESSAGE" | "UNAUTHORIZED" | "FORBIDDEN" | "TOPIC_NOT_FOUND" | "TASK_NOT_FOUND" | "METRIC_NOT_FOUND" | "SERVER_ERROR" | "CONNECTION_FAILED" | "AUTHENTICATION_FAILED" | "AUTH_FAILED" | "RATE_LIMIT_EXCEEDED" | "SUBSCRIPTION_LIMIT_EXCEEDED" | "UNSUPPORTED_REQUEST" | "TIMEOUT" | "UNKNOWN";

/** `io.pushwire.protocol.AlertLevel`: an open set; a value this version does not know is read as UNKNOWN. */
export type AlertLevel = "info" | "warning" | "error" | "critical" | "unknown";

/** `io.pushwire.protocol.AlertStatus`: an open set; a value this version does not know is read as UNKNOWN. */
export type AlertStatus = "active" | "acknowledged" | "resolved" | "unknown";

/** `io.pushwire.protocol.TaskState`: an open set; a value this version does not know is read as UNKNOWN. */
export type TaskState = "pending" | "running" | "completed" | "failed" | "cancelled" | "unknown";

/** `io.pushwire.protocol.GenerationStatus`: a closed set; any other value is refused. */
export type GenerationStatus = "generating" | "done" | "failed";

/** `io.pushwire.protocol.VideoTaskStatus`: an open set; a value this version does not know is read as UNKNOWN. */
export type VideoTaskStatus = "QUEUED" | "PROCESSING" | "COMPLETED" | "FAILED" | "UNKNOWN";

// ---------------------------------------------------------------- records (message bodies and their parts)

/** `io.pushwire.protocol.Auth`. */
export interface Auth {
  token: string;
}

/** `io.pushwire.protocol.CommonReply`. */
export interface CommonReply {
  message: string;
}

/** `io.pushwire.protocol.GetRunningLog`. */
export interface GetRunningLog {
  from_index?: number;
  epoch?: number;
}

/** `io.pushwire.protocol.RunningLog`. */
export interface RunningLog {
  log: LogBatch;
}

/** `io.pushwire.protocol.LogBatch`. */
export interface LogBatch {
  index: number;
  log_lines: LogLine[];
  epoch?: number;
  lost?: number;
}

/** `io.pushwire.protocol.LogLine`. */
export interface LogLine {
  level: LogLevel;
  date_time: string;
  content: string;
}

/** `io.pushwire.protocol.SubDownloadJobs`. */
export interface SubDownloadJobs {
  jobs: DownloadJobs;
}

/** `io.pushwire.protocol.DownloadJobs`. */
export interface DownloadJobs {
  status: JobStatus;
  started_time: string;
  working_unit_index: number;
  unit_count: number;
  working_unit_name?: string;
  working_video_index: number;
  video_count: number;
  working_video_name?: string;
}

/** `io.pushwire.protocol.Connection`. */
export interface Connection<T extends Time = Time> {
  status: ConnectionStatus;
  client_id?: string;
  server_time?: T;
  error_code?: ErrorCode;
  message?: string;
}

/** `io.pushwire.protocol.SystemMetrics`. */
export interface SystemMetrics {
  cpu_percent?: number;
  memory_percent?: number;
  disk_usage_percent?: number;
  network_io?: NetworkIo;
  process_count?: number;
}

/** `io.pushwire.protocol.NetworkIo`. */
export interface NetworkIo {
  bytes_sent: number;
  bytes_recv: number;
}

/** `io.pushwire.protocol.CustomMetric`. */
export interface CustomMetric {
  metric_name: string;
  value: number;
  unit?: string;
  category?: string;
  tags?: Record<string, string>;
}

/** `io.pushwire.protocol.AlertTriggered`. */
export interface AlertTriggered {
  alert_id: string;
  type: string;
  level: AlertLevel;
  title?: string;
  message?: string;
  value?: number;
  threshold?: number;
  status: AlertStatus;
  metadata?: Record<string, unknown>;
}

/** `io.pushwire.protocol.AlertResolved`. */
export interface AlertResolved {
  alert_id: string;
  type: string;
  level: AlertLevel;
  resolved_at?: string;
  resolution?: string;
  resolved_by?: string;
  status: "resolved";
}

/** `io.pushwire.protocol.Status`. */
export interface Status {
  component: string;
  status: string;
  last_check?: string;
  last_activity?: string;
  details?: Record<string, unknown>;
  connection_info?: Record<string, unknown>;
}

/** `io.pushwire.protocol.Config`. */
export interface Config {
  action: string;
  fields?: string[];
  old_values?: Record<string, unknown>;
  new_values?: Record<string, unknown>;
  updated_by?: string;
}

/** `io.pushwire.protocol.SystemEvent`. */
export interface SystemEvent {
  event: string;
  service?: string;
  reason?: string;
  /** Further fields, kept as they arrive. */
  [field: string]: unknown;
}

/** `io.pushwire.protocol.Subscribe`. */
export interface Subscribe {
  events?: string[];
  topics?: string[];
  filters?: Record<string, string[]>;
  positions?: boolean;
  since?: Record<string, Position>;
}

/** `io.pushwire.protocol.Position`. */
export interface Position {
  topic?: string;
  offset: number;
  epoch: string;
}

/** `io.pushwire.protocol.Unsubscribe`. */
export interface Unsubscribe {
  events?: string[];
  topics?: string[];
}

/** `io.pushwire.protocol.RequestData`. */
export interface RequestData {
  metrics: string[];
  history_minutes?: number;
}

/** `io.pushwire.protocol.MetricsHistory`. */
export interface MetricsHistory<T extends Time = Time> {
  history_minutes?: number;
  metrics: Record<string, Series<T>>;
}

/** `io.pushwire.protocol.MetricsHistory.Series`. */
export interface Series<T extends Time = Time> {
  unit?: string;
  samples: Sample<T>[];
  truncated: boolean;
}

/** `io.pushwire.protocol.MetricsHistory.Sample`. */
export interface Sample<T extends Time = Time> {
  timestamp: T;
  value: number;
}

/** `io.pushwire.protocol.Ping`. */
export interface Ping {
}

/** `io.pushwire.protocol.Pong`. */
export interface Pong<T extends Time = Time> {
  server_time?: T;
}

/** `io.pushwire.protocol.ErrorMessage`. */
export interface ErrorMessage {
  code: ErrorCode;
  message?: string;
  details?: Record<string, unknown>;
  retry_after?: number;
}

/** `io.pushwire.protocol.GetTask`. */
export interface GetTask {
  task_id: string;
}

/** `io.pushwire.protocol.GetTasks`. */
export interface GetTasks {
  status?: TaskState;
}

/** `io.pushwire.protocol.TaskProgress`. */
export interface TaskProgress {
  task_id: string;
  progress: Progress;
}

/** `io.pushwire.protocol.Progress`. */
export interface Progress {
  total: number;
  completed: number;
  failed: number;
  current?: string;
  percentage: number;
  status?: string;
}

/** `io.pushwire.protocol.TaskStatus`. */
export interface TaskStatus {
  task_id: string;
  status: TaskState;
  start_time?: string;
  end_time?: string;
  error?: string;
}

/** `io.pushwire.protocol.TaskList`. */
export interface TaskList {
  tasks: TaskInfo[];
}

/** `io.pushwire.protocol.TaskInfo`. */
export interface TaskInfo {
  task_id: string;
  status: TaskState;
  progress?: Progress;
  start_time?: string;
  end_time?: string;
}

/** `io.pushwire.protocol.SubscribeTasks`. */
export interface SubscribeTasks {
  taskIds: string[];
}

/** `io.pushwire.protocol.UnsubscribeTasks`. */
export interface UnsubscribeTasks {
  taskIds: string[];
}

/** `io.pushwire.protocol.Ack`. */
export interface Ack {
  success: boolean;
  error?: string;
  positions?: Record<string, StreamState>;
}

/** `io.pushwire.protocol.StreamState`. */
export interface StreamState {
  offset: number;
  epoch: string;
  recovered?: boolean;
  reason?: string;
}

/** `io.pushwire.protocol.TaskStatusUpdate`. */
export interface TaskStatusUpdate {
  generateId: string;
  status: GenerationStatus;
  videoCardData?: VideoCard;
}

/** `io.pushwire.protocol.VideoCard`. */
export interface VideoCard {
  generateId?: string;
  status?: string;
  title?: string;
  description?: string;
  thumbnailUrl?: string;
  videoUrl?: string;
  createTime?: string;
  updateTime?: string;
  /** Further fields, kept as they arrive. */
  [field: string]: unknown;
}

/** `io.pushwire.protocol.SubscribeTask`. */
export interface SubscribeTask {
  videoId: string;
}

/** `io.pushwire.protocol.UnsubscribeTask`. */
export interface UnsubscribeTask {
  videoId: string;
}

/** `io.pushwire.protocol.RequestTaskStatus`. */
export interface RequestTaskStatus {
  videoId: string;
}

/** `io.pushwire.protocol.RequestMultipleTaskStatus`. */
export interface RequestMultipleTaskStatus {
  videoIds: string[];
}

/** `io.pushwire.protocol.TaskUpdated`. */
export interface TaskUpdated {
  videoId: string;
  status: VideoTaskStatus;
  progress?: number;
  videoUrl?: string;
  error?: string;
}

/** `io.pushwire.protocol.Presence`. */
export interface Presence {
  topic: string;
}

/** `io.pushwire.protocol.PresenceResult`. */
export interface PresenceResult {
  topic: string;
  connections: number;
  users: number;
  clients: Client[];
  truncated: boolean;
}

/** `io.pushwire.protocol.PresenceResult.Client`. */
export interface Client {
  connection: string;
  user: string;
  client: string;
  info?: Record<string, unknown>;
}

/** `io.pushwire.protocol.PresenceJoin`. */
export interface PresenceJoin {
  topic: string;
  client: Client;
}

/** `io.pushwire.protocol.PresenceLeave`. */
export interface PresenceLeave {
  topic: string;
  client: Client;
}

// ---------------------------------------------------------------- message types

/** Every message a server sends, by wire type: the body a listener receives. */
export interface ServerMessages<T extends Time = Time> {
  "common_reply": CommonReply;
  "running_log": RunningLog;
  "sub_download_jobs": SubDownloadJobs;
  "connection": Connection<T>;
  "performance": SystemMetrics | CustomMetric;
  "alert": AlertTriggered | AlertResolved;
  "status": Status;
  "config": Config;
  "system": SystemEvent;
  "metrics_history": MetricsHistory<T>;
  "pong": Pong<T>;
  "error": ErrorMessage;
  "task_progress": TaskProgress;
  "task_status": TaskStatus;
  "task_list": TaskList;
  "ack": Ack;
  "taskStatusUpdate": TaskStatusUpdate;
  "taskUpdated": TaskUpdated;
  "presence_result": PresenceResult;
  "presence_join": PresenceJoin;
  "presence_leave": PresenceLeave;
}

/** Every message a client sends, by wire type: the body a client writes. */
export interface ClientMessages<T extends Time = Time> {
  "auth": Auth;
  "common_reply": CommonReply;
  "get_running_log": GetRunningLog;
  "subscribe": Subscribe;
  "unsubscribe": Unsubscribe;
  "request_data": RequestData;
  "ping": Ping;
  "get_task": GetTask;
  "get_tasks": GetTasks;
  "subscribeTasks": SubscribeTasks;
  "unsubscribeTasks": UnsubscribeTasks;
  "subscribe_task": SubscribeTask;
  "unsubscribe_task": UnsubscribeTask;
  "requestTaskStatus": RequestTaskStatus;
  "requestMultipleTaskStatus": RequestMultipleTaskStatus;
  "presence": Presence;
}

export type ServerMessageType = keyof ServerMessages;
export type ClientMessageType = keyof ClientMessages;
/** Every built-in wire type, in `MessageTypes.builtInTypes()` order. */
export type MessageType = ServerMessageType | ClientMessageType;

/** Where a frame's body sits: beside `type`, or under `data`, `payload` or `error`. */
export type EnvelopeName = "flat" | "data" | "payload" | "error";

/** The envelope each type's seed uses: what `MessageTypes.defaultEnvelope` writes. */
export interface DefaultEnvelopes {
  "auth": "flat";
  "common_reply": "flat";
  "get_running_log": "flat";
  "running_log": "flat";
  "sub_download_jobs": "flat";
  "connection": "data";
  "performance": "data";
  "alert": "data";
  "status": "data";
  "config": "data";
  "system": "data";
  "subscribe": "data";
  "unsubscribe": "data";
  "request_data": "data";
  "metrics_history": "data";
  "ping": "data";
  "pong": "data";
  "error": "error";
  "get_task": "data";
  "get_tasks": "data";
  "task_progress": "data";
  "task_status": "data";
  "task_list": "data";
  "subscribeTasks": "flat";
  "unsubscribeTasks": "flat";
  "ack": "flat";
  "taskStatusUpdate": "flat";
  "subscribe_task": "payload";
  "unsubscribe_task": "payload";
  "requestTaskStatus": "payload";
  "requestMultipleTaskStatus": "payload";
  "taskUpdated": "payload";
  "presence": "data";
  "presence_result": "data";
  "presence_join": "data";
  "presence_leave": "data";
}

// ---------------------------------------------------------------- frames on the wire

/** The parts of a frame around its body. A reply repeats its request's `id`. */
export interface FrameHead<K extends string, T extends Time = Time> {
  type: K;
  id?: string;
  timestamp?: T;
}

/** A frame in envelope `E` with body `B`. */
export type InEnvelope<E extends EnvelopeName, K extends string, B, T extends Time = Time> =
  E extends "flat" ? FrameHead<K, T> & B
  : E extends "data" ? FrameHead<K, T> & { data: B }
  : E extends "payload" ? FrameHead<K, T> & { payload: B }
  : FrameHead<K, T> & { error: B };

/**
 * The envelope a server writes a type in, in dialect `D`: the type's own, except errors
 * (where the dialect puts them) and `ack`s (the envelope of the request they answer).
 */
export type ServerEnvelopeOf<K extends ServerMessageType, D extends DialectName> =
  K extends "error" ? Dialects[D]["errorEnvelope"]
  : K extends "ack" ? "flat" | "data" | "payload"
  : DefaultEnvelopes[K];

/** A frame a server in dialect `D` sends, as JSON. */
export type ServerFrame<D extends DialectName = "standard"> = {
  [K in ServerMessageType]: InEnvelope<ServerEnvelopeOf<K, D>, K, ServerMessages<TimeOf<D>>[K], TimeOf<D>>
}[ServerMessageType];

/** A frame a client sends in its type's default envelope (the server reads every envelope). */
export type ClientFrame<D extends DialectName = "standard"> = {
  [K in ClientMessageType]: InEnvelope<DefaultEnvelopes[K], K, ClientMessages<TimeOf<D>>[K], TimeOf<D>>
}[ClientMessageType];

// ---------------------------------------------------------------- close codes and error codes

/** `io.pushwire.protocol.CloseCode`: the close codes a Pushwire server sends. */
export interface CloseCodes {
  1000: { name: "NORMAL"; reconnect: false };
  1001: { name: "GOING_AWAY"; reconnect: true };
  1006: { name: "ABNORMAL"; reconnect: true };
  1008: { name: "POLICY_VIOLATION"; reconnect: true };
  1009: { name: "TOO_BIG"; reconnect: true };
  1011: { name: "SERVER_ERROR"; reconnect: true };
  1013: { name: "TRY_AGAIN_LATER"; reconnect: true };
  4000: { name: "SLOW_CONSUMER"; reconnect: true };
  4001: { name: "IDLE_TIMEOUT"; reconnect: true };
  4002: { name: "AUTH_TIMEOUT"; reconnect: true };
  4003: { name: "ACK_TIMEOUT"; reconnect: true };
  4500: { name: "AUTH_FAILED"; reconnect: false };
  4501: { name: "KICKED"; reconnect: false };
  4502: { name: "PROTOCOL_MISMATCH"; reconnect: false };
}

/** A close-code name (`CloseCode.name()`). */
export type CloseCodeName = CloseCodes[keyof CloseCodes]["name"];

// ---------------------------------------------------------------- run-time constants (protocol.js)

export declare const DIALECTS: {
  readonly [D in DialectName]: Readonly<{
    timestamps: Dialects[D]["timestamps"];
    stampFrames: Dialects[D]["stampFrames"];
    errorEnvelope: Dialects[D]["errorEnvelope"];
    alias?: DialectName;
  }>
};
export declare const MESSAGE_TYPES: {
  readonly [K in MessageType]: Readonly<{
    envelope: DefaultEnvelopes[K];
    server: boolean;
    client: boolean;
    required: readonly string[];
  }>
};
export declare const CLOSE_CODES: { readonly [C in keyof CloseCodes]: Readonly<CloseCodes[C]> };
export declare const RECONNECT_RANGES: ReadonlyArray<readonly [from: number, to: number, reconnect: boolean]>;
export declare const ERROR_CODES: readonly ErrorCode[];
export declare const ENUMS: { readonly [name: string]: Readonly<{ open: boolean; values: readonly string[] }> };
