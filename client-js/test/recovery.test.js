// Stream recovery against a real server: positions remembered from pushes, a resubscription
// `since` them after every reconnect, and one recovery event for each topic the server could not
// resume completely (history too short, a restarted server), never for a complete one.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, connections } from './support/server.js';
import { startProxy } from './support/proxy.js';
import { client, states, closeAll } from './support/clients.js';
import { until, sleep } from './support/wait.js';

const HISTORY = 3;
let server;
before(async () => { server = await startServer({ history: HISTORY }); });
after(async () => { await server?.stop(); });
afterEach(closeAll);

const push = (id) => JSON.stringify({ type: 'task_status', data: { task_id: id, status: 'running' } });
const publish = async (topic, ...ids) => { for (const id of ids) await server.cmd('publish', { topic, json: push(id) }); };

/** A client on `url` subscribed to `topic`, recording pushed task ids, their positions and recovery events. */
async function subscribed(url, topic, options = {}) {
  const c = client(url, { token: 'good', ...options });
  const s = states(c);
  const ids = [];
  const positions = [];
  const events = [];
  c.on('task_status', (body, frame) => { ids.push(body.task_id); positions.push(frame.pos); });
  c.onRecovery((e) => events.push(e));
  await c.connect();
  await c.subscribe(topic);
  return { c, s, ids, positions, events };
}

/** Takes the network down (resetting the client's connection), runs `during`, brings it back. */
async function outage(proxy, s, during) {
  const opened = s.count('open');
  proxy.block(true);
  proxy.cut();
  await until(() => s.changes.some((x) => x.state === 'closed' && x.cause?.code === 1006), 'the cut seen as 1006');
  await connections(server, 0);
  await during();
  proxy.block(false);
  await until(() => s.count('open') === opened + 1, 'reconnected');
}

test('a cut network: the resubscription resumes since the last position, no gap, no duplicate, no event', async () => {
  const proxy = await startProxy(server.port);
  try {
    const { c, s, ids, positions, events } = await subscribed(server.url('/std', proxy.port), 'news');
    await publish('news', 'a1', 'a2');
    await until(() => ids.length === 2, 'two pushes');
    assert.equal(positions[0].topic, 'news');
    assert.equal(positions[1].offset, positions[0].offset + 1);
    await outage(proxy, s, () => publish('news', 'b1', 'b2')); // fewer than the history holds
    await until(() => ids.length === 4, 'the missed pushes replayed');
    await publish('news', 'c1');
    await until(() => ids.includes('c1'), 'a live push after the resume');
    assert.deepEqual(ids, ['a1', 'a2', 'b1', 'b2', 'c1']);
    const offsets = positions.map((p) => p.offset);
    assert.deepEqual(offsets, offsets.map((_, i) => offsets[0] + i), 'consecutive offsets');
    await sleep(100);
    assert.deepEqual(events, [], 'a complete recovery is not reported');
    assert.equal(c.state, 'open');
  } finally {
    await proxy.close();
  }
});

test('an outage longer than the history: exactly one event, history_too_short, nothing replayed', async () => {
  const proxy = await startProxy(server.port);
  try {
    const { s, ids, positions, events } = await subscribed(server.url('/std', proxy.port), 'weather');
    await publish('weather', 'a1');
    await until(() => ids.length === 1, 'a push');
    const lastSeen = positions[0];
    await outage(proxy, s, () => publish('weather', 'm1', 'm2', 'm3', 'm4', 'm5')); // HISTORY + 2
    await until(() => events.length === 1, 'the recovery event');
    const [e] = events;
    assert.equal(e.topic, 'weather');
    assert.equal(e.reason, 'history_too_short');
    assert.deepEqual(e.lastSeen, { topic: 'weather', offset: lastSeen.offset, epoch: lastSeen.epoch });
    assert.equal(e.resumedAt.topic, 'weather');
    assert.equal(e.resumedAt.epoch, lastSeen.epoch);
    assert.equal(e.resumedAt.offset, lastSeen.offset + 5);
    await publish('weather', 'c1');
    await until(() => ids.includes('c1'), 'live again');
    assert.deepEqual(ids, ['a1', 'c1'], 'a partial replay would look whole: nothing is replayed');
    assert.equal(positions[1].offset, lastSeen.offset + 6);
    // The next outage resumes from where the topic went live: complete, so no second event.
    await outage(proxy, s, () => publish('weather', 'd1'));
    await until(() => ids.includes('d1'), 'replayed');
    await sleep(100);
    assert.equal(events.length, 1);
  } finally {
    await proxy.close();
  }
});

test('wildcard topics are resubscribed without since: no not_recoverable event', async () => {
  const proxy = await startProxy(server.port);
  try {
    const { s, ids, events } = await subscribed(server.url('/rooms', proxy.port), 'feed:*');
    await publish('feed:a', 'w1');
    await until(() => ids.includes('w1'), 'a push through the pattern');
    await outage(proxy, s, async () => {});
    await connections(server, 1);
    await until(async () => { await publish('feed:a', 'w2'); return ids.includes('w2'); }, 'a push after the reconnect');
    await sleep(100);
    assert.deepEqual(events, []);
  } finally {
    await proxy.close();
  }
});

test('recovery: false asks for no positions and reports nothing', async () => {
  const { c, s, positions, ids, events } = await subscribed(server.url('/std'), 'news', { recovery: false });
  await publish('news', 'x1');
  await until(() => ids.includes('x1'), 'a push');
  assert.equal(positions.at(-1), undefined, 'no pos without positions: true');
  await server.cmd('disconnectAll', { code: 1001 });
  await until(() => s.count('open') === 2, 'reconnected');
  await connections(server, 1);
  await until(async () => { await publish('news', 'x2'); return ids.includes('x2'); }, 'a push after the reconnect');
  assert.deepEqual(events, []);
  assert.equal(c.state, 'open');
});

// Last: it restarts the shared server.
test('a server restart: one event per topic, epoch_changed, with the last position seen', async () => {
  const { s, ids, positions, events } = await subscribed(server.url('/std'), 'news');
  await publish('news', 'r1');
  await until(() => ids.includes('r1'), 'a push');
  const lastSeen = positions.at(-1);
  await server.cmd('restart');
  await until(() => s.count('open') === 2, 'reconnected to the new server');
  await until(() => events.length === 1, 'the recovery event');
  const [e] = events;
  assert.equal(e.topic, 'news');
  assert.equal(e.reason, 'epoch_changed');
  assert.deepEqual(e.lastSeen, { topic: 'news', offset: lastSeen.offset, epoch: lastSeen.epoch });
  assert.notEqual(e.resumedAt.epoch, lastSeen.epoch);
  await connections(server, 1);
  await publish('news', 'r2');
  await until(() => ids.includes('r2'), 'live on the new server');
  assert.equal(positions.at(-1).epoch, e.resumedAt.epoch);
  await sleep(100);
  assert.equal(events.length, 1);
});
