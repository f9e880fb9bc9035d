// The running-log tail against a real server: every line once, in order, across connections cut by
// the network and server restarts, or an explicit gap; acknowledged only after the listener is done.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { LogCursor } from '../src/pushwire.js';
import { startServer } from './support/server.js';
import { startProxy } from './support/proxy.js';
import { client, states, closeAll } from './support/clients.js';
import { until, sleep } from './support/wait.js';

let server;
before(async () => { server = await startServer({ logBatchMs: 50 }); });
after(async () => { await server?.stop(); });
afterEach(closeAll);

const FLAT = { token: 'good', tokenPlacement: 'first-message', dialect: 'flat' };

/** A tail that records lines and gaps. */
function recordingTail(c) {
  const lines = [];
  const gaps = [];
  const tail = c.tailRunningLog({ onLines: (batch) => lines.push(...batch.map((l) => l.content)), onGap: (g) => gaps.push(g) });
  return { tail, lines, gaps };
}

async function append(from, count, prefix) {
  const texts = [...Array(count)].map((_, i) => `${prefix}-${from + i}`);
  await server.cmd('log', { lines: texts });
  return texts;
}

test('a tail gets the current run, then every pushed line, in order', async () => {
  await server.cmd('newRun');
  const before = await append(0, 3, 'early');
  const c = client(server.url('/flat'), FLAT);
  const { tail, lines, gaps } = recordingTail(c);
  await c.connect();
  await until(() => lines.length === 3, 'the current run');
  const later = await append(3, 5, 'early');
  await until(() => lines.length === 8, 'the pushes');
  assert.deepEqual(lines, [...before, ...later]);
  assert.deepEqual(gaps, []);
  assert.equal(typeof tail.epoch, 'number');
  assert.ok(tail.nextOffset >= 8);
});

test('every line once, in order, while the network cuts the connection again and again', async () => {
  await server.cmd('newRun');
  const proxy = await startProxy(server.port);
  try {
    const c = client(server.url('/flat', proxy.port), FLAT);
    const s = states(c);
    const { lines, gaps } = recordingTail(c);
    await c.connect();
    const sent = [];
    let cuts = 0;
    for (let round = 0; round < 12; round++) {
      sent.push(...await append(sent.length, 40, 'cut'));
      await sleep([5, 30, 60][round % 3]); // cut before, during and after batches
      if (round % 2 === 1) {
        await until(() => c.state === 'open', 'open before the cut');
        proxy.cut();
        cuts++;
      }
    }
    await until(() => lines.length >= sent.length, `all ${sent.length} lines (have ${lines.length})`, 30_000);
    await sleep(200);
    assert.equal(lines.length, sent.length, 'no line twice');
    assert.deepEqual(lines, sent, 'in order, none lost');
    assert.deepEqual(gaps, [], 'nothing left retention, so no gap');
    await until(() => s.count('open') === cuts + 1, `reconnected after each of the ${cuts} cuts`);
  } finally {
    await proxy.close();
  }
});

test('a server restart is a gap with newRun, then the new run\'s lines', async () => {
  await server.cmd('newRun');
  const c = client(server.url('/flat'), FLAT);
  const { tail, lines, gaps } = recordingTail(c);
  await c.connect();
  await append(0, 2, 'old');
  await until(() => lines.length === 2, 'the old run');
  const oldEpoch = tail.epoch;
  await server.cmd('restart');
  const fresh = await append(0, 2, 'new');
  await until(() => lines.length === 4, 'the new run');
  assert.deepEqual(lines.slice(2), fresh);
  assert.equal(gaps.length, 1);
  assert.equal(gaps[0].newRun, true);
  assert.notEqual(tail.epoch, oldEpoch);
});

test('a batch is acknowledged only after an async listener settled: batches never overlap', async () => {
  await server.cmd('newRun');
  const c = client(server.url('/flat'), FLAT);
  const seen = [];
  let busy = false;
  let overlapped = false;
  c.tailRunningLog(async (batch) => {
    if (busy) overlapped = true;
    busy = true;
    await sleep(150);
    seen.push(...batch.map((l) => l.content));
    busy = false;
  });
  await c.connect();
  const sent = [];
  for (let i = 0; i < 4; i++) {
    sent.push(...await append(sent.length, 5, 'slow'));
    await sleep(60);
  }
  await until(() => seen.length === sent.length, 'every line');
  assert.deepEqual(seen, sent);
  assert.equal(overlapped, false);
});

test('one tail per client; a closed tail stops its listener; a new tail may follow it', async () => {
  await server.cmd('newRun');
  const c = client(server.url('/flat'), FLAT);
  const { tail, lines } = recordingTail(c);
  assert.throws(() => c.tailRunningLog(() => {}), /already open/);
  await c.connect();
  await append(0, 1, 'one');
  await until(() => lines.length === 1, 'a line');
  tail.close();
  assert.equal(tail.closed, true);
  await append(1, 1, 'one');
  await sleep(300);
  assert.equal(lines.length, 1, 'a closed tail gets nothing more');
  const again = recordingTail(c); // allowed once the first is closed
  await until(() => again.lines.length >= 1, 'the new tail');
});

// ---- the cursor on its own

test('LogCursor: resume request, duplicates dropped, same-run gap, new run', () => {
  const cursor = new LogCursor();
  assert.deepEqual(cursor.request(), {});
  const line = (n) => ({ level: 'INFO', date_time: '2022-02-11 08:51:16', content: `l${n}` });
  let step = cursor.apply({ index: 10, log_lines: [line(10), line(11)], epoch: 7 });
  assert.equal(step.gap, null, 'the first batch positions the cursor');
  assert.deepEqual(cursor.request(), { from_index: 12, epoch: 7 });
  step = cursor.apply({ index: 11, log_lines: [line(11), line(12)], epoch: 7 });
  assert.deepEqual(step.lines.map((l) => l.content), ['l12'], 'a line already applied is dropped');
  step = cursor.apply({ index: 16, log_lines: [line(16)], epoch: 7, lost: 3 });
  assert.deepEqual(step.gap, { lost: 3, newRun: false }, 'the lines in between');
  step = cursor.apply({ index: 0, log_lines: [line(0)], epoch: 9, lost: 2 });
  assert.deepEqual(step.gap, { lost: 2, newRun: true });
  assert.equal(cursor.nextOffset, 1);
  assert.equal(cursor.epoch, 9);
});
