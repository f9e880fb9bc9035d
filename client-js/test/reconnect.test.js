// Staying connected against a real server: restarts, the close-code table, rate limits with
// retry_after, connections cut by a faulty network, half-open connections found by the heartbeat,
// and subscriptions replayed after every reconnect.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  DisconnectedError, RequestFailedError, shouldReconnect, decide, backoffDelay, backoffCeiling, CLOSE_CODES,
} from '../src/pushwire.js';
import { startServer, connections } from './support/server.js';
import { startProxy } from './support/proxy.js';
import { client, states, closeAll } from './support/clients.js';
import { until, sleep } from './support/wait.js';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });
afterEach(closeAll);

const push = (id) => JSON.stringify({ type: 'task_status', data: { task_id: id, status: 'running' } });

/** A client subscribed to `news` that records the task ids pushed to it. */
async function subscribed(url, options = {}) {
  const c = client(url, { token: 'good', ...options });
  const s = states(c);
  const ids = [];
  c.on('task_status', (body) => ids.push(body.task_id));
  await c.connect();
  await c.subscribe('news');
  return { c, s, ids };
}

test('a server restart: the client reconnects with backoff and its subscriptions are replayed', async () => {
  const { c, s, ids } = await subscribed(server.url('/std'));
  await server.cmd('stop'); // every client gets 1001; nothing listens for a while
  await until(() => s.changes.some((x) => x.state === 'closed' && x.cause?.code === 1001), '1001');
  await until(() => s.count('connecting') >= 3, 'attempts against the stopped server');
  const refused = s.changes.filter((x) => x.state === 'closed' && x.cause?.kind === 'connect-failed');
  assert.ok(refused.length >= 1 && refused.every((x) => !x.final), 'refused connections are retried');
  await server.cmd('start');
  await until(() => c.state === 'open', 'open again');
  await connections(server, 1);
  await until(async () => {
    await server.cmd('publish', { topic: 'news', json: push('after-restart') });
    return ids.includes('after-restart');
  }, 'a push on the replayed subscription');
  assert.deepEqual(c.subscriptions, ['news']);
});

test('close codes 4000-4499 reconnect; 4500-4999 stop for good', async () => {
  const { c, s } = await subscribed(server.url('/std'));
  await connections(server, 1);
  await server.cmd('disconnectAll', { code: 4000 }); // SLOW_CONSUMER
  await until(() => s.count('open') === 2, 'reconnected after 4000');
  await connections(server, 1);
  await server.cmd('disconnectAll', { code: 4501 }); // KICKED
  await until(() => c.state === 'closed' && s.changes.at(-1).final, 'a final close');
  assert.equal(s.changes.at(-1).cause.code, 4501);
  await sleep(300);
  assert.equal(s.count('connecting'), 2, 'no attempt after 4501');
  await assert.rejects(c.request('ping'), /stopped reconnecting/);
});

test('a normal close (1000) from the server is final too', async () => {
  const { c, s } = await subscribed(server.url('/std'));
  await connections(server, 1);
  await server.cmd('disconnectAll', { code: 1000 });
  await until(() => s.changes.at(-1)?.final === true, 'a final close');
  assert.equal(c.state, 'closed');
});

test('a connection cut by the network (1006): reconnects through the proxy, replays, carries on', async () => {
  const proxy = await startProxy(server.port);
  try {
    const { c, s, ids } = await subscribed(server.url('/std', proxy.port));
    await connections(server, 1);
    proxy.cut();
    await until(() => s.changes.some((x) => x.state === 'closed' && x.cause?.code === 1006), 'the cut seen as 1006');
    await until(() => s.count('open') === 2, 'reconnected');
    assert.equal(proxy.accepted, 2);
    await connections(server, 1);
    await until(async () => {
      await server.cmd('publish', { topic: 'news', json: push('after-cut') });
      return ids.includes('after-cut');
    }, 'a push after the cut');
    assert.equal(c.state, 'open');
  } finally {
    await proxy.close();
  }
});

test('a half-open connection is found by the heartbeat and replaced', async () => {
  const proxy = await startProxy(server.port);
  try {
    const c = client(server.url('/std', proxy.port), { token: 'good', heartbeat: { interval: 100, timeout: 400 } });
    const s = states(c);
    const pongs = [];
    c.on('pong', (body) => pongs.push(body));
    await c.connect();
    await sleep(350); // pings go out every 100 ms; their pongs are the client's own
    assert.equal(c.state, 'open');
    assert.deepEqual(pongs, [], 'heartbeat pongs are consumed, not delivered');
    proxy.stall(true); // the network silently stops delivering; no TCP error arrives
    await until(() => s.changes.some((x) => x.cause?.kind === 'heartbeat-timeout'), 'the heartbeat timeout');
    const dead = s.changes.find((x) => x.cause?.kind === 'heartbeat-timeout');
    assert.ok(dead.cause.silence > 400 && !dead.final);
    proxy.stall(false);
    await until(() => s.count('open') === 2, 'a new connection');
  } finally {
    await proxy.close();
  }
});

test('a rate limit: the refused request fails with RATE_LIMIT_EXCEEDED, the 1008 reconnect waits retry_after', async () => {
  const limited = await startServer({ rate: [2, 2], strikes: 2 });
  try {
    const c = client(limited.url('/std'), { token: 'good', reconnect: { minDelay: 10, maxDelay: 20 } });
    const s = states(c);
    await c.connect();
    const results = await Promise.all([...Array(8)].map(() => c.request('ping').catch((e) => e)));
    const refused = results.filter((r) => r instanceof RequestFailedError);
    assert.ok(refused.length >= 1, 'some requests were refused');
    refused.forEach((e) => assert.equal(e.code, 'RATE_LIMIT_EXCEEDED'));
    const retryAfter = Math.max(...refused.map((e) => e.retryAfter));
    assert.ok(retryAfter > 20, `retry_after (${retryAfter} ms) is longer than the backoff`);
    assert.ok(results.some((r) => r instanceof DisconnectedError), 'the requests left when the server closed');
    await until(() => s.changes.some((x) => x.cause?.code === 1008), 'the 1008 close');
    const closed = s.changes.find((x) => x.cause?.code === 1008);
    assert.ok(closed.nextDelay >= retryAfter, `waits ${closed.nextDelay} ms, at least retry_after ${retryAfter}`);
    await until(() => s.count('open') === 2, 'reconnected after the wait');
  } finally {
    await limited.stop();
  }
});

test('a refused subscription fails its caller and is not remembered', async () => {
  const c = client(server.url('/std'), { token: 'good' });
  await c.connect();
  const errors = [];
  c.on('error', (body) => errors.push(body));
  await assert.rejects(c.subscribe('nope'), (e) => e instanceof RequestFailedError && e.code === 'TOPIC_NOT_FOUND');
  assert.deepEqual(c.subscriptions, [], 'a refused subscription is not remembered');
  assert.deepEqual(errors, [], 'a refusal with a caller goes to the caller only');
});

test('a replayed subscription the restarted server refuses is forgotten; its error reaches error listeners', async () => {
  const c = client(server.url('/std'), { token: 'good' });
  const s = states(c);
  const errors = [];
  c.on('error', (body) => errors.push(body));
  await c.connect();
  await c.subscribe('news');
  await c.subscribe('weather');
  try {
    await server.cmd('restart', { topics: ['weather'] }); // redeployed without 'news'
    await until(() => errors.length === 1, 'the refusal of the replay');
    assert.equal(errors[0].code, 'TOPIC_NOT_FOUND');
    assert.deepEqual(c.subscriptions, ['weather']);
    assert.equal(s.count('open'), 2);
  } finally {
    await server.cmd('restart', { topics: ['news', 'weather'] });
  }
});

// ---- the decision table on its own

test('shouldReconnect follows the server\'s close-code table (generated from CloseCode)', () => {
  for (const [code, { reconnect }] of Object.entries(CLOSE_CODES)) assert.equal(shouldReconnect(Number(code)), reconnect, code);
  assert.equal(shouldReconnect(4000), true);
  assert.equal(shouldReconnect(4321), true);
  assert.equal(shouldReconnect(4499), true);
  assert.equal(shouldReconnect(4500), false);
  assert.equal(shouldReconnect(4777), false);
  assert.equal(shouldReconnect(4999), false);
  assert.equal(shouldReconnect(1003), false);
  assert.equal(shouldReconnect(1005), true);
  assert.equal(shouldReconnect(3000), true);
});

test('decide: stop for the client\'s close, refused credentials, terminal codes and 4xx handshakes', () => {
  const policy = { minDelay: 100, maxDelay: 1000, maxAttempts: 5, resetAfter: 1000 };
  const stop = (cause) => decide(cause, 1, policy).reconnect === false;
  assert.ok(stop({ kind: 'closed-by-client' }));
  assert.ok(stop({ kind: 'authentication-refused', detail: 'x' }));
  assert.ok(stop({ kind: 'closed', code: 4500, reason: '' }));
  assert.ok(stop({ kind: 'closed', code: 1000, reason: '' }));
  assert.ok(stop({ kind: 'handshake-refused', httpStatus: 404 }));
  assert.ok(!stop({ kind: 'handshake-refused', httpStatus: 429 }));
  assert.ok(!stop({ kind: 'handshake-refused', httpStatus: 503 }));
  assert.ok(!stop({ kind: 'closed', code: 1006, reason: '' }));
  assert.ok(!stop({ kind: 'heartbeat-timeout', silence: 1 }));
  assert.ok(!stop({ kind: 'send-stalled', unsentBytes: 1 }));
  assert.equal(decide({ kind: 'closed', code: 1001 }, 6, policy).reason, 'gave up after 5 attempts');
  assert.equal(decide({ kind: 'closed', code: 1001 }, 1, policy, 5000).delay, 5000, 'retry_after wins over a shorter backoff');
});

test('backoff: full jitter between minDelay and min(maxDelay, minDelay * 2^attempt)', () => {
  const policy = { minDelay: 100, maxDelay: 1000, maxAttempts: Infinity, resetAfter: 1000 };
  assert.equal(backoffCeiling(policy, 1), 200);
  assert.equal(backoffCeiling(policy, 3), 800);
  assert.equal(backoffCeiling(policy, 4), 1000);
  assert.equal(backoffCeiling(policy, 500), 1000);
  assert.equal(backoffDelay(policy, 3, () => 0), 100);
  assert.equal(backoffDelay(policy, 3, () => 0.999999), 800);
  for (let i = 0; i < 1000; i++) {
    const d = backoffDelay(policy, 2);
    assert.ok(d >= 100 && d <= 400 && Number.isInteger(d), String(d));
  }
});
