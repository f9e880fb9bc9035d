// Pushwire client for browsers and Node: one logical connection to a Pushwire endpoint that
// survives network loss and server restarts. The counterpart of the Java client (docs/client.md);
// this file is loaded as it is (ES module, no build step, no dependencies in a browser). Its API
// and bounds are in docs/client-js.md, its types in pushwire.d.ts.
//
// Threading: JavaScript has one thread, so the client's state needs no lock. What it guards
// instead is re-entry: everything an application sees (listeners, state changes) runs later, as a
// microtask queued in order, never in the middle of the client changing its own state.

import {
  DIALECTS, MESSAGE_TYPES, CLOSE_CODES, RECONNECT_RANGES,
} from './generated/protocol.js';

export * from './generated/protocol.js';

// ------------------------------------------------------------------------------------- bounds

/**
 * Bytes written to a socket but not yet sent, beyond which the connection counts as stuck: it is
 * closed (`send-stalled`) and replaced rather than buffering without end. Far beyond any healthy
 * backlog of control and request frames.
 */
export const MAX_UNSENT_BYTES = 16 * 1024 * 1024;
/** Task states remembered to complete partial task frames; the least recently updated goes first. */
export const MAX_REMEMBERED_TASKS = 4096;

const HEARTBEAT_ID = 'hb_';
const REQUEST_ID = 'req_';
const RUNNING_LOG_ID = 'log_';
const AUTH_ERRORS = new Set(['AUTHENTICATION_FAILED', 'AUTH_FAILED', 'UNAUTHORIZED']);
const FRAME_KEYS = new Set(['type', 'id', 'timestamp', 'meta', 'pos']);
const TASK_TOPICS = ['task:status', 'task:progress'];
/** The `reason`s of docs/protocol.md §4.1; any other is reported as 'unknown'. */
const RECOVERY_REASONS = new Set(['epoch_changed', 'history_too_short', 'position_ahead', 'too_many', 'not_recoverable']);
/** Ids of requests that timed out, remembered so that a late reply is dropped, not delivered. */
const MAX_EXPIRED_IDS = 1024;
const IS_NODE = typeof process !== 'undefined' && process.versions != null && process.versions.node != null;

// ------------------------------------------------------------------------------------- errors

/** Base of every error the client's promises fail with. */
export class PushwireError extends Error {
  constructor(message) {
    super(message);
    this.name = new.target.name;
  }
}

/** The server answered a request with an `error`: `code`, `error` (the whole body), `retryAfter`. */
export class RequestFailedError extends PushwireError {
  constructor(requestId, error) {
    super(`request ${requestId} failed: ${error.code}${error.message ? `: ${error.message}` : ''}`);
    this.requestId = requestId;
    this.error = error;
    this.code = error.code;
    this.retryAfter = error.retry_after ?? null;
  }
}

/** No reply within the request timeout (counted from the call, time in the outbox included). */
export class RequestTimeoutError extends PushwireError {
  constructor(requestId, timeout) {
    super(`no reply to ${requestId} within ${timeout} ms`);
    this.requestId = requestId;
    this.timeout = timeout;
  }
}

/** Not connected, the connection was lost before the reply, the client gave up, or it was closed. */
export class DisconnectedError extends PushwireError {
  constructor(message, disconnect = null) {
    super(message);
    this.disconnect = disconnect;
  }
}

/** The reply was of another type than the one asked for (`expect`); `reply` holds it. */
export class UnexpectedReplyError extends PushwireError {
  constructor(requestId, expected, reply) {
    super(`${requestId}: expected ${[].concat(expected).join(' or ')}, got ${reply.type}`);
    this.requestId = requestId;
    this.reply = reply;
  }
}

/** `maxPendingRequests` requests already wait for replies. */
export class TooManyPendingRequestsError extends PushwireError {
  constructor(limit) {
    super(`${limit} requests are already waiting for replies`);
    this.limit = limit;
  }
}

/** Disconnected, and the outbox is full. */
export class OutboxFullError extends PushwireError {
  constructor(capacity) {
    super(`the outbox is full (${capacity} messages wait for a connection)`);
    this.capacity = capacity;
  }
}

/** The credentials were refused: final, the client does not retry. */
export class AuthenticationFailedError extends PushwireError {
  constructor(disconnect) {
    super(`authentication refused: ${describe(disconnect)}`);
    this.disconnect = disconnect;
  }
}

// ------------------------------------------------------------------------------------- reconnect policy

/** `CloseCode.shouldReconnect(code)`: the server's close-code table, generated from the Java model. */
export function shouldReconnect(code) {
  for (const [from, to, reconnect] of RECONNECT_RANGES) {
    if (code >= from && code <= to) return reconnect;
  }
  return code !== 1000 && code !== 1003;
}

/**
 * The upper bound of the wait before attempt `attempt` (1-based): min(maxDelay, minDelay * 2^attempt).
 */
export function backoffCeiling(policy, attempt) {
  return Math.min(policy.maxDelay, policy.minDelay * 2 ** Math.min(attempt, 60));
}

/** Exponential backoff with full jitter: uniform in [minDelay, backoffCeiling(attempt)] ms. */
export function backoffDelay(policy, attempt, random = Math.random) {
  const ceiling = backoffCeiling(policy, attempt);
  return ceiling <= policy.minDelay ? policy.minDelay
    : policy.minDelay + Math.floor(random() * (ceiling - policy.minDelay + 1));
}

/**
 * What follows `cause` (a Disconnect): `{reconnect: true, delay}` or `{reconnect: false, reason}`.
 * The same table as the Java client's ReconnectDecision.
 */
export function decide(cause, nextAttempt, policy, retryAfter = null, random = Math.random) {
  const terminal = terminalReason(cause);
  if (terminal !== null) return { reconnect: false, reason: terminal };
  if (nextAttempt > policy.maxAttempts) {
    return {
      reconnect: false,
      reason: policy.maxAttempts === 0 ? 'reconnecting is disabled' : `gave up after ${policy.maxAttempts} attempts`,
    };
  }
  let delay = backoffDelay(policy, nextAttempt, random);
  if (retryAfter !== null && retryAfter > delay) delay = retryAfter;
  return { reconnect: true, delay };
}

function terminalReason(cause) {
  switch (cause.kind) {
    case 'closed-by-client': return 'closed by the application';
    case 'authentication-refused': return `authentication refused: ${cause.detail}`;
    case 'closed': {
      if (shouldReconnect(cause.code)) return null;
      const known = CLOSE_CODES[cause.code];
      return `server closed with ${cause.code}${known ? ` (${known.name})` : ''}${cause.reason ? `: ${cause.reason}` : ''}`;
    }
    case 'handshake-refused': {
      const s = cause.httpStatus;
      return s >= 400 && s < 500 && s !== 408 && s !== 429 ? `handshake refused with HTTP ${s}` : null;
    }
    default: return null;
  }
}

function isAuthFailure(cause) {
  return cause.kind === 'authentication-refused' || (cause.kind === 'closed' && cause.code === 4500);
}

function describe(cause) {
  switch (cause.kind) {
    case 'closed': return `closed with ${cause.code}${cause.reason ? ` (${cause.reason})` : ''}`;
    case 'authentication-refused': return cause.detail;
    case 'handshake-refused': return `HTTP ${cause.httpStatus} at the handshake`;
    case 'connect-failed': return cause.detail;
    case 'heartbeat-timeout': return `nothing received for ${cause.silence} ms`;
    case 'send-stalled': return `${cause.unsentBytes} bytes not leaving`;
    default: return 'closed by the application';
  }
}

// ------------------------------------------------------------------------------------- running log

/**
 * A reader's position in a running log and the client half of its resume protocol
 * (docs/logs.md §3): the request to send on a new connection, and what each batch means.
 * The same rules as the Java client's LogCursor.
 */
export class LogCursor {
  /** Offset after the last applied line; 0 before the first batch. */
  #next = 0;
  /** The run of the last applied batch, or null. */
  #epoch = null;
  #positioned = false;

  get nextOffset() { return this.#next; }

  get epoch() { return this.#epoch; }

  /** The `get_running_log` body: a resume from (next, epoch) once both are known, else the current run. */
  request() {
    return this.#positioned && this.#epoch !== null ? { from_index: this.#next, epoch: this.#epoch } : {};
  }

  /** Applies a batch (`running_log.log`): `{gap, lines}`, the gap `{lost, newRun}` or null. */
  apply(batch) {
    let lines = batch.log_lines;
    const index = batch.index;
    const end = index + lines.length;
    const epoch = batch.epoch ?? null;
    let gap = null;
    if (!this.#positioned) {
      this.#next = end;
    } else if (epoch !== null && this.#epoch !== null && epoch !== this.#epoch) {
      gap = { lost: Math.max(0, batch.lost ?? 0), newRun: true };
      this.#next = end;
    } else {
      if (index > this.#next) gap = { lost: index - this.#next, newRun: false };
      if (index < this.#next) lines = lines.slice(Math.min(lines.length, this.#next - index));
      this.#next = Math.max(this.#next, end);
    }
    if (epoch !== null) this.#epoch = epoch;
    this.#positioned = true;
    return { gap, lines };
  }
}

// ------------------------------------------------------------------------------------- tasks

/** A task's phase in one vocabulary for the three task documents (docs/tasks.md §2). */
const PHASES = {
  pending: 'QUEUED', QUEUED: 'QUEUED',
  running: 'RUNNING', PROCESSING: 'RUNNING', generating: 'RUNNING',
  completed: 'COMPLETED', COMPLETED: 'COMPLETED', done: 'COMPLETED',
  failed: 'FAILED', FAILED: 'FAILED',
  cancelled: 'CANCELLED',
};
const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

/** The task id a task frame is about, or null. */
export function taskIdOf(type, body) {
  switch (type) {
    case 'task_status': case 'task_progress': return body.task_id;
    case 'taskUpdated': return body.videoId;
    case 'taskStatusUpdate': return body.generateId;
    default: return null;
  }
}

/** The state after a task frame, completing what it leaves out from `previous` (as the Java TaskUpdate.of). */
export function taskUpdateOf(previous, type, body) {
  const taskId = taskIdOf(type, body);
  if (taskId == null) throw new TypeError(`${type} is no task frame`);
  const base = previous && previous.taskId === taskId ? previous
    : { phase: 'UNKNOWN', percentage: null, progress: null, resultUrl: null, error: null };
  const update = {
    taskId, phase: base.phase, percentage: base.percentage, progress: base.progress,
    resultUrl: base.resultUrl, error: base.error, message: { type, body },
  };
  if (type === 'task_status') {
    update.phase = PHASES[body.status] ?? 'UNKNOWN';
    if (body.error != null) update.error = body.error;
  } else if (type === 'task_progress') {
    update.percentage = body.progress.percentage;
    update.progress = body.progress;
  } else if (type === 'taskUpdated') {
    update.phase = PHASES[body.status] ?? 'UNKNOWN';
    if (body.progress != null) update.percentage = body.progress;
    if (body.videoUrl != null) update.resultUrl = body.videoUrl;
    if (body.error != null) update.error = body.error;
  } else {
    update.phase = PHASES[body.status] ?? 'UNKNOWN';
    if (body.videoCardData?.videoUrl != null) update.resultUrl = body.videoCardData.videoUrl;
  }
  update.terminal = TERMINAL.has(update.phase);
  return update;
}

const TASK_STYLES = ['task-status-update', 'task-topics', 'task-updated'];

/**
 * Watches tasks on one client in one task style (docs/tasks.md §8), on the client's public API
 * only, as the Java TaskWatcher does. `client.watchTasks` uses one per client.
 */
export class TaskWatcher {
  #client;
  #style;
  /** Open watches, in creation order. */
  #watches = [];
  /** Last state per task, least recently updated first, at most MAX_REMEMBERED_TASKS. */
  #remembered = new Map();
  #listening = false;
  /** task-topics: the subscription last sent, as JSON, or null. */
  #topicSubscription = null;

  constructor(client, style = 'task-topics') {
    if (!TASK_STYLES.includes(style)) {
      throw new TypeError(`unknown task style '${style}'; known: ${TASK_STYLES.join(', ')}`);
    }
    this.#client = client;
    this.#style = style;
  }

  get style() { return this.#style; }

  /** Watches `taskIds` until each is terminal or refused, or the watch is closed. */
  watch(taskIds, listener) {
    const ids = [...new Set(taskIds)];
    if (ids.length === 0) throw new TypeError('watch names no task ids');
    if (ids.some((id) => typeof id !== 'string' || id === '')) {
      throw new TypeError(`task ids must be non-empty strings: ${JSON.stringify(taskIds)}`);
    }
    const watch = this.#open(listener, false, ids);
    if (this.#client.state === 'open') this.#ask(ids);
    return watch;
  }

  /** Watches every task the endpoint lets this client see (task-topics, task-updated only). */
  watchAll(listener) {
    if (this.#style === 'task-status-update') {
      throw new TypeError('the task-status-update style can only watch task ids');
    }
    return this.#open(listener, true, []);
  }

  #open(listener, everything, ids) {
    const watcher = this;
    const live = new Set(ids);
    const watch = {
      listener: normalizeTaskListener(listener),
      everything,
      live,
      closed: false,
      get taskIds() { return [...live]; },
      close() { watcher.#close(watch); },
    };
    this.#watches.push(watch);
    if (!this.#listening) {
      this.#listening = true;
      this.#listen();
    }
    this.#syncTopicSubscription();
    return watch;
  }

  #close(watch) {
    if (watch.closed) return;
    watch.closed = true;
    this.#watches = this.#watches.filter((w) => w !== watch);
    const dropped = [...watch.live].filter((id) => !this.#watched(id));
    watch.live.clear();
    this.#syncTopicSubscription();
    if (dropped.length > 0 && this.#client.state === 'open') this.#unsubscribe(dropped);
  }

  #watched(id) {
    return this.#watches.some((w) => !w.everything && w.live.has(id));
  }

  #listen() {
    const received = (body, frame) => this.#received(frame.type, body);
    switch (this.#style) {
      case 'task-status-update': this.#client.on('taskStatusUpdate', received); break;
      case 'task-topics':
        this.#client.on('task_status', received);
        this.#client.on('task_progress', received);
        break;
      default: this.#client.on('taskUpdated', received);
    }
    this.#client.onStateChange((change) => {
      if (change.state === 'open') {
        const ids = new Set();
        this.#watches.forEach((w) => w.live.forEach((id) => ids.add(id)));
        this.#ask([...ids]);
      }
    });
  }

  /** Asks for the current state of each id (and, for task-status-update and task-updated, joins its watch). */
  #ask(ids) {
    for (const id of ids) {
      let asked;
      switch (this.#style) {
        case 'task-status-update':
          asked = this.#client.request('subscribeTasks', { taskIds: [id] }, { expect: 'ack' }).then((ack) => {
            if (!ack.success) this.#refused(id, ack.error ?? 'refused');
          });
          break;
        case 'task-topics':
          asked = this.#client.request('get_task', { task_id: id }, { expect: 'task_status' })
            .then((status) => this.#received('task_status', status));
          break;
        default:
          asked = this.#client.request('subscribe_task', { videoId: id }, { expect: 'taskUpdated' })
            .then((update) => this.#received('taskUpdated', update));
      }
      asked.catch((error) => this.#failed(id, error));
    }
  }

  #unsubscribe(ids) {
    const ignore = () => {};
    if (this.#style === 'task-status-update') {
      this.#client.request('unsubscribeTasks', { taskIds: ids }, { expect: 'ack' }).catch(ignore);
    } else if (this.#style === 'task-updated') {
      ids.forEach((id) => this.#client.request('unsubscribe_task', { videoId: id }, { expect: 'ack' }).catch(ignore));
    } // task-topics: the filter was narrowed already
  }

  /**
   * task-topics: keeps the client's remembered subscription to the task topics in line with the
   * watches: no filter while anything watches everything, else a task_id filter naming the
   * watched ids, else none.
   */
  #syncTopicSubscription() {
    if (this.#style !== 'task-topics') return;
    let wanted = null;
    if (this.#watches.some((w) => w.everything)) {
      wanted = { topics: TASK_TOPICS };
    } else {
      const ids = new Set();
      this.#watches.forEach((w) => w.live.forEach((id) => ids.add(id)));
      if (ids.size > 0) wanted = { topics: TASK_TOPICS, filters: { task_id: [...ids].sort() } };
    }
    const key = wanted === null ? null : JSON.stringify(wanted);
    if (key === this.#topicSubscription) return;
    this.#topicSubscription = key;
    if (wanted === null) {
      this.#client.unsubscribe(...TASK_TOPICS).catch(() => {});
    } else {
      this.#client.subscribe(wanted).catch((error) => warn(`task topics refused: ${error.message}`));
    }
  }

  #received(type, body) {
    const id = taskIdOf(type, body);
    const update = taskUpdateOf(this.#remembered.get(id), type, body);
    this.#remembered.delete(id);
    if (!update.terminal) {
      this.#remembered.set(id, update);
      if (this.#remembered.size > MAX_REMEMBERED_TASKS) {
        this.#remembered.delete(this.#remembered.keys().next().value);
      }
    }
    const targets = [];
    for (const watch of this.#watches) {
      if (watch.everything || watch.live.has(id)) {
        targets.push(watch.listener);
        if (update.terminal) watch.live.delete(id); // the server dropped its watch already
      }
    }
    if (update.terminal) this.#syncTopicSubscription();
    targets.forEach((listener) => guard(() => listener.onUpdate(update), 'task watch listener'));
  }

  #refused(id, reason) {
    const targets = [];
    for (const watch of this.#watches) {
      if (!watch.everything && watch.live.delete(id)) targets.push(watch.listener);
    }
    this.#syncTopicSubscription();
    targets.forEach((listener) => guard(() => listener.onRefused(id, reason), 'task watch listener'));
  }

  /** A request for `id` failed: refused by the server, or lost with its connection (asked again on the next). */
  #failed(id, error) {
    if (error instanceof RequestFailedError) {
      this.#refused(id, error.error.message ?? error.code);
    } else if (!(error instanceof DisconnectedError)) {
      warn(`watching task ${id}: ${error.message}`);
    }
  }
}

function normalizeTaskListener(listener) {
  if (typeof listener === 'function') return { onUpdate: listener, onRefused() {} };
  return { onUpdate: listener.onUpdate.bind(listener), onRefused: (listener.onRefused ?? (() => {})).bind(listener) };
}

// ------------------------------------------------------------------------------------- the client

const DEFAULTS = Object.freeze({
  dialect: 'standard',
  tokenPlacement: null,
  clientId: null,
  headers: null,
  connectTimeout: 10_000,
  requestTimeout: 5_000,
  heartbeat: Object.freeze({ interval: 30_000, timeout: 60_000 }),
  reconnect: Object.freeze({ minDelay: 500, maxDelay: 30_000, maxAttempts: Infinity, resetAfter: 10_000 }),
  outbox: 0,
  maxPendingRequests: 1024,
  taskStyle: 'task-topics',
  recovery: true,
  WebSocket: null,
});
const PLACEMENTS = ['first-message', 'query', 'header'];

/**
 * A Pushwire client. Does not connect until `connect()`. See docs/client-js.md.
 */
export class PushClient {
  // Configuration, fixed at construction.
  #url;
  #options;
  // Where the client stands as a whole: 'new' | 'running' | 'stopped' | 'closed'.
  #lifecycle = 'new';
  // The current connection's progress: 'none' | 'connecting' | 'authenticating' | 'open'.
  #phase = 'none';
  // The current attempt and, once open, its socket; null between attempts.
  #link = null;
  // The number of the latest attempt since the last stable connection.
  #attempt = 0;
  #state = 'closed';
  // Settles the current run's first open: {promise, resolve, reject}; null before connect().
  #connected = null;
  // Requests and subscribe/unsubscribe frames waiting for replies, by id, in order.
  #pending = new Map();
  // Pending entries that count against maxPendingRequests.
  #counted = 0;
  // Remembered subscriptions: {message, waiting: [{resolve, reject}]}, replayed on every connection.
  #subscriptions = [];
  // Recovery: the last position {offset, epoch} seen per remembered exact topic (never a pattern);
  // keys are always remembered names, so it is bounded by the subscriptions.
  #positions = new Map();
  // Recovery: the `since` of a resubscription whose ack has not come, per topic: where the next one
  // resumes from. The server may send a topic's live pushes before the ack that says it went live
  // past a gap, so a connection lost in between must not move the resume point past that gap.
  // Keys are always remembered names.
  #unconfirmed = new Map();
  // The remembered names, kept in step with #subscriptions by #namesChanged.
  #names = new Set();
  #recoveryListeners = new Set();
  // Frames waiting for a connection: {text, resolve, reject, requestId}; at most options.outbox.
  #outbox = [];
  // Listeners by wire type; '*' for every pushed message.
  #listeners = new Map();
  #unknownListeners = new Set();
  #stateListeners = new Set();
  // The running-log tail, or null. A closed tail stays until its connection ends (it keeps acknowledging).
  #tail = null;
  #requestCounter = 0;
  #pingCounter = 0;
  // The longest retry_after (ms) the server sent on the current connection, or null.
  #retryAfter = null;
  #reconnectTimer = null;
  #tasks = null;
  // Ids of requests that timed out, oldest first, at most MAX_EXPIRED_IDS: their late replies are dropped.
  #expired = new Set();
  // Callbacks queued for the application, run in order as microtasks.
  #callbacks = [];
  #draining = false;

  /**
   * @param {string} url ws:// or wss:// URL of the endpoint; in a browser a path ('/ws') or an
   *   http(s) URL is taken relative to the page.
   * @param {object} [options] see docs/client-js.md
   */
  constructor(url, options = {}) {
    this.#url = resolveUrl(url);
    this.#options = normalizeOptions(options);
  }

  /** 'connecting' | 'open' | 'closing' | 'closed'. */
  get state() { return this.#state; }

  /** The endpoint's dialect, by name. */
  get dialect() { return this.#options.dialect; }

  /** The names of the topics and events remembered (replayed after every reconnect). */
  get subscriptions() {
    const names = new Set();
    this.#subscriptions.forEach((e) => namesOf(e.message).forEach((n) => names.add(n)));
    return [...names];
  }

  /**
   * Starts connecting, if not already under way. Resolves when the connection is first open
   * (authenticated, subscriptions sent); rejects with AuthenticationFailedError when the
   * credentials are refused, with DisconnectedError when the client gives up or is closed.
   * After the client gave up, calling it again starts over.
   */
  connect() {
    if (this.#lifecycle === 'closed') return Promise.reject(closedError());
    if (this.#lifecycle !== 'running') {
      this.#lifecycle = 'running';
      this.#attempt = 0;
      this.#connected = deferred();
      this.#connected.promise.catch(() => {}); // the caller's copy below reports it
      this.#startAttempt();
    }
    return this.#connected.promise.then(() => undefined);
  }

  /**
   * Registers `listener(body, frame)` for pushed messages of wire type `type` ('*' for every
   * type). Replies to requests never reach listeners. Returns a registration: `cancel()`.
   */
  on(type, listener) {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, set = new Set());
    const entry = { listener };
    set.add(entry);
    return { cancel: () => set.delete(entry) };
  }

  /** Registers `listener({type, text, problem})` for frames the client cannot read. */
  onUnknown(listener) {
    const entry = { listener };
    this.#unknownListeners.add(entry);
    return { cancel: () => this.#unknownListeners.delete(entry) };
  }

  /**
   * Registers `listener({topic, reason, lastSeen, resumedAt})` for topics the server could not
   * resume completely after a reconnect (the ack's `recovered: false`): publications after
   * `lastSeen` up to `resumedAt` were missed. Never called when recovery was complete.
   */
  onRecovery(listener) {
    const entry = { listener };
    this.#recoveryListeners.add(entry);
    return { cancel: () => this.#recoveryListeners.delete(entry) };
  }

  /** Registers `listener({state, attempt, nextDelay, cause, final})` for every state change. */
  onStateChange(listener) {
    const entry = { listener };
    this.#stateListeners.add(entry);
    return { cancel: () => this.#stateListeners.delete(entry) };
  }

  /**
   * Sends a message without waiting for a reply; resolves once written. Disconnected: waits in
   * the outbox (OutboxFullError when full), or fails at once with DisconnectedError without one.
   */
  send(type, body = {}, options = {}) {
    return new Promise((resolve, reject) => {
      if (this.#lifecycle === 'closed') { reject(closedError()); return; }
      const text = encode(type, body, undefined, options.envelope);
      if (this.#phase === 'open') {
        this.#write(this.#link, text) ? resolve() : reject(this.#notConnected());
      } else if (this.#outboxAccepts()) {
        if (this.#outbox.length >= this.#options.outbox) {
          reject(new OutboxFullError(this.#options.outbox));
        } else {
          this.#outbox.push({ text, resolve, reject, requestId: null });
        }
      } else {
        reject(this.#notConnected());
      }
    });
  }

  /**
   * Sends a request with a new `id` and resolves with the reply carrying that id: its body when
   * `options.expect` names the reply type(s), else the whole frame `{type, id, timestamp, body}`.
   * Fails with RequestFailedError (an `error` reply), UnexpectedReplyError, RequestTimeoutError,
   * DisconnectedError (not resent: the server may have acted), TooManyPendingRequestsError.
   */
  request(type, body = {}, options = {}) {
    return new Promise((resolve, reject) => {
      if (this.#lifecycle === 'closed') { reject(closedError()); return; }
      if (this.#phase !== 'open' && !this.#outboxAccepts()) { reject(this.#notConnected()); return; }
      if (this.#counted >= this.#options.maxPendingRequests) {
        reject(new TooManyPendingRequestsError(this.#options.maxPendingRequests));
        return;
      }
      const id = REQUEST_ID + (++this.#requestCounter);
      const text = encode(type, body, id, options.envelope);
      const timeout = options.timeout ?? this.#options.requestTimeout;
      const expect = options.expect ?? null;
      this.#addPending(id, {
        kind: 'request', counted: true, sent: false, timeout,
        replied: (frame) => {
          if (frame.type === 'error') reject(new RequestFailedError(id, frame.body));
          else if (expect === null) resolve(frame);
          else if ([].concat(expect).includes(frame.type)) resolve(frame.body);
          else reject(new UnexpectedReplyError(id, expect, frame));
        },
        failed: reject,
      });
      if (this.#phase === 'open') {
        this.#writeRequest(id, text);
      } else if (this.#outbox.length >= this.#options.outbox) {
        this.#failPending(id, new OutboxFullError(this.#options.outbox));
      } else {
        this.#outbox.push({ text, resolve: () => {}, reject, requestId: id });
      }
    });
  }

  /**
   * Subscribes and remembers the subscription for every later connection. Takes topic names
   * (`subscribe('task:progress')`, `subscribe(['a', 'b'])`) or a body
   * (`subscribe({events: ['alert.*'], filters: {level: ['critical']}})`). Resolves on the server's
   * `ack`; fails with RequestFailedError (the subscription is then forgotten) or RequestTimeoutError.
   */
  subscribe(first, ...more) {
    return new Promise((resolve, reject) => {
      if (this.#lifecycle === 'closed') { reject(closedError()); return; }
      const message = subscribeBody(first, more);
      if (namesOf(message).length === 0) { reject(new TypeError('subscribe names no topics or events')); return; }
      if (this.#lifecycle === 'stopped') { reject(this.#notConnected()); return; }
      const entry = { message, waiting: [{ resolve, reject }] };
      // Entries left without names hand their waiting callers to the new one, which covers them.
      entry.waiting.push(...this.#forget(namesOf(message)));
      this.#subscriptions.push(entry);
      this.#namesChanged();
      if (this.#phase === 'open') this.#sendSubscribe(entry);
    });
  }

  /** Forgets subscriptions to `names` and, when connected, tells the server; resolves on its `ack`. */
  unsubscribe(...names) {
    const flat = names.flat();
    return new Promise((resolve, reject) => {
      if (this.#lifecycle === 'closed') { reject(closedError()); return; }
      for (const orphan of this.#forget(flat)) {
        orphan.reject(new DisconnectedError('unsubscribed before the server confirmed'));
      }
      if (this.#phase !== 'open') { resolve(); return; }
      const id = REQUEST_ID + (++this.#requestCounter);
      this.#addPending(id, {
        kind: 'request', counted: false, sent: false, timeout: this.#options.requestTimeout,
        replied: (frame) => (frame.type === 'error' ? reject(new RequestFailedError(id, frame.body)) : resolve()),
        failed: reject,
      });
      this.#writeRequest(id, encode('unsubscribe', { topics: flat }, id));
    });
  }

  /**
   * Follows the server's running log (docs/logs.md): `listener.onLines(lines)` gets every line
   * once, in order, across reconnects and restarts, or `listener.onGap({lost, newRun})` first.
   * Each batch is acknowledged after the listener returned (or its promise settled). One tail per
   * client. Returns `{nextOffset, epoch, closed, close()}`.
   */
  tailRunningLog(listener) {
    if (this.#lifecycle === 'closed') throw new Error('the client is closed');
    if (this.#tail !== null && !this.#tail.closed) {
      throw new Error('a running log tail is already open on this client; close it first');
    }
    const onLines = typeof listener === 'function' ? listener : listener.onLines.bind(listener);
    const onGap = typeof listener === 'function' || !listener.onGap ? () => {} : listener.onGap.bind(listener);
    const tail = { cursor: new LogCursor(), onLines, onGap, closed: false, link: null, requestId: null };
    this.#tail = tail; // a closed predecessor's stream is superseded by this tail's request
    if (this.#phase === 'open') this.#requestRunningLog(this.#link);
    return {
      get nextOffset() { return tail.cursor.nextOffset; },
      get epoch() { return tail.cursor.epoch; },
      get closed() { return tail.closed; },
      close() { tail.closed = true; },
    };
  }

  /**
   * Who is subscribed to `topic` on the server: resolves with the `presence_result` body; fails
   * with RequestFailedError (code UNAUTHORIZED) when the server does not let this client see it.
   */
  presence(topic) {
    if (typeof topic !== 'string' || topic === '') return Promise.reject(new TypeError('presence needs a topic'));
    return this.request('presence', { topic }, { expect: 'presence_result' });
  }

  /** The client's TaskWatcher, in its task style. */
  get tasks() {
    if (this.#tasks === null) this.#tasks = new TaskWatcher(this, this.#options.taskStyle);
    return this.#tasks;
  }

  /** Watches tasks until each is terminal or refused, or the watch closes; see TaskWatcher. */
  watchTasks(taskIds, listener) { return this.tasks.watch(taskIds, listener); }

  /** Watches every task the endpoint lets this client see; see TaskWatcher. */
  watchAllTasks(listener) { return this.tasks.watchAll(listener); }

  /**
   * Closes the connection (1000) and stops for good: no reconnect, every pending promise fails
   * with DisconnectedError, listeners get a final 'closed'. Resolves when the socket is closed
   * (at most 2 s). Idempotent.
   */
  close() {
    if (this.#lifecycle === 'closed') return Promise.resolve();
    const cause = { kind: 'closed-by-client' };
    clearTimeout(this.#reconnectTimer);
    const link = this.#link;
    let socketClosed = Promise.resolve();
    if (link !== null) {
      if (link.opened) this.#changeState('closing', this.#attempt, null, null);
      socketClosed = link.ws === null ? Promise.resolve() : link.closedPromise;
      this.#dropLink(link, 'client closed');
    }
    if (this.#lifecycle === 'running') this.#changeState('closed', this.#attempt, null, cause);
    this.#lifecycle = 'closed';
    this.#failEverythingWaiting(new DisconnectedError('the client is closed', cause));
    return Promise.race([socketClosed, delay(2000)]).then(() => undefined);
  }

  // ----------------------------------------------------------------------------------- attempts

  async #startAttempt() {
    this.#reconnectTimer = null;
    this.#attempt++;
    const link = newLink();
    this.#link = link;
    this.#phase = 'connecting';
    this.#changeState('connecting', this.#attempt, null, null);
    let Impl;
    try {
      Impl = await this.#webSocketImpl();
    } catch (error) {
      // No WebSocket to connect with: no attempt can succeed, so the client stops at once.
      if (link === this.#link) {
        const cause = { kind: 'connect-failed', detail: String(error.message ?? error) };
        this.#dropLink(link, null);
        this.#stop(cause, cause.detail);
      }
      return;
    }
    let token = null;
    try {
      const supplier = this.#options.token;
      token = typeof supplier === 'function' ? await supplier() : supplier;
      if (this.#options.tokenPlacement !== null && (token == null || token === '')) {
        throw new Error('the token supplier returned no token');
      }
    } catch (error) {
      if (link === this.#link) this.#lost(link, { kind: 'connect-failed', detail: `token supplier failed: ${error.message ?? error}` }, false);
      return;
    }
    if (link !== this.#link) return; // closed or superseded meanwhile
    link.authToken = this.#options.tokenPlacement === 'first-message' ? token : null;
    let ws;
    try {
      ws = this.#openSocket(Impl, token);
    } catch (error) {
      // The WebSocket refused the URL or the options (a SyntaxError in a browser): no retry can help.
      const cause = { kind: 'connect-failed', detail: String(error.message ?? error) };
      this.#dropLink(link, null);
      this.#stop(cause, cause.detail);
      return;
    }
    link.ws = ws;
    ws.onopen = () => this.#opened(link);
    ws.onmessage = (event) => {
      try {
        this.#received(link, event.data);
      } catch (error) { // a frame that passed decoding but not its use: reported, never thrown at the socket
        this.#emitAll(this.#unknownListeners, { type: null, text: String(event.data), problem: String(error?.message ?? error) });
      }
    };
    ws.onerror = (event) => { link.error = event?.message ?? event?.error?.message ?? link.error; };
    ws.onclose = (event) => {
      link.resolveClosed();
      this.#socketClosed(link, event.code, event.reason);
    };
    link.connectTimer = setTimeout(() => {
      if (link === this.#link && !link.opened) {
        this.#lost(link, { kind: 'connect-failed', detail: `no handshake within ${this.#options.connectTimeout} ms` }, true);
      }
    }, this.#options.connectTimeout);
  }

  #openSocket(Impl, token) {
    const o = this.#options;
    const query = [];
    const headers = { ...(o.headers ?? {}) };
    if (o.tokenPlacement === 'header') {
      headers.Authorization = `Bearer ${token}`;
      if (o.clientId !== null) headers['X-Client-ID'] = o.clientId;
    } else if (o.clientId !== null) {
      query.push(`client_id=${encodeURIComponent(o.clientId)}`);
    }
    if (o.tokenPlacement === 'query') query.push(`token=${encodeURIComponent(token)}`);
    const url = query.length === 0 ? this.#url : `${this.#url}${this.#url.includes('?') ? '&' : '?'}${query.join('&')}`;
    const nodeStyle = typeof Impl.prototype?.on === 'function'; // the `ws` package: options, headers
    if (Object.keys(headers).length > 0 && !nodeStyle) {
      throw new Error('this WebSocket cannot send headers (a browser\'s cannot): use tokenPlacement \'query\' or \'first-message\', or the ws package in Node');
    }
    return nodeStyle ? new Impl(url, { headers, handshakeTimeout: o.connectTimeout }) : new Impl(url);
  }

  async #webSocketImpl() {
    if (this.#options.WebSocket !== null) return this.#options.WebSocket;
    if (IS_NODE) {
      try {
        const ws = await import('ws');
        return ws.WebSocket ?? ws.default;
      } catch (error) {
        if (typeof globalThis.WebSocket === 'function' && this.#options.tokenPlacement !== 'header'
            && this.#options.headers === null) {
          return globalThis.WebSocket;
        }
        throw new Error(`in Node, install the ws package (npm install ws) or pass options.WebSocket: ${error.message}`);
      }
    }
    if (typeof globalThis.WebSocket !== 'function') throw new Error('no WebSocket in this environment');
    return globalThis.WebSocket;
  }

  #opened(link) {
    if (link !== this.#link) {
      safeClose(link.ws, 'superseded');
      return;
    }
    link.opened = true;
    clearTimeout(link.connectTimer);
    link.lastInbound = Date.now();
    if (this.#options.tokenPlacement === 'first-message') {
      this.#phase = 'authenticating';
      this.#write(link, encode('auth', { token: link.authToken }));
      link.authTimer = setTimeout(() => {
        if (link === this.#link && this.#phase === 'authenticating') {
          this.#lost(link, { kind: 'connect-failed', detail: `no auth reply within ${this.#options.connectTimeout} ms` }, true);
        }
      }, this.#options.connectTimeout);
    } else {
      this.#becomeOpen(link);
    }
  }

  #becomeOpen(link) {
    clearTimeout(link.authTimer);
    this.#phase = 'open';
    this.#retryAfter = null;
    this.#changeState('open', this.#attempt, null, null);
    const first = this.#connected;
    if (first !== null && !first.settled) first.resolve();
    link.stableTimer = setTimeout(() => { if (link === this.#link) this.#attempt = 0; }, this.#options.reconnect.resetAfter);
    const hb = this.#options.heartbeat;
    if (hb !== null) {
      link.lastPing = Date.now();
      const every = Math.max(10, Math.floor(Math.min(hb.interval, hb.timeout) / 4));
      link.heartbeatTimer = setInterval(() => this.#checkHeartbeat(link), every);
    }
    for (const entry of [...this.#subscriptions]) {
      if (this.#phase !== 'open' || link !== this.#link) return;
      this.#sendSubscribe(entry);
    }
    if (this.#tail !== null && this.#tail.closed) this.#tail = null; // closed: not resumed
    if (this.#tail !== null && this.#phase === 'open') this.#requestRunningLog(link);
    this.#flushOutbox();
  }

  #checkHeartbeat(link) {
    if (link !== this.#link || this.#phase !== 'open') return;
    const now = Date.now();
    const hb = this.#options.heartbeat;
    if (now - link.lastInbound > hb.timeout) {
      this.#lost(link, { kind: 'heartbeat-timeout', silence: now - link.lastInbound }, true);
    } else if (now - link.lastPing >= hb.interval) {
      link.lastPing = now;
      this.#write(link, encode('ping', {}, HEARTBEAT_ID + (++this.#pingCounter)));
    }
  }

  // ----------------------------------------------------------------------------------- inbound

  #received(link, data) {
    if (link !== this.#link) return;
    link.lastInbound = Date.now();
    const text = typeof data === 'string' ? data : String(data);
    // A type that is not built in is read when someone listens for it, or it answers a request.
    const frame = decode(text, (type, id) => this.#listeners.has(type)
      || (typeof id === 'string' && (this.#pending.has(id) || this.#expired.has(id))));
    if (frame.problem !== undefined) {
      this.#emitAll(this.#unknownListeners, frame);
      return;
    }
    if (this.#phase === 'authenticating' && this.#authReply(link, frame)) return;
    if (frame.type === 'error' && typeof frame.body.retry_after === 'number') {
      const wait = Math.max(0, frame.body.retry_after);
      if (this.#retryAfter === null || wait > this.#retryAfter) this.#retryAfter = wait;
    }
    const id = frame.id;
    if (frame.type === 'pong' && typeof id === 'string' && id.startsWith(HEARTBEAT_ID)) return;
    if (typeof id === 'string' && this.#pending.has(id)) {
      const entry = this.#removePending(id);
      entry.replied(frame);
      return;
    }
    if (typeof id === 'string' && this.#expired.has(id)) return; // a late reply: its caller has its timeout
    const pos = frame.pos;
    if (pos != null && this.#options.recovery && this.#names.has(pos.topic)
        && Number.isInteger(pos.offset) && typeof pos.epoch === 'string') {
      const seen = this.#positions.get(pos.topic);
      // Delivered already: replayed after a resume from before a lost ack.
      if (seen !== undefined && seen.epoch === pos.epoch && pos.offset <= seen.offset) return;
      this.#positions.set(pos.topic, { offset: pos.offset, epoch: pos.epoch }); // what a resubscription resumes from
    }
    if (frame.type === 'running_log' && this.#tail !== null) {
      const tail = this.#tail;
      if (tail.link === link && (id == null || id === tail.requestId)) this.#runningLog(link, tail, frame.body);
      return; // else a superseded stream's batch
    }
    this.#deliver(frame);
  }

  /** Handles the answer to a first-message auth; false if the frame is something else. */
  #authReply(link, frame) {
    if (frame.type === 'common_reply' && frame.body.message === 'auth ok') {
      this.#becomeOpen(link);
      return true;
    }
    if (frame.type === 'common_reply' && frame.body.message === 'auth error') {
      this.#lost(link, { kind: 'authentication-refused', detail: 'auth error' }, true);
      return true;
    }
    if (frame.type === 'error' && AUTH_ERRORS.has(frame.body.code)) {
      const detail = frame.body.code + (frame.body.message ? `: ${frame.body.message}` : '');
      this.#lost(link, { kind: 'authentication-refused', detail }, true);
      return true;
    }
    return false;
  }

  #deliver(frame) {
    const listeners = [...(this.#listeners.get(frame.type) ?? []), ...(this.#listeners.get('*') ?? [])];
    for (const { listener } of listeners) this.#emit(() => listener(frame.body, frame));
  }

  // ----------------------------------------------------------------------------------- running log

  #requestRunningLog(link) {
    const tail = this.#tail;
    tail.link = link;
    tail.requestId = RUNNING_LOG_ID + (++this.#requestCounter);
    this.#write(link, encode('get_running_log', tail.cursor.request(), tail.requestId));
  }

  /** Applies a batch, has it delivered, then acknowledges it once the listener is done with it. */
  #runningLog(link, tail, body) {
    if (tail.closed) {
      this.#write(link, encode('common_reply', { message: 'ok' }));
      return;
    }
    const step = tail.cursor.apply(body.log);
    // Not awaited by the callback queue: a slow listener holds back this stream only (the server
    // sends the next batch after the acknowledgement), not the client's other callbacks.
    this.#emit(async () => {
      try {
        if (step.gap !== null && !tail.closed) await tail.onGap(step.gap);
        if (step.lines.length > 0 && !tail.closed) await tail.onLines(step.lines);
      } catch (error) {
        warn(`running log listener threw: ${error?.stack ?? error}`);
      }
      // On another connection the batch's stream is gone; the tail resumes from its own position there.
      if (link === this.#link && this.#phase === 'open' && this.#tail === tail && tail.link === link) {
        this.#write(link, encode('common_reply', { message: 'ok' }));
      }
    });
  }

  // ----------------------------------------------------------------------------------- losing a connection

  #socketClosed(link, code, reason) {
    if (link !== this.#link) return;
    if (!link.opened) {
      const status = /\b(\d{3})\b/.exec(link.error ?? '');
      const httpStatus = status && /response|status/i.test(link.error) ? Number(status[1]) : null;
      let cause;
      if (httpStatus === 401 || httpStatus === 403) {
        cause = { kind: 'authentication-refused', detail: `HTTP ${httpStatus} at the handshake` };
      } else if (httpStatus !== null) {
        cause = { kind: 'handshake-refused', httpStatus };
      } else {
        cause = { kind: 'connect-failed', detail: link.error ?? `closed with ${code} before opening` };
      }
      this.#lost(link, cause, false);
      return;
    }
    this.#lost(link, { kind: 'closed', code, reason: reason ?? '' }, false);
  }

  /**
   * The attempt or connection of `link` is over. Fails what was sent on it, then schedules the
   * next attempt or stops for good, as `decide` says.
   */
  #lost(link, cause, closeIt) {
    if (link !== this.#link) return;
    this.#dropLink(link, closeIt ? closeReasonFor(cause) : null);
    const failure = new DisconnectedError(`connection lost: ${describe(cause)}`, cause);
    for (const [id, entry] of [...this.#pending]) {
      if (entry.sent) {
        this.#removePending(id);
        if (entry.kind === 'request') entry.failed(failure);
        // a subscribe stays remembered: replayed on the next connection
      }
    }
    const decision = decide(cause, this.#attempt + 1, this.#options.reconnect, this.#retryAfter);
    this.#retryAfter = null;
    if (decision.reconnect) {
      this.#changeState('closed', this.#attempt + 1, decision.delay, cause);
      this.#reconnectTimer = setTimeout(() => this.#startAttempt(), decision.delay);
    } else {
      this.#stop(cause, decision.reason);
    }
  }

  /** Forgets the current link, stops its timers, and closes its socket if `closeReason` is set. */
  #dropLink(link, closeReason) {
    this.#link = null;
    this.#phase = 'none';
    clearTimeout(link.connectTimer);
    clearTimeout(link.authTimer);
    clearTimeout(link.stableTimer);
    clearInterval(link.heartbeatTimer);
    if (closeReason !== null && link.ws !== null) safeClose(link.ws, closeReason);
  }

  /** The client will not reconnect: fails everything that waits for a connection. */
  #stop(cause, reason) {
    this.#lifecycle = 'stopped';
    this.#changeState('closed', this.#attempt, null, cause);
    this.#attempt = 0;
    const failure = isAuthFailure(cause) ? new AuthenticationFailedError(cause)
      : new DisconnectedError(`not reconnecting: ${reason}`, cause);
    this.#failEverythingWaiting(failure);
  }

  #failEverythingWaiting(failure) {
    const first = this.#connected;
    if (first !== null && !first.settled) first.reject(failure);
    for (const [id, entry] of [...this.#pending]) {
      this.#removePending(id);
      if (entry.kind === 'request') entry.failed(failure);
    }
    for (const item of this.#outbox.splice(0)) item.reject(failure);
    for (const entry of this.#subscriptions) {
      for (const waiting of entry.waiting.splice(0)) waiting.reject(failure);
    }
  }

  // ----------------------------------------------------------------------------------- outbound

  /** Writes a frame on `link`'s socket, enforcing MAX_UNSENT_BYTES; false if it could not. */
  #write(link, text) {
    if (link === null || link !== this.#link || link.ws === null || !link.opened) return false;
    const unsent = link.ws.bufferedAmount ?? 0;
    if (unsent + text.length > MAX_UNSENT_BYTES) {
      this.#lost(link, { kind: 'send-stalled', unsentBytes: unsent }, true);
      return false;
    }
    try {
      link.ws.send(text);
      return true;
    } catch (error) {
      return false;
    }
  }

  #writeRequest(id, text) {
    const entry = this.#pending.get(id);
    if (entry === undefined) return; // timed out meanwhile
    entry.sent = true;
    if (!this.#write(this.#link, text)) this.#failPending(id, this.#notConnected());
  }

  #sendSubscribe(entry) {
    const id = REQUEST_ID + (++this.#requestCounter);
    let message = entry.message;
    let since = null;
    if (this.#options.recovery) {
      message = { ...message, positions: true };
      for (const name of namesOf(entry.message)) {
        const p = isPattern(name) ? undefined : this.#unconfirmed.get(name) ?? this.#positions.get(name);
        if (p !== undefined) (since ??= {})[name] = { offset: p.offset, epoch: p.epoch };
      }
      if (since !== null) {
        message.since = since;
        for (const [name, p] of Object.entries(since)) if (!this.#unconfirmed.has(name)) this.#unconfirmed.set(name, p);
      }
    }
    const refused = (failure, error) => {
      const waiting = this.#dropSubscription(entry);
      if (waiting.length === 0) {
        // A replay nobody waits for: the log and the 'error' listeners are the only way to tell.
        warn(`replayed subscription ${namesOf(entry.message).join(', ')} dropped: ${failure.message}`);
        if (error) this.#deliver({ type: 'error', id, timestamp: undefined, body: error });
      }
      waiting.forEach((w) => w.reject(failure));
    };
    this.#addPending(id, {
      kind: 'subscribe', counted: false, sent: false, timeout: this.#options.requestTimeout,
      replied: (frame) => {
        if (!this.#subscriptions.includes(entry)) return; // unsubscribed or replaced meanwhile
        if (frame.type === 'ack' && frame.body.success === true) {
          const states = frame.body.positions;
          if (this.#options.recovery && states != null && typeof states === 'object') {
            for (const [topic, state] of Object.entries(states)) this.#wentLive(topic, state, since);
          }
          if (since !== null) for (const name of Object.keys(since)) this.#unconfirmed.delete(name);
          entry.waiting.splice(0).forEach((w) => w.resolve());
          return;
        }
        const error = frame.type === 'error' ? frame.body
          : { code: 'UNKNOWN', message: frame.type === 'ack' ? String(frame.body.error) : `unexpected reply ${frame.type}` };
        refused(new RequestFailedError(id, error), frame.type === 'error' ? error : null);
      },
      timedOut: () => refused(new RequestTimeoutError(id, this.#options.requestTimeout), null),
    });
    this.#writeRequest(id, encode('subscribe', message, id));
  }

  #flushOutbox() {
    while (this.#phase === 'open' && this.#outbox.length > 0) {
      const item = this.#outbox.shift();
      if (item.requestId !== null) {
        this.#writeRequest(item.requestId, item.text); // a request that timed out there is skipped
      } else if (this.#write(this.#link, item.text)) {
        item.resolve();
      } else {
        item.reject(this.#notConnected());
      }
    }
  }

  #outboxAccepts() {
    return this.#options.outbox > 0 && (this.#lifecycle === 'new' || this.#lifecycle === 'running');
  }

  #notConnected() {
    switch (this.#lifecycle) {
      case 'new': return new DisconnectedError('not connected: connect() was not called');
      case 'running': return new DisconnectedError(`not connected (${this.#state}, attempt ${this.#attempt})`);
      case 'stopped': return new DisconnectedError('not connected: the client stopped reconnecting');
      default: return closedError();
    }
  }

  // ----------------------------------------------------------------------------------- pending replies

  #addPending(id, entry) {
    entry.timer = setTimeout(() => {
      const timedOut = this.#removePending(id);
      if (timedOut === undefined) return;
      this.#expired.add(id);
      if (this.#expired.size > MAX_EXPIRED_IDS) this.#expired.delete(this.#expired.values().next().value);
      if (timedOut.timedOut) timedOut.timedOut();
      else timedOut.failed(new RequestTimeoutError(id, timedOut.timeout));
    }, entry.timeout);
    this.#pending.set(id, entry);
    if (entry.counted) this.#counted++;
  }

  #removePending(id) {
    const entry = this.#pending.get(id);
    if (entry === undefined) return undefined;
    this.#pending.delete(id);
    clearTimeout(entry.timer);
    if (entry.counted) this.#counted--;
    return entry;
  }

  #failPending(id, failure) {
    const entry = this.#removePending(id);
    if (entry !== undefined && entry.kind === 'request') entry.failed(failure);
  }

  // ----------------------------------------------------------------------------------- subscriptions

  /** Forgets `names` in every entry; returns the callers waiting on entries left empty. */
  #forget(names) {
    const drop = new Set(names);
    const orphaned = [];
    for (const entry of [...this.#subscriptions]) {
      const m = entry.message;
      const next = { ...m };
      if (m.events) next.events = m.events.filter((n) => !drop.has(n));
      if (m.topics) next.topics = m.topics.filter((n) => !drop.has(n));
      entry.message = next;
      if (namesOf(next).length === 0) {
        this.#subscriptions = this.#subscriptions.filter((e) => e !== entry);
        orphaned.push(...entry.waiting.splice(0));
      }
    }
    this.#namesChanged();
    return orphaned;
  }

  #dropSubscription(entry) {
    this.#subscriptions = this.#subscriptions.filter((e) => e !== entry);
    this.#namesChanged();
    return entry.waiting.splice(0);
  }

  /** Recomputes the remembered names and keeps positions only for them. */
  #namesChanged() {
    this.#names = new Set(this.subscriptions);
    for (const topic of [...this.#positions.keys()]) if (!this.#names.has(topic)) this.#positions.delete(topic);
    for (const topic of [...this.#unconfirmed.keys()]) if (!this.#names.has(topic)) this.#unconfirmed.delete(topic);
  }

  /**
   * Notes where `topic` went live (a newer position already seen in the same epoch, a live push
   * that overtook the ack, wins), and reports a topic the server could not resume completely.
   */
  #wentLive(topic, state, since) {
    if (state == null || !Number.isInteger(state.offset) || typeof state.epoch !== 'string') return;
    if (!isPattern(topic) && this.#names.has(topic)) {
      const seen = this.#positions.get(topic);
      if (seen === undefined || seen.epoch !== state.epoch || seen.offset < state.offset) {
        this.#positions.set(topic, { offset: state.offset, epoch: state.epoch });
      }
    }
    if (state.recovered === false) {
      const last = since?.[topic];
      const event = Object.freeze({
        topic,
        reason: RECOVERY_REASONS.has(state.reason) ? state.reason : 'unknown',
        lastSeen: last ? Object.freeze({ topic, offset: last.offset, epoch: last.epoch }) : null,
        resumedAt: Object.freeze({ topic, offset: state.offset, epoch: state.epoch }),
      });
      if (this.#recoveryListeners.size === 0) {
        warn(`${topic}: not recovered (${event.reason}); publications after ${JSON.stringify(last ?? null)} up to offset ${state.offset} were missed`);
      }
      this.#emitAll(this.#recoveryListeners, event);
    }
  }

  // ----------------------------------------------------------------------------------- callbacks

  #changeState(state, attempt, nextDelay, cause) {
    this.#state = state;
    const change = Object.freeze({
      state, attempt, nextDelay, cause, final: state === 'closed' && nextDelay === null,
    });
    this.#emitAll(this.#stateListeners, change);
  }

  #emitAll(entries, value) {
    for (const { listener } of [...entries]) this.#emit(() => listener(value));
  }

  /** Runs `callback` later, in order with every other callback, and logs what it throws. */
  #emit(callback) {
    this.#callbacks.push(callback);
    if (!this.#draining) {
      this.#draining = true;
      queueMicrotask(() => this.#drain());
    }
  }

  #drain() {
    while (this.#callbacks.length > 0) {
      const callback = this.#callbacks.shift();
      try {
        const result = callback();
        if (result && typeof result.catch === 'function') result.catch((error) => warn(`listener failed: ${error?.stack ?? error}`));
      } catch (error) {
        warn(`listener threw: ${error?.stack ?? error}`);
      }
    }
    this.#draining = false;
  }
}

// ------------------------------------------------------------------------------------- frames

/** Encodes a client frame in its type's default envelope (or `envelope`), with `id` when given. */
export function encode(type, body = {}, id = undefined, envelope = undefined) {
  const where = envelope ?? MESSAGE_TYPES[type]?.envelope ?? 'data';
  const frame = { type };
  if (id !== undefined) frame.id = id;
  if (where === 'flat') {
    for (const key of Object.keys(body)) {
      if (key in frame || FRAME_KEYS.has(key) || key === 'data' || key === 'payload') {
        throw new TypeError(`a flat ${type} frame cannot hold a body field named '${key}'`);
      }
    }
    return JSON.stringify(Object.assign(frame, body));
  }
  frame[where] = body;
  return JSON.stringify(frame);
}

/**
 * Decodes a frame by the rules of docs/protocol.md §1: the body is under `data`, else under
 * `payload`, else an `error` frame's `error` object, else beside `type`. Returns
 * `{type, id, timestamp, body, envelope}`, or `{type, text, problem}` for a frame it cannot read:
 * not JSON, no type, a type neither built in nor listened for, a client message, a missing
 * required field.
 */
export function decode(text, acceptType = null) {
  let json;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { type: null, text, problem: `not JSON: ${error.message}` };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { type: null, text, problem: 'not a JSON object' };
  }
  const type = json.type;
  if (typeof type !== 'string' || type === '') return { type: null, text, problem: 'no type' };
  const known = MESSAGE_TYPES[type];
  if (known === undefined && !(acceptType !== null && acceptType(type, json.id))) {
    return { type, text, problem: `unknown type ${type}` };
  }
  if (known !== undefined && !known.server) return { type, text, problem: `${type} is a client message` };
  let body;
  let envelope;
  if ('data' in json) {
    body = json.data ?? {};
    envelope = 'data';
  } else if ('payload' in json) {
    body = json.payload ?? {};
    envelope = 'payload';
  } else if (type === 'error' && json.error !== null && typeof json.error === 'object') {
    body = json.error;
    envelope = 'error';
  } else {
    body = {};
    for (const key of Object.keys(json)) if (!FRAME_KEYS.has(key)) body[key] = json[key];
    envelope = 'flat';
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { type, text, problem: `${type}: the ${envelope} body is not an object` };
  }
  for (const field of known?.required ?? []) {
    if (body[field] == null) return { type, text, problem: `${type}: missing field "${field}"` };
  }
  const frame = { type, id: json.id, timestamp: json.timestamp, body, envelope };
  if (json.pos !== null && typeof json.pos === 'object') frame.pos = json.pos;
  return frame;
}

/** An instant in either wire form (ISO-8601 string or epoch milliseconds) as a Date. */
export function toDate(value) {
  return new Date(value);
}

// ------------------------------------------------------------------------------------- helpers

function normalizeOptions(options) {
  const o = { ...DEFAULTS, ...options };
  if (!(o.dialect in DIALECTS)) {
    throw new TypeError(`no dialect named '${o.dialect}'; known: ${Object.keys(DIALECTS).join(', ')}`);
  }
  if (o.token != null && o.tokenPlacement === null) o.tokenPlacement = 'query';
  if (o.tokenPlacement !== null && !PLACEMENTS.includes(o.tokenPlacement)) {
    throw new TypeError(`tokenPlacement must be one of ${PLACEMENTS.join(', ')}, got '${o.tokenPlacement}'`);
  }
  if (o.tokenPlacement !== null && o.token == null) throw new TypeError(`tokenPlacement '${o.tokenPlacement}' needs a token`);
  if (o.tokenPlacement === null) o.token = null;
  const sendsHeaders = o.tokenPlacement === 'header' || o.headers !== null;
  if (sendsHeaders && (o.WebSocket === null ? !IS_NODE : typeof o.WebSocket.prototype?.on !== 'function')) {
    throw new TypeError('a browser\'s WebSocket cannot send headers: use tokenPlacement \'query\' or \'first-message\' (or the ws package in Node)');
  }
  positive('connectTimeout', o.connectTimeout);
  positive('requestTimeout', o.requestTimeout);
  if (o.heartbeat === false) {
    o.heartbeat = null;
  } else {
    o.heartbeat = { ...DEFAULTS.heartbeat, ...o.heartbeat };
    positive('heartbeat.interval', o.heartbeat.interval);
    positive('heartbeat.timeout', o.heartbeat.timeout);
    if (o.heartbeat.timeout <= o.heartbeat.interval) {
      throw new TypeError(`heartbeat timeout ${o.heartbeat.timeout} must be longer than the interval ${o.heartbeat.interval}`);
    }
  }
  o.reconnect = o.reconnect === false ? { ...DEFAULTS.reconnect, minDelay: 1, maxDelay: 1, maxAttempts: 0 }
    : { ...DEFAULTS.reconnect, ...o.reconnect };
  positive('reconnect.minDelay', o.reconnect.minDelay);
  if (o.reconnect.maxDelay < o.reconnect.minDelay) throw new TypeError('reconnect.maxDelay is below reconnect.minDelay');
  if (!(o.reconnect.maxAttempts >= 0)) throw new TypeError('reconnect.maxAttempts must be >= 0');
  positive('reconnect.resetAfter', o.reconnect.resetAfter);
  if (!(Number.isInteger(o.outbox) && o.outbox >= 0)) throw new TypeError(`outbox must be an integer >= 0, got ${o.outbox}`);
  if (!(Number.isInteger(o.maxPendingRequests) && o.maxPendingRequests >= 1)) {
    throw new TypeError(`maxPendingRequests must be an integer >= 1, got ${o.maxPendingRequests}`);
  }
  if (!TASK_STYLES.includes(o.taskStyle)) throw new TypeError(`unknown taskStyle '${o.taskStyle}'`);
  o.recovery = o.recovery !== false;
  return Object.freeze(o);
}

function positive(name, value) {
  if (!(typeof value === 'number' && value > 0)) throw new TypeError(`${name} must be a positive number of ms, got ${value}`);
}

function resolveUrl(url) {
  let resolved = String(url);
  if (!/^wss?:\/\//i.test(resolved)) {
    const base = typeof location !== 'undefined' ? location.href : undefined;
    const u = new URL(resolved, base);
    if (u.protocol === 'http:') u.protocol = 'ws:';
    else if (u.protocol === 'https:') u.protocol = 'wss:';
    resolved = u.href;
  }
  if (!/^wss?:\/\//i.test(resolved)) throw new TypeError(`a Pushwire URL starts with ws:// or wss://, got ${url}`);
  if (resolved.includes('#')) throw new TypeError(`a WebSocket URL has no fragment: ${url}`);
  return resolved;
}

function subscribeBody(first, more) {
  if (typeof first === 'string') return { topics: [first, ...more] };
  if (Array.isArray(first)) return { topics: [...first] };
  if (first && typeof first === 'object') {
    const body = {};
    if (first.events) body.events = [...first.events];
    if (first.topics) body.topics = [...first.topics];
    if (first.filters && Object.keys(first.filters).length > 0) body.filters = first.filters;
    return body;
  }
  return {};
}

/** A wildcard pattern: no single stream, so never resumed `since` a position. */
function isPattern(name) {
  return name.includes('*') || name.includes('?');
}

function namesOf(message) {
  return [...(message.events ?? []), ...(message.topics ?? [])];
}

function newLink() {
  let resolveClosed;
  const closedPromise = new Promise((resolve) => { resolveClosed = resolve; });
  return {
    ws: null, opened: false, error: null, authToken: null, lastInbound: Date.now(), lastPing: 0,
    connectTimer: null, authTimer: null, stableTimer: null, heartbeatTimer: null, closedPromise, resolveClosed,
  };
}

function closeReasonFor(cause) {
  switch (cause.kind) {
    case 'heartbeat-timeout': return 'heartbeat timeout';
    case 'send-stalled': return 'send stalled';
    case 'closed-by-client': return 'client closed';
    default: return 'giving up';
  }
}

function safeClose(ws, reason) {
  try {
    if (ws.readyState === 0 && typeof ws.terminate === 'function') ws.terminate(); // ws: no close frame before open
    else ws.close(1000, reason);
  } catch (error) {
    // already closing
  }
}

function closedError() {
  return new DisconnectedError('the client is closed', { kind: 'closed-by-client' });
}

function deferred() {
  const d = { settled: false };
  d.promise = new Promise((resolve, reject) => {
    d.resolve = (value) => { d.settled = true; resolve(value); };
    d.reject = (error) => { d.settled = true; reject(error); };
  });
  return d;
}

function delay(ms) {
  return new Promise((resolve) => { const t = setTimeout(resolve, ms); t?.unref?.(); });
}

function guard(callback, what) {
  try {
    callback();
  } catch (error) {
    warn(`${what} threw: ${error?.stack ?? error}`);
  }
}

function warn(message) {
  if (typeof console !== 'undefined') console.warn(`[pushwire] ${message}`);
}
