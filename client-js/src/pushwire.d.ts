// Types of the Pushwire JavaScript client (pushwire.js). Written by hand; every message body,
// enumeration and wire fact comes from ./generated/protocol.js, generated from protocol-model, so
// the client's types cannot drift from the Java model. See docs/client-js.md.

import type {
  ClientMessages, ClientMessageType, DialectName, EnvelopeName, ErrorMessage, LogLine, MessageType,
  Position, PresenceResult, Progress, ServerMessages, ServerMessageType, Subscribe, Time, TimeOf,
} from './generated/protocol.js';

export * from './generated/protocol.js';

// ------------------------------------------------------------------------------------- states and causes

/** Where the client's connection stands. */
export type ConnectionState = 'connecting' | 'open' | 'closing' | 'closed';

/** Where the token goes: it must match the endpoint's auth mode. A browser cannot send headers. */
export type TokenPlacement = 'first-message' | 'query' | 'header';

/** Which document's task frames the endpoint speaks (the server's TaskVocabulary). */
export type TaskStyle = 'task-status-update' | 'task-topics' | 'task-updated';

/** Why a connection ended, or an attempt to make one failed. */
export type Disconnect =
  | { readonly kind: 'closed'; readonly code: number; readonly reason: string }
  | { readonly kind: 'authentication-refused'; readonly detail: string }
  | { readonly kind: 'handshake-refused'; readonly httpStatus: number }
  | { readonly kind: 'connect-failed'; readonly detail: string }
  | { readonly kind: 'heartbeat-timeout'; readonly silence: number }
  | { readonly kind: 'send-stalled'; readonly unsentBytes: number }
  | { readonly kind: 'closed-by-client' };

/** One state transition. `final`: closed, and no reconnect follows. */
export interface StateChange {
  readonly state: ConnectionState;
  /** The attempt (connecting, open), or the next attempt (closed, will reconnect). */
  readonly attempt: number;
  /** Ms before the next attempt (closed, will reconnect), else null. */
  readonly nextDelay: number | null;
  readonly cause: Disconnect | null;
  readonly final: boolean;
}

/** Exponential backoff with full jitter, in ms: attempt n waits uniformly in [minDelay, min(maxDelay, minDelay * 2^n)]. */
export interface BackoffPolicy {
  minDelay: number;
  maxDelay: number;
  /** Attempts in a row before giving up (Infinity: keep trying; 0: never reconnect). */
  maxAttempts: number;
  /** How long a connection must stay open for the attempt count to start again. */
  resetAfter: number;
}

// ------------------------------------------------------------------------------------- options

/** A WebSocket constructor: the browser's, Node's global one, or the ws package's. */
export type WebSocketConstructor = new (url: string, ...rest: any[]) => any;

export interface PushClientOptions<D extends DialectName = 'standard'> {
  /** The endpoint's dialect, by the server's name (default 'standard'). Decides the time type of bodies. */
  dialect?: D;
  /** The token, or a function asked on every attempt (a refreshed JWT). */
  token?: string | (() => string | Promise<string>);
  /** Where the token goes (default 'query' when a token is given). */
  tokenPlacement?: TokenPlacement;
  /** X-Client-ID with a header token, else the client_id query parameter. */
  clientId?: string;
  /** Extra handshake headers (Node with the ws package only). */
  headers?: Record<string, string>;
  /** Ms for the handshake, and again for the first-message auth reply (default 10,000). */
  connectTimeout?: number;
  /** Ms each request and subscribe waits for its reply (default 5,000). */
  requestTimeout?: number;
  /** Ping every `interval` ms; presume the connection dead after `timeout` ms of silence (30,000 and 60,000); false: off. */
  heartbeat?: { interval?: number; timeout?: number } | false;
  /** The reconnect policy (500 ms to 30 s, unlimited, stable after 10 s); false: never reconnect. */
  reconnect?: Partial<BackoffPolicy> | false;
  /** Messages that may wait for a connection while disconnected (default 0: fail at once). */
  outbox?: number;
  /** Requests that may wait for replies at once (default 1,024). */
  maxPendingRequests?: number;
  /** For watchTasks (default 'task-topics'). */
  taskStyle?: TaskStyle;
  /**
   * Stream recovery (default true): subscribe with positions, remember the last one seen per topic,
   * and resubscribe `since` it after every reconnect; see onRecovery. false: plain subscribes.
   */
  recovery?: boolean;
  /** The WebSocket to use (default: the browser's; in Node the ws package, else Node's own). */
  WebSocket?: WebSocketConstructor;
}

// ------------------------------------------------------------------------------------- frames

/** A received frame: its type, id and timestamp, and its body wherever the envelope put it. */
export interface Received<K extends string = string, B = unknown, T extends Time = Time> {
  readonly type: K;
  readonly id?: string;
  readonly timestamp?: T;
  readonly body: B;
  readonly envelope: EnvelopeName;
  /** The push's stream position, on topics subscribed with positions (recovery on). */
  readonly pos?: Position & { readonly topic: string };
}

/** Any built-in server frame in dialect `D` as the client hands it over, discriminated by `type`. */
export type ReceivedFrame<D extends DialectName = 'standard'> = {
  [K in ServerMessageType]: Received<K, ServerMessages<TimeOf<D>>[K], TimeOf<D>>
}[ServerMessageType];

/** The body a listener for type `K` receives in dialect `D` (unknown for an application's own types). */
export type BodyOf<K extends string, D extends DialectName = 'standard'> =
  K extends ServerMessageType ? ServerMessages<TimeOf<D>>[K] : unknown;

/** The body a client sends for type `K` (any object for an application's own types). */
export type ClientBodyOf<K extends string, D extends DialectName = 'standard'> =
  K extends ClientMessageType ? ClientMessages<TimeOf<D>>[K] : K extends MessageType ? never : Record<string, unknown>;

/** A frame the client could not read: not JSON, no type, an unknown type nobody listens for, a missing field. */
export interface UnknownFrame {
  readonly type: string | null;
  readonly text: string;
  readonly problem: string;
}

// ------------------------------------------------------------------------------------- recovery

/** Why the server could not resume a topic (docs/protocol.md §4.1); 'unknown' for a reason this client does not know. */
export type RecoveryReason = 'epoch_changed' | 'history_too_short' | 'position_ahead' | 'too_many' | 'not_recoverable' | 'unknown';

/** A position in a topic's stream: offsets are comparable only within one epoch. */
export interface StreamPosition {
  readonly topic: string;
  readonly offset: number;
  readonly epoch: string;
}

/**
 * A topic the server could not resume completely after a reconnect: publications after
 * `lastSeen` up to `resumedAt` were missed, all of them or some (the server's history may have
 * been trimmed after it replayed an unbroken run right after `lastSeen`; a connection lost before
 * the server's answer to a resubscription leaves the client resuming from the same `lastSeen`
 * again, and pushes of that range delivered in between are not delivered twice). Live delivery
 * continues after `resumedAt`; reload the topic's state.
 */
export interface RecoveryIncomplete {
  readonly topic: string;
  readonly reason: RecoveryReason;
  /** The last position the client had seen on the topic (null if it had none). */
  readonly lastSeen: StreamPosition | null;
  /** Where the topic's stream stood when it went live again. */
  readonly resumedAt: StreamPosition;
}

export interface Registration {
  cancel(): void;
}

export interface SendOptions {
  /** The envelope to write (default: the type's own, 'data' for an application's type). */
  envelope?: Exclude<EnvelopeName, 'error'>;
}

export interface RequestOptions<R extends string = string> extends SendOptions {
  /** The reply type(s) wanted: the promise then resolves with the body, else with the whole frame. */
  expect?: R | readonly R[];
  /** Ms to wait for the reply (default: the client's requestTimeout). */
  timeout?: number;
}

// ------------------------------------------------------------------------------------- running log

export interface LogGap {
  /** Lines asked for and never to come (0 when a restarted server cannot know). */
  readonly lost: number;
  /** A new run (epoch) began: the application started one, or the server restarted. */
  readonly newRun: boolean;
}

export interface RunningLogListener {
  /** The next lines, never empty, each once, in order. The batch is acknowledged after this returns (or its promise settles). */
  onLines(lines: LogLine[]): void | Promise<void>;
  /** Lines that will never come, reported before the lines after them. */
  onGap?(gap: LogGap): void | Promise<void>;
}

export interface LogTail {
  /** The offset after the last line received. */
  readonly nextOffset: number;
  /** The epoch of the last batch, null before one arrived. */
  readonly epoch: number | null;
  readonly closed: boolean;
  /** No more calls; not resumed on the next connection. */
  close(): void;
}

/** A reader's position in a running log and the client half of its resume protocol (docs/logs.md §3). */
export declare class LogCursor {
  readonly nextOffset: number;
  readonly epoch: number | null;
  /** The get_running_log body to send on a new connection. */
  request(): { from_index?: number; epoch?: number };
  /** Applies a batch: the gap before its new lines (or null), and the lines not applied before. */
  apply(batch: ServerMessages['running_log']['log']): { gap: LogGap | null; lines: LogLine[] };
}

// ------------------------------------------------------------------------------------- tasks

/** A task's phase in one vocabulary for the three task documents. */
export type TaskPhase = 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'UNKNOWN';

export type TaskFrameType = 'task_status' | 'task_progress' | 'taskUpdated' | 'taskStatusUpdate';

/** A task's latest known state, whichever document's frame brought it. */
export interface TaskUpdate {
  readonly taskId: string;
  readonly phase: TaskPhase;
  /** 0-100, or null while no frame carried one. */
  readonly percentage: number | null;
  /** Seed 003's full progress object, or null. */
  readonly progress: Progress | null;
  readonly resultUrl: string | null;
  readonly error: string | null;
  /** COMPLETED, FAILED or CANCELLED: the task will not change again. */
  readonly terminal: boolean;
  /** The frame this update comes from. */
  readonly message: { readonly [K in TaskFrameType]: { readonly type: K; readonly body: ServerMessages[K] } }[TaskFrameType];
}

export interface TaskWatchListener {
  onUpdate(update: TaskUpdate): void;
  /** The server refused the id (unknown, a cap); it left the watch. */
  onRefused?(taskId: string, reason: string): void;
}

export interface TaskWatch {
  /** The ids still watched. */
  readonly taskIds: string[];
  close(): void;
}

export declare class TaskWatcher {
  constructor(client: PushClient<any>, style?: TaskStyle);
  readonly style: TaskStyle;
  watch(taskIds: Iterable<string>, listener: TaskWatchListener | ((update: TaskUpdate) => void)): TaskWatch;
  watchAll(listener: TaskWatchListener | ((update: TaskUpdate) => void)): TaskWatch;
}

export declare function taskIdOf(type: string, body: object): string | null;
export declare function taskUpdateOf<K extends TaskFrameType>(previous: TaskUpdate | null | undefined, type: K,
  body: ServerMessages[K]): TaskUpdate;

// ------------------------------------------------------------------------------------- the client

/** A Pushwire client: one logical connection that survives network loss and server restarts. */
export declare class PushClient<D extends DialectName = 'standard'> {
  constructor(url: string | URL, options?: PushClientOptions<D>);

  readonly state: ConnectionState;
  readonly dialect: D;
  /** The topic and event names remembered and replayed after every reconnect. */
  readonly subscriptions: string[];
  /** The client's task watcher, in its task style. */
  readonly tasks: TaskWatcher;

  /** Resolves when first open; rejects with AuthenticationFailedError or DisconnectedError. */
  connect(): Promise<void>;

  /** Pushed messages of `type` ('*': every type); replies never reach listeners. */
  on<K extends string>(type: K,
    listener: K extends '*' ? (body: unknown, frame: ReceivedFrame<D> | Received) => void
      : (body: BodyOf<K, D>, frame: Received<K, BodyOf<K, D>, TimeOf<D>>) => void): Registration;
  onUnknown(listener: (frame: UnknownFrame) => void): Registration;
  onStateChange(listener: (change: StateChange) => void): Registration;
  /** Topics the server could not resume completely after a reconnect; never called for a complete recovery. */
  onRecovery(listener: (event: RecoveryIncomplete) => void): Registration;

  /** Who is subscribed to `topic`; rejects with RequestFailedError (code UNAUTHORIZED) when the server does not reveal it. */
  presence(topic: string): Promise<PresenceResult>;

  /** Fire and forget: resolves once written. */
  send<K extends string>(type: K, body?: ClientBodyOf<K, D>, options?: SendOptions): Promise<void>;

  /** A request with a new id: resolves with the reply's body when `expect` is given, else with the reply frame. */
  request<K extends string, R extends string>(type: K, body: ClientBodyOf<K, D>,
    options: RequestOptions<R> & { expect: R | readonly R[] }): Promise<BodyOf<R, D>>;
  request<K extends string>(type: K, body?: ClientBodyOf<K, D>,
    options?: RequestOptions<never>): Promise<ReceivedFrame<D> | Received>;

  /** Subscribes and remembers it: topic names, or a subscribe body (events, filters). */
  subscribe(topic: string, ...more: string[]): Promise<void>;
  subscribe(topics: readonly string[]): Promise<void>;
  subscribe(body: Subscribe): Promise<void>;
  unsubscribe(...names: Array<string | readonly string[]>): Promise<void>;

  /** Follows the running log; one tail per client. */
  tailRunningLog(listener: RunningLogListener | ((lines: LogLine[]) => void | Promise<void>)): LogTail;

  watchTasks(taskIds: Iterable<string>, listener: TaskWatchListener | ((update: TaskUpdate) => void)): TaskWatch;
  watchAllTasks(listener: TaskWatchListener | ((update: TaskUpdate) => void)): TaskWatch;

  /** Closes (1000) and stops for good; resolves when the socket closed (at most 2 s). */
  close(): Promise<void>;
}

// ------------------------------------------------------------------------------------- errors

export declare class PushwireError extends Error {}
export declare class RequestFailedError extends PushwireError {
  readonly requestId: string;
  readonly error: ErrorMessage;
  readonly code: ErrorMessage['code'];
  /** The server's retry_after in ms, or null. */
  readonly retryAfter: number | null;
}
export declare class RequestTimeoutError extends PushwireError {
  readonly requestId: string;
  readonly timeout: number;
}
export declare class DisconnectedError extends PushwireError {
  readonly disconnect: Disconnect | null;
}
export declare class UnexpectedReplyError extends PushwireError {
  readonly requestId: string;
  readonly reply: Received;
}
export declare class TooManyPendingRequestsError extends PushwireError {
  readonly limit: number;
}
export declare class OutboxFullError extends PushwireError {
  readonly capacity: number;
}
export declare class AuthenticationFailedError extends PushwireError {
  readonly disconnect: Disconnect;
}

// ------------------------------------------------------------------------------------- the policy and the wire, on their own

/** Bytes written but not yet sent beyond which a connection counts as stuck (16 MiB). */
export declare const MAX_UNSENT_BYTES: number;
/** Task states the task watcher remembers (4,096). */
export declare const MAX_REMEMBERED_TASKS: number;

/** CloseCode.shouldReconnect, from the generated table. */
export declare function shouldReconnect(code: number): boolean;
export declare function backoffCeiling(policy: BackoffPolicy, attempt: number): number;
export declare function backoffDelay(policy: BackoffPolicy, attempt: number, random?: () => number): number;
export declare function decide(cause: Disconnect, nextAttempt: number, policy: BackoffPolicy, retryAfter?: number | null,
  random?: () => number): { reconnect: true; delay: number } | { reconnect: false; reason: string };

/** A client frame as JSON text, in the type's default envelope. */
export declare function encode(type: string, body?: object, id?: string, envelope?: EnvelopeName): string;
/** A frame read by the decoder's rules, or what is wrong with it. */
export declare function decode(text: string, acceptType?: ((type: string, id: unknown) => boolean) | null):
  (Received & { problem?: undefined }) | (UnknownFrame & { problem: string });
/** An instant in either wire form as a Date. */
export declare function toDate(value: Time): Date;
