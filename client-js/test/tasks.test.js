// Watching tasks against the server's task feature, in the three task styles: the current state at
// once, every change to the end, again after a reconnect, refusals of unknown ids.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { taskUpdateOf } from '../src/pushwire.js';
import { startServer, connections } from './support/server.js';
import { client, closeAll } from './support/clients.js';
import { until } from './support/wait.js';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });
afterEach(closeAll);

const STYLES = {
  'task-topics': { path: '/tasks', token: 'good', tokenPlacement: 'query', dialect: 'envelope-millis' },
  'task-status-update': { path: '/gen', token: 'good', tokenPlacement: 'query', dialect: 'flat' },
  'task-updated': { path: '/video', token: 'good', tokenPlacement: 'first-message', dialect: 'payload-millis' },
};

let ids = 0;
const task = async (op, id, extra = {}) => server.cmd('task', { op, id, ...extra });

function watcher(style) {
  const { path, ...options } = STYLES[style];
  return client(server.url(path), { ...options, taskStyle: style });
}

function recorder() {
  const updates = [];
  const refused = [];
  return {
    updates,
    refused,
    phases: () => updates.map((u) => u.phase),
    onUpdate: (u) => updates.push(u),
    onRefused: (id, reason) => refused.push({ id, reason }),
  };
}

for (const style of Object.keys(STYLES)) {
  test(`${style}: the current state at once, then every change to the terminal one`, async () => {
    const id = `t${++ids}`;
    await task('create', id);
    await task('start', id);
    const c = watcher(style);
    const seen = recorder();
    const watch = c.watchTasks([id], seen);
    await c.connect();
    await until(() => seen.updates.length >= 1, 'the current state');
    assert.equal(seen.updates[0].phase, 'RUNNING');
    await task('progress', id, { percent: 45 });
    if (style !== 'task-status-update') await until(() => seen.updates.some((u) => u.percentage === 45), 'the progress');
    await task('complete', id);
    await until(() => seen.updates.at(-1)?.terminal, 'the end');
    const last = seen.updates.at(-1);
    assert.equal(last.phase, 'COMPLETED');
    assert.equal(last.taskId, id);
    if (style !== 'task-topics') assert.equal(last.resultUrl, `https://cdn.example.invalid/${id}.mp4`);
    if (style !== 'task-status-update') assert.equal(last.percentage, 45, 'progress carried into the final state');
    assert.deepEqual(watch.taskIds, [], 'a finished task is no longer watched');
  });

  test(`${style}: an unknown id is refused alone`, async () => {
    const known = `t${++ids}`;
    await task('create', known);
    const c = watcher(style);
    const seen = recorder();
    const watch = c.watchTasks([known, 'no-such-task'], seen);
    await c.connect();
    await until(() => seen.refused.length === 1 && seen.updates.length >= 1, 'the refusal and the known task');
    assert.equal(seen.refused[0].id, 'no-such-task');
    assert.deepEqual(watch.taskIds, [known]);
  });

  test(`${style}: after a reconnect the current state comes again, including an end missed meanwhile`, async () => {
    const id = `t${++ids}`;
    await task('create', id);
    await task('start', id);
    const c = watcher(style);
    const seen = recorder();
    c.watchTasks([id], seen);
    await c.connect();
    await until(() => seen.updates.length >= 1, 'the current state');
    await connections(server, 1);
    await server.cmd('stop');
    await until(() => c.state !== 'open', 'the drop');
    await server.cmd('start'); // a restarted server has a new, empty registry: the task comes back and ends
    await task('create', id);
    await task('fail', id, { error: 'exchange API returned 503' });
    await until(() => seen.updates.at(-1)?.phase === 'FAILED', 'the end, asked for again after the reconnect');
    if (style !== 'task-status-update') assert.equal(seen.updates.at(-1).error, 'exchange API returned 503');
  });
}

test('task-topics: watchAll hears every task; a watch closed early unsubscribes', async () => {
  const c = watcher('task-topics');
  const all = recorder();
  const everything = c.watchAllTasks(all);
  await c.connect();
  await until(() => c.subscriptions.length === 2, 'the task topics');
  const id = `t${++ids}`;
  await task('create', id);
  await task('start', id);
  await until(() => all.updates.some((u) => u.taskId === id && u.phase === 'RUNNING'), 'the new task');
  everything.close();
  await until(() => c.subscriptions.length === 0, 'unsubscribed');
});

test('task-status-update cannot watch everything', () => {
  const c = watcher('task-status-update');
  assert.throws(() => c.watchAllTasks(() => {}), /can only watch task ids/);
});

test('taskUpdateOf completes a partial frame from the previous update', () => {
  const running = taskUpdateOf(null, 'task_status', { task_id: 'a', status: 'running' });
  const progress = taskUpdateOf(running, 'task_progress', { task_id: 'a', progress: { total: 10, completed: 4, failed: 0, percentage: 40 } });
  assert.equal(progress.phase, 'RUNNING');
  assert.equal(progress.percentage, 40);
  const done = taskUpdateOf(progress, 'task_status', { task_id: 'a', status: 'completed' });
  assert.equal(done.percentage, 40);
  assert.equal(done.terminal, true);
  const generated = taskUpdateOf(null, 'taskStatusUpdate', { generateId: 'g', status: 'done', videoCardData: { videoUrl: 'u' } });
  assert.deepEqual([generated.phase, generated.resultUrl, generated.percentage], ['COMPLETED', 'u', null]);
});
