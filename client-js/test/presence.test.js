// Presence against a real server: who is subscribed to a topic, a refused topic, and the join and
// leave events (on /rooms, where the test server allows them for room:* topics).
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { RequestFailedError } from '../src/pushwire.js';
import { startServer, connections } from './support/server.js';
import { client, closeAll } from './support/clients.js';
import { until } from './support/wait.js';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });
afterEach(closeAll);

async function member(token, clientId, topic = 'room:1') {
  const c = client(server.url('/rooms'), { token, clientId });
  await c.connect();
  await c.subscribe(topic);
  return c;
}

test('presence lists the connections and users subscribed to a topic', async () => {
  await member('good', 'alice-laptop');
  await member('good', 'alice-phone');
  const bob = await member('bob-token', 'bob-desk');
  await connections(server, 3);
  const result = await bob.presence('room:1');
  assert.equal(result.topic, 'room:1');
  assert.equal(result.connections, 3);
  assert.equal(result.users, 2);
  assert.equal(result.truncated, false);
  assert.deepEqual(result.clients.map((x) => x.client).sort(), ['alice-laptop', 'alice-phone', 'bob-desk']);
  assert.deepEqual(result.clients.find((x) => x.user === 'bob').info, { name: 'BOB' });
});

test('presence on a topic the server does not reveal fails with UNAUTHORIZED', async () => {
  const c = await member('good', 'alice', 'lobby');
  await assert.rejects(c.presence('lobby'), (e) => e instanceof RequestFailedError && e.code === 'UNAUTHORIZED');
  assert.equal(c.state, 'open');
});

test('presence_join and presence_leave reach their listeners', async () => {
  const bob = await member('bob-token', 'bob-desk');
  const joins = [];
  const leaves = [];
  // Bob's own join may still be on its way: only alice's events count here.
  bob.on('presence_join', (body) => { if (body.client.user === 'alice') joins.push(body); });
  bob.on('presence_leave', (body) => { if (body.client.user === 'alice') leaves.push(body); });
  const alice = await member('good', 'alice-tab');
  await until(() => joins.length === 1, 'the join');
  assert.equal(joins[0].topic, 'room:1');
  assert.equal(joins[0].client.user, 'alice');
  assert.equal(joins[0].client.client, 'alice-tab');
  await alice.unsubscribe('room:1');
  await until(() => leaves.length === 1, 'the leave after unsubscribe');
  await alice.subscribe('room:1');
  await until(() => joins.length === 2, 'a second join');
  await alice.close();
  await until(() => leaves.length === 2, 'the leave after close');
  assert.equal(leaves[1].client.user, 'alice');
});
