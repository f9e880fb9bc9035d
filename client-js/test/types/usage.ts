// Type-checked with `tsc -p test/types` by the build (never run): what the declarations let an
// application write, and (@ts-expect-error) what they refuse. A change to the Java model that
// breaks these lines fails the build once the types are regenerated.
import {
  PushClient, RequestFailedError, DIALECTS, MESSAGE_TYPES, type StateChange, type TaskUpdate,
  type ServerMessages, type ClientFrame, type ServerFrame, type TimeOf, type RecoveryIncomplete, type RecoveryReason,
} from '../../src/pushwire.js';

const client = new PushClient('ws://127.0.0.1:8025/ws/task', { token: 's3cret', tokenPlacement: 'query' });

// Listeners get the body of their type; 'standard' writes instants as epoch milliseconds.
client.on('task_progress', (p, frame) => {
  const percent: number = p.progress.percentage;
  const id: string = p.task_id;
  const when: number | undefined = frame.timestamp;
  void percent; void id; void when;
});
client.on('pong', (pong) => { const t: number | undefined = pong.server_time; void t; });
client.on('alert', (a) => { // AlertTriggered | AlertResolved
  const level: 'info' | 'warning' | 'error' | 'critical' | 'unknown' = a.level;
  const by: string | undefined = 'resolved_by' in a ? a.resolved_by : undefined;
  void level; void by;
});
client.on('deploy_finished', (body) => { const b: unknown = body; void b; }); // an application's own type
client.onStateChange((change: StateChange) => {
  if (change.cause?.kind === 'closed') { const code: number = change.cause.code; void code; }
});
// @ts-expect-error: a task_progress body has no field 'percent'
client.on('task_progress', (p) => p.percent);

// An ISO dialect writes instants as strings.
const iso = new PushClient('ws://127.0.0.1:8080/ws', { dialect: 'envelope-iso', token: 'k', tokenPlacement: 'header' });
iso.on('pong', (pong) => { const t: string | undefined = pong.server_time; void t; });
// @ts-expect-error: not a dialect name
new PushClient('ws://x', { dialect: 'seed-001' });

async function requests(): Promise<void> {
  const status = await client.request('get_task', { task_id: 'task_123' }, { expect: 'task_status' });
  const state: 'pending' | 'running' | 'completed' | 'failed' | 'cancelled' | 'unknown' = status.status;
  const either = await client.request('requestTaskStatus', { videoId: 'v' }, { expect: ['taskUpdated', 'error'] });
  void state; void either;
  const frame = await client.request('ping');
  const pong: ServerMessages<number>['pong'] = frame.body as ServerMessages<number>['pong'];
  void pong;
  await client.request('deploy', { service: 'billing' }); // an application's own request type
  // @ts-expect-error: get_task needs task_id
  await client.request('get_task', { task: 'x' }, { expect: 'task_status' });
  // @ts-expect-error: a client does not send pong
  await client.send('pong', {});
  try {
    await client.subscribe({ events: ['alert.*'], filters: { level: ['critical'] } });
  } catch (e) {
    if (e instanceof RequestFailedError) { const code: string = e.code; const retry: number | null = e.retryAfter; void code; void retry; }
  }
}
void requests;

const tail = client.tailRunningLog({
  onLines: (lines) => lines.forEach((l) => { const text: string = `${l.date_time} ${l.level} ${l.content}`; void text; }),
  onGap: (gap) => { const n: number = gap.lost; void n; },
});
const offset: number = tail.nextOffset;
void offset;

const watch = client.watchTasks(['task_123'], (u: TaskUpdate) => { if (u.terminal) { const url: string | null = u.resultUrl; void url; } });
void watch.taskIds;

// The generated wire shapes, for code that speaks the protocol without this client.
const out: ClientFrame = { type: 'get_task', id: 'r1', data: { task_id: 't' } };
const inbound: ServerFrame<'payload-millis'> = { type: 'taskUpdated', timestamp: 1, payload: { videoId: 'v', status: 'QUEUED' } };
// @ts-expect-error: seed 004 writes taskUpdated under payload, not data
const wrong: ServerFrame<'payload-millis'> = { type: 'taskUpdated', data: { videoId: 'v', status: 'QUEUED' } };
const millis: TimeOf<'standard'> = 1;
void out; void inbound; void wrong; void millis;
const envelope: 'payload' = MESSAGE_TYPES.taskUpdated.envelope;
const stamps: 'epoch-millis' = DIALECTS['payload-millis'].timestamps;
void envelope; void stamps;

// Recovery: on by default, off with recovery: false; positions on pushes; one event per incomplete topic.
new PushClient('ws://x', { token: 't', recovery: false });
client.on('task_status', (_s, frame) => {
  if (frame.pos !== undefined) { const at: number = frame.pos.offset; const epoch: string = frame.pos.epoch; void at; void epoch; }
});
client.onRecovery((e: RecoveryIncomplete) => {
  const reason: RecoveryReason = e.reason;
  const missedFrom: number | undefined = e.lastSeen?.offset;
  const topic: string = e.resumedAt.topic;
  // @ts-expect-error: lastSeen may be null
  const strict: number = e.lastSeen.offset;
  void reason; void missedFrom; void topic; void strict;
});
// @ts-expect-error: not a recovery reason
const badReason: RecoveryReason = 'gone';
void badReason;

// Presence: a promise of the presence_result body; join and leave as typed pushes.
async function presence(): Promise<void> {
  const who = await client.presence('room:1');
  const counts: number = who.connections + who.users;
  const names: string[] = who.clients.map((c) => c.user);
  const info: Record<string, unknown> | undefined = who.clients[0]?.info;
  void counts; void names; void info;
  try {
    await client.presence('secret');
  } catch (e) {
    if (e instanceof RequestFailedError && e.code === 'UNAUTHORIZED') { /* not revealed */ }
  }
}
void presence;
client.on('presence_join', (j) => { const who: string = j.client.connection; const t: string = j.topic; void who; void t; });
client.on('presence_leave', (l) => { const user: string = l.client.user; void user; });
// @ts-expect-error: presence takes a topic name
client.presence();
