// What the client writes for recovery, on a scripted socket (no server): `since` only for exact
// topics with a position, positions kept only for remembered topics, a complete recovery silent.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { client, states, closeAll } from './support/clients.js';
import { until } from './support/wait.js';

afterEach(closeAll);

/** A browser-style WebSocket whose every instance is kept in `sockets`, the frames sent in `sent`. */
function scripted() {
  const sockets = [];
  class Scripted {
    constructor(url) {
      this.url = url;
      this.readyState = 0;
      this.bufferedAmount = 0;
      this.sent = [];
      sockets.push(this);
      setTimeout(() => { this.readyState = 1; this.onopen?.(); }, 0);
    }

    send(text) { this.sent.push(JSON.parse(text)); }

    close(code = 1000, reason = '') { this.drop(code, reason); }

    /** The server writes `frame`. */
    push(frame) { this.onmessage?.({ data: JSON.stringify(frame) }); }

    drop(code = 1006, reason = '') {
      if (this.readyState === 3) return;
      this.readyState = 3;
      this.onclose?.({ code, reason });
    }
  }
  return { Scripted, sockets };
}

const subscribes = (ws) => ws.sent.filter((f) => f.type === 'subscribe');
const ack = (ws, frame, positions) => ws.push({ type: 'ack', id: frame.id, data: { success: true, positions } });

test('resubscribes with since for exact topics only; positions follow the remembered names', async () => {
  const { Scripted, sockets } = scripted();
  const c = client('ws://127.0.0.1:1/std', { WebSocket: Scripted });
  const s = states(c);
  const events = [];
  c.onRecovery((e) => events.push(e));
  await c.connect();
  const subscribed = c.subscribe(['news', 'feed:*', 'gone']);
  await until(() => subscribes(sockets[0]).length === 1, 'the subscribe');
  const [first] = subscribes(sockets[0]);
  assert.deepEqual(first.data, { topics: ['news', 'feed:*', 'gone'], positions: true });
  ack(sockets[0], first, { news: { offset: 4, epoch: 'e1' }, 'feed:*': { offset: 2, epoch: 'e1' }, gone: { offset: 0, epoch: 'e1' } });
  await subscribed;
  const pos = (topic, offset) => ({ type: 'task_status', pos: { topic, offset, epoch: 'e1' }, data: { task_id: 't', status: 'running' } });
  sockets[0].push(pos('news', 5));
  sockets[0].push(pos('feed:a', 9)); // through the pattern: not a remembered topic
  sockets[0].push(pos('other', 3)); // not subscribed at all
  const unsubscribed = c.unsubscribe('gone'); // its position goes with it
  const unsub = await until(() => sockets[0].sent.find((f) => f.type === 'unsubscribe'), 'the unsubscribe');
  sockets[0].push({ type: 'ack', id: unsub.id, data: { success: true } });
  await unsubscribed;
  sockets[0].drop();
  await until(() => s.count('open') === 2 && subscribes(sockets[1]).length === 1, 'the resubscription');
  const [replay] = subscribes(sockets[1]);
  assert.deepEqual(replay.data, { topics: ['news', 'feed:*'], positions: true, since: { news: { offset: 5, epoch: 'e1' } } });
  ack(sockets[1], replay, { news: { offset: 5, epoch: 'e1', recovered: true } });
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(events, [], 'a complete recovery is not reported');
  c.subscribe('gone').catch(() => {}); // subscribed again: its old position was forgotten
  await until(() => subscribes(sockets[1]).length === 2, 'the new subscribe');
  assert.deepEqual(subscribes(sockets[1])[1].data, { topics: ['gone'], positions: true });
});

test('recovered: false is one event with the reason, the position sent and where it went live', async () => {
  const { Scripted, sockets } = scripted();
  const c = client('ws://127.0.0.1:1/std', { WebSocket: Scripted });
  const s = states(c);
  const events = [];
  c.onRecovery((e) => events.push(e));
  await c.connect();
  const subscribed = c.subscribe('news');
  await until(() => subscribes(sockets[0]).length === 1, 'the subscribe');
  ack(sockets[0], subscribes(sockets[0])[0], { news: { offset: 7, epoch: 'e1' } });
  await subscribed;
  sockets[0].drop();
  await until(() => s.count('open') === 2 && subscribes(sockets[1]).length === 1, 'the resubscription');
  const [replay] = subscribes(sockets[1]);
  assert.deepEqual(replay.data.since, { news: { offset: 7, epoch: 'e1' } }, 'the ack position, no push seen');
  ack(sockets[1], replay, { news: { offset: 20, epoch: 'e1', recovered: false, reason: 'too_many' } });
  await until(() => events.length === 1, 'the event');
  assert.deepEqual(events[0], {
    topic: 'news', reason: 'too_many',
    lastSeen: { topic: 'news', offset: 7, epoch: 'e1' }, resumedAt: { topic: 'news', offset: 20, epoch: 'e1' },
  });
  sockets[1].drop();
  await until(() => s.count('open') === 3 && subscribes(sockets[2]).length === 1, 'the next resubscription');
  assert.deepEqual(subscribes(sockets[2])[0].data.since, { news: { offset: 20, epoch: 'e1' } }, 'resumes from where it went live');
});

test('a connection lost before the ack resumes from the same since, and what was delivered is dropped', async () => {
  const { Scripted, sockets } = scripted();
  const c = client('ws://127.0.0.1:1/std', { WebSocket: Scripted });
  const s = states(c);
  const events = [];
  const delivered = [];
  c.onRecovery((e) => events.push(e));
  c.on('task_status', (body) => delivered.push(body.task_id));
  await c.connect();
  const subscribed = c.subscribe('news');
  await until(() => subscribes(sockets[0]).length === 1, 'the subscribe');
  ack(sockets[0], subscribes(sockets[0])[0], { news: { offset: 4, epoch: 'e1' } });
  await subscribed;
  const push = (ws, offset) => ws.push({ type: 'task_status', pos: { topic: 'news', offset, epoch: 'e1' },
    data: { task_id: `n${offset}`, status: 'running' } });
  push(sockets[0], 5);
  sockets[0].drop();
  // Connection 2: the topic goes live past a gap (6-8), its pushes come, the ack never does.
  await until(() => s.count('open') === 2 && subscribes(sockets[1]).length === 1, 'the resubscription');
  assert.deepEqual(subscribes(sockets[1])[0].data.since, { news: { offset: 5, epoch: 'e1' } });
  push(sockets[1], 9);
  push(sockets[1], 10);
  await until(() => delivered.length === 3, 'the live pushes');
  sockets[1].drop();
  // Connection 3: the client asks from 5 again, not from 10, or the gap would never be told.
  await until(() => s.count('open') === 3 && subscribes(sockets[2]).length === 1, 'the next resubscription');
  const [third] = subscribes(sockets[2]);
  assert.deepEqual(third.data.since, { news: { offset: 5, epoch: 'e1' } }, 'resumes from the since whose ack never came');
  push(sockets[2], 9); // replayed again: dropped
  push(sockets[2], 10);
  ack(sockets[2], third, { news: { offset: 10, epoch: 'e1', recovered: false, reason: 'history_too_short' } });
  push(sockets[2], 11);
  await until(() => delivered.length === 4 && events.length === 1, 'the report and the next push');
  assert.deepEqual(delivered, ['n5', 'n9', 'n10', 'n11'], 'each push once, in order');
  assert.deepEqual(events[0], {
    topic: 'news', reason: 'history_too_short',
    lastSeen: { topic: 'news', offset: 5, epoch: 'e1' }, resumedAt: { topic: 'news', offset: 10, epoch: 'e1' },
  });
  sockets[2].drop();
  await until(() => s.count('open') === 4 && subscribes(sockets[3]).length === 1, 'the resubscription after the ack');
  assert.deepEqual(subscribes(sockets[3])[0].data.since, { news: { offset: 11, epoch: 'e1' } }, 'acknowledged: after the last push');
});

test('recovery: false sends the subscribe as given', async () => {
  const { Scripted, sockets } = scripted();
  const c = client('ws://127.0.0.1:1/std', { WebSocket: Scripted, recovery: false });
  await c.connect();
  c.subscribe('news').catch(() => {});
  await until(() => subscribes(sockets[0]).length === 1, 'the subscribe');
  assert.deepEqual(subscribes(sockets[0])[0].data, { topics: ['news'] });
});
