// Starts a real Pushwire server (io.pushwire.clientjs.TestServer, built by Maven into
// target/test-classes) in a JVM of its own, on 127.0.0.1, and drives it over stdin.
import { spawn } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLASSPATH_FILE = path.join(ROOT, 'target/test-classpath.txt');
const STARTUP_MS = 60_000;
const COMMAND_MS = 20_000;

function classpath() {
  if (!existsSync(CLASSPATH_FILE)) {
    throw new Error(`${CLASSPATH_FILE} is missing: build first (mvn -B -o -pl client-js -am process-test-classes)`);
  }
  return [path.join(ROOT, 'target/test-classes'), readFileSync(CLASSPATH_FILE, 'utf8').trim()].join(path.delimiter);
}

/**
 * A started server: `port`, `url(path)`, `cmd(name, args)` (resolves with the server's reply),
 * `stop()` (ends the JVM). Options: see TestServer's Javadoc (rate, strikes, logBatchMs).
 */
export async function startServer(options = {}) {
  const java = process.env.PUSHWIRE_JAVA ?? 'java';
  const logging = process.env.PUSHWIRE_LOGGING ?? path.join(ROOT, '../.ci/test-logging.properties');
  const child = spawn(java, [
    '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xmx256m',
    `-Djava.util.logging.config.file=${logging}`,
    '-cp', classpath(), 'io.pushwire.clientjs.TestServer', JSON.stringify(options),
  ], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = new Map();
  let seq = 0;
  let exited = false;
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the test server did not start in time')), STARTUP_MS);
    child.once('exit', (code) => { exited = true; clearTimeout(timer); reject(new Error(`the test server exited with ${code}`)); });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('READY ')) {
        clearTimeout(timer);
        resolve(JSON.parse(line.slice(6)).port);
        return;
      }
      let reply;
      try { reply = JSON.parse(line); } catch { return; }
      const w = waiting.get(reply.seq);
      if (w) {
        waiting.delete(reply.seq);
        if (reply.ok) w.resolve(reply); else w.reject(new Error(`server command failed: ${reply.error}`));
      }
    });
  });
  child.on('exit', () => {
    exited = true;
    for (const w of waiting.values()) w.reject(new Error('the test server exited'));
    waiting.clear();
  });
  const port = await ready;
  const server = {
    port,
    url: (p, viaPort = port) => `ws://127.0.0.1:${viaPort}${p}`,
    cmd(name, args = {}) {
      if (exited) return Promise.reject(new Error('the test server exited'));
      const id = ++seq;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => { waiting.delete(id); reject(new Error(`server command ${name} timed out`)); }, COMMAND_MS);
        waiting.set(id, {
          resolve: (r) => { clearTimeout(timer); resolve(r); },
          reject: (e) => { clearTimeout(timer); reject(e); },
        });
        child.stdin.write(`${JSON.stringify({ ...args, cmd: name, seq: id })}\n`);
      });
    },
    async stop() {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end(`${JSON.stringify({ cmd: 'exit', seq: ++seq })}\n`);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
  return server;
}

/** Waits until the server counts `count` authenticated connections (it registers one a moment after the client opens). */
export async function connections(server, count, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const { count: now } = await server.cmd('connections');
    if (now === count) return;
    if (Date.now() > deadline) throw new Error(`the server has ${now} connections, not ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
