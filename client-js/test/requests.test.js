// Requests as promises against a real server: correlated replies, typed errors, timeouts against a
// slow server, and the bounds (pending requests, the outbox while disconnected).
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  RequestFailedError, RequestTimeoutError, DisconnectedError, UnexpectedReplyError,
  TooManyPendingRequestsError, OutboxFullError,
} from '../src/pushwire.js';
import { startServer, connections } from './support/server.js';
import { client, closeAll } from './support/clients.js';
import { until, sleep } from './support/wait.js';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });
afterEach(closeAll);

test('a request resolves with the reply that carries its id; expect narrows to the body', async () => {
  const c = client(server.url('/std'), { token: 'good' });
  await c.connect();
  const frame = await c.request('ping');
  assert.equal(frame.type, 'pong');
  assert.match(frame.id, /^req_\d+$/);
  assert.equal(typeof frame.body.server_time, 'number');
  const echoes = await Promise.all([3, 1, 2].map((n) => c.request('echo', { text: `e${n}`, delay_ms: n * 20 }, { expect: 'echo' })));
  assert.deepEqual(echoes.map((e) => e.text), ['e3', 'e1', 'e2'], 'each reply reaches its own request, whatever the order');
});

test('replies never reach listeners', async () => {
  const c = client(server.url('/std'), { token: 'good' });
  const pongs = [];
  c.on('pong', (body) => pongs.push(body));
  await c.connect();
  await c.request('ping');
  await sleep(100);
  assert.equal(pongs.length, 0);
});

test('an error reply fails the request with RequestFailedError and the server\'s code', async () => {
  const c = client(server.url('/tasks'), { token: 'good' });
  await c.connect();
  const error = await c.request('get_task', { task_id: 'nope' }, { expect: 'task_status' }).catch((e) => e);
  assert.ok(error instanceof RequestFailedError, String(error));
  assert.equal(error.code, 'TASK_NOT_FOUND');
  assert.equal(error.error.code, 'TASK_NOT_FOUND');
});

test('a reply of another type than expected fails with UnexpectedReplyError', async () => {
  const c = client(server.url('/std'), { token: 'good' });
  await c.connect();
  const error = await c.request('ping', {}, { expect: 'task_status' }).catch((e) => e);
  assert.ok(error instanceof UnexpectedReplyError);
  assert.equal(error.reply.type, 'pong');
});

test('a slow server: RequestTimeoutError after the timeout, and the late reply is dropped', async () => {
  const c = client(server.url('/std'), { token: 'good' });
  const late = [];
  c.on('echo', (body) => late.push(body));
  c.onUnknown((u) => late.push(u));
  await c.connect();
  const started = Date.now();
  const error = await c.request('echo', { text: 'slow', delay_ms: 800 }, { timeout: 200 }).catch((e) => e);
  assert.ok(error instanceof RequestTimeoutError, String(error));
  assert.ok(Date.now() - started >= 190 && Date.now() - started < 800, 'failed at its timeout, before the reply came');
  await sleep(900);
  assert.deepEqual(late, [], 'the late reply reaches nobody');
  assert.equal(c.state, 'open');
});

test('at most maxPendingRequests wait for replies; one more fails at once', async () => {
  const c = client(server.url('/std'), { token: 'good', maxPendingRequests: 3 });
  await c.connect();
  const waiting = [1, 2, 3].map((n) => c.request('echo', { text: `${n}`, delay_ms: 300 }));
  await assert.rejects(c.request('ping'), TooManyPendingRequestsError);
  await Promise.all(waiting);
  await c.request('ping'); // room again once the replies came
});

test('a connection lost before the reply fails the request with DisconnectedError (never resent)', async () => {
  const c = client(server.url('/std'), { token: 'good' });
  await c.connect();
  await connections(server, 1);
  const waiting = c.request('echo', { text: 'lost', delay_ms: 1000 }).catch((e) => e);
  await sleep(100);
  await server.cmd('disconnectAll', { code: 1001 });
  const error = await waiting;
  assert.ok(error instanceof DisconnectedError, String(error));
  assert.equal(error.disconnect.kind, 'closed');
  assert.equal(error.disconnect.code, 1001);
  await until(() => c.state === 'open', 'the reconnect');
});

test('without an outbox, sending while disconnected fails at once', async () => {
  const c = client(server.url('/std'), { token: 'good' });
  await assert.rejects(c.request('ping'), (e) => e instanceof DisconnectedError && /connect\(\) was not called/.test(e.message));
  await assert.rejects(c.send('ping'), DisconnectedError);
});

test('the outbox holds up to its capacity while disconnected, in order, and refuses the next', async () => {
  const c = client(server.url('/std'), { token: 'good', outbox: 2 });
  const first = c.request('echo', { text: 'one', delay_ms: 0 }, { expect: 'echo' });
  const second = c.request('echo', { text: 'two', delay_ms: 0 }, { expect: 'echo' });
  await assert.rejects(c.request('ping'), OutboxFullError);
  await assert.rejects(c.send('ping'), OutboxFullError);
  await c.connect();
  assert.deepEqual([(await first).text, (await second).text], ['one', 'two']);
});

test('a request that times out in the outbox is never sent', async () => {
  const c = client(server.url('/std'), { token: 'good', outbox: 4 });
  const echoes = [];
  c.on('echo', (body) => echoes.push(body));
  await assert.rejects(c.request('echo', { text: 'stale', delay_ms: 0 }, { timeout: 50 }), RequestTimeoutError);
  await c.connect();
  await c.request('ping');
  await sleep(100);
  assert.deepEqual(echoes, []);
});

test('close() fails whatever waits, with DisconnectedError', async () => {
  const c = client(server.url('/std'), { token: 'good' });
  await c.connect();
  const waiting = c.request('echo', { text: 'x', delay_ms: 1000 }).catch((e) => e);
  await c.close();
  const error = await waiting;
  assert.ok(error instanceof DisconnectedError);
  assert.equal(c.state, 'closed');
  await assert.rejects(c.request('ping'), DisconnectedError);
  await assert.rejects(c.connect(), DisconnectedError);
});
