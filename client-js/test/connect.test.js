// Connecting and authenticating against a real server: the token in the query, in the first
// message, in a header (Node); the dialect by name; refused tokens are final.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  PushClient, AuthenticationFailedError, DisconnectedError, DIALECTS,
} from '../src/pushwire.js';
import { startServer, connections } from './support/server.js';
import { client, states, closeAll } from './support/clients.js';
import { until, sleep } from './support/wait.js';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });
afterEach(closeAll);

const news = (text) => JSON.stringify({ type: 'task_progress', data: { task_id: text, progress: { total: 1, completed: 1, failed: 0, percentage: 100 } } });

test('token in the query: opens, subscribes, and receives typed pushes', async () => {
  const c = client(server.url('/std'), { token: 'good', tokenPlacement: 'query' });
  const s = states(c);
  const seen = [];
  c.on('task_progress', (body, frame) => seen.push({ body, frame }));
  await c.connect();
  await c.subscribe('news');
  await server.cmd('publish', { topic: 'news', json: news('n1') });
  await until(() => seen.length === 1, 'the push');
  assert.equal(seen[0].body.task_id, 'n1');
  assert.equal(seen[0].frame.type, 'task_progress');
  assert.equal(typeof seen[0].frame.timestamp, 'number', 'standard writes epoch milliseconds');
  assert.deepEqual(s.names(), ['connecting', 'open']);
  assert.equal(c.state, 'open');
});

test('token in the first message (flat dialect): open only after auth ok', async () => {
  const c = client(server.url('/flat'), { token: 'good', tokenPlacement: 'first-message', dialect: 'flat' });
  await c.connect();
  assert.equal(c.state, 'open');
  assert.equal(c.dialect, 'flat');
  const reply = await c.request('ping', {});
  assert.equal(reply.type, 'pong');
});

test('token in a header, with a client id (Node, ws package): envelope-iso writes ISO-8601', async () => {
  const c = client(server.url('/iso'), { token: 'good', tokenPlacement: 'header', clientId: 'js-1', dialect: 'envelope-iso' });
  await c.connect();
  const pong = await c.request('ping', {}, { expect: 'pong' });
  assert.match(pong.server_time, /^\d{4}-\d{2}-\d{2}T/);
});

test('a token supplier is asked on every attempt', async () => {
  let asked = 0;
  const c = client(server.url('/std'), { token: async () => { asked++; return 'good'; }, tokenPlacement: 'query' });
  await c.connect();
  await connections(server, 1);
  await server.cmd('disconnectAll', { code: 4000 });
  await until(() => asked === 2 && c.state === 'open', 'the second attempt');
});

for (const [placement, path] of [['query', '/std'], ['first-message', '/flat'], ['header', '/iso']]) {
  test(`a refused token (${placement}) is final: AuthenticationFailedError, no retry`, async () => {
    const c = client(server.url(path), { token: 'expired', tokenPlacement: placement });
    const s = states(c);
    const waiting = c.request('ping', {}).catch((e) => e);
    await assert.rejects(c.connect(), AuthenticationFailedError);
    await sleep(500); // several backoff delays: no second attempt may follow
    assert.equal(s.count('connecting'), 1, 'one attempt only');
    const last = s.changes.at(-1);
    assert.equal(last.state, 'closed');
    assert.equal(last.final, true);
    assert.equal(last.cause.kind, 'authentication-refused');
    assert.ok((await waiting) instanceof DisconnectedError, 'nothing waits on a client that stopped');
    await assert.rejects(c.request('ping', {}), DisconnectedError);
  });
}

test('connect() again after a refusal starts over (with a new token)', async () => {
  let token = 'expired';
  const c = client(server.url('/flat'), { token: () => token, tokenPlacement: 'first-message' });
  await assert.rejects(c.connect(), AuthenticationFailedError);
  token = 'good';
  await c.connect();
  assert.equal(c.state, 'open');
});

test('a WebSocket that cannot send headers refuses a header token at once', () => {
  class BrowserLikeWebSocket {}
  assert.throws(() => new PushClient('ws://127.0.0.1:1/ws', { token: 't', tokenPlacement: 'header', WebSocket: BrowserLikeWebSocket }),
    /cannot send headers/);
  assert.throws(() => new PushClient('ws://127.0.0.1:1/ws', { token: 't', tokenPlacement: 'cookie' }), /tokenPlacement must be one of/);
});

test('a WebSocket that refuses the URL stops the client at once: no retry can help', async () => {
  const Refusing = function () { throw new SyntaxError('the URL is invalid'); };
  const c = client('ws://127.0.0.1:1/ws', { WebSocket: Refusing });
  const s = states(c);
  await assert.rejects(c.connect(), /not reconnecting: the URL is invalid/);
  assert.equal(s.count('connecting'), 1);
  assert.equal(s.changes.at(-1).final, true);
});

test('the dialect is chosen by the server\'s names', () => {
  assert.deepEqual(Object.keys(DIALECTS), ['flat', 'envelope-iso', 'envelope-millis', 'payload-millis', 'standard']);
  assert.equal(DIALECTS.standard.alias, 'envelope-millis');
  assert.throws(() => new PushClient('ws://127.0.0.1:1/ws', { dialect: 'seed-003' }), /no dialect named 'seed-003'; known: flat, envelope-iso/);
});

test('a server that is not there: attempts back off until maxAttempts, then DisconnectedError', async () => {
  const c = client('ws://127.0.0.1:9/ws', { reconnect: { minDelay: 20, maxDelay: 40, maxAttempts: 3 } });
  const s = states(c);
  await assert.rejects(c.connect(), (e) => e instanceof DisconnectedError && /gave up after 3 attempts/.test(e.message));
  assert.equal(s.count('connecting'), 3, 'three attempts in a row, the first one included');
  const waits = s.changes.filter((x) => x.state === 'closed' && !x.final).map((x) => x.nextDelay);
  assert.equal(waits.length, 2);
  waits.forEach((ms) => assert.ok(ms >= 20 && ms <= 40, `a delay within [min, max]: ${ms}`));
});

test('frames the client cannot read go to onUnknown, and the connection stays open', async () => {
  const c = client(server.url('/std'), { token: 'good' });
  const unknown = [];
  c.onUnknown((u) => unknown.push(u));
  await c.connect();
  await c.subscribe('news');
  // a type the client does not know and nobody listens for: the server's own custom type
  await server.cmd('publish', { topic: 'news', json: JSON.stringify({ type: 'echo', data: { text: 'x', delay_ms: 0 } }) });
  await until(() => unknown.length === 1, 'the unknown frame');
  assert.equal(unknown[0].type, 'echo');
  assert.match(unknown[0].problem, /unknown type echo/);
  // listening for it makes it known
  const echoes = [];
  c.on('echo', (body) => echoes.push(body));
  await server.cmd('publish', { topic: 'news', json: JSON.stringify({ type: 'echo', data: { text: 'y', delay_ms: 0 } }) });
  await until(() => echoes.length === 1, 'the custom type');
  assert.equal(echoes[0].text, 'y');
  assert.equal(c.state, 'open');
});
