// Node's socket.io server as a load-harness target (see NodeSocketIo.java). It answers the same
// commands on stdin as the JVM server process (ServerProcess.java), one per line, and prints
// "@ready PORT FRAME_BYTES SOCKET_IO PREFIX" once it listens. Every client joins one room at
// connect and gets an "ack" event; each tick is one io.to(room).emit(), which socket.io encodes
// once for all recipients. WebSocket transport only, on 127.0.0.1.
'use strict';
const http = require('http');
const readline = require('readline');
const { setImmediate: immediate, setTimeout: sleep } = require('timers/promises');
const { Server } = require('socket.io');

let payloadBytes = 1024;
let maxSeconds = 1800;
const args = process.argv.slice(2);
for (let i = 0; i + 1 < args.length; i += 2) {
  if (args[i] === '--payload-bytes') payloadBytes = Number(args[i + 1]);
  else if (args[i] === '--max-seconds') maxSeconds = Number(args[i + 1]);
  else throw new Error('unknown option ' + args[i]);
}
setTimeout(() => {
  console.error('server process: ' + maxSeconds + ' s are up, exiting');
  process.exit(2);
}, maxSeconds * 1000).unref();

const ROOM = 'bench';
const TYPE = 'bench_tick';
const ACK = { type: 'ack', data: { success: true } };
const now = () => process.hrtime.bigint(); // CLOCK_MONOTONIC, as the JVM's System.nanoTime()

function tick(seq, sent, pad) {
  return { type: TYPE, id: TYPE + '_' + seq, timestamp: Date.now(), data: { seq, sent, pad } };
}
// The same padding rule as Ticks.pad: the plain tick text brought to about payloadBytes.
const bare = JSON.stringify(tick(1000000, Number(now()), '')).length;
const PAD = 'x'.repeat(Math.max(0, payloadBytes - bare));

let httpServer = null;
let io = null;
let port = 0;

function start(requested) {
  return new Promise((resolve, reject) => {
    httpServer = http.createServer();
    io = new Server(httpServer, { transports: ['websocket'], serveClient: false, perMessageDeflate: false,
      maxHttpBufferSize: 1 << 20 });
    io.on('connection', (socket) => {
      socket.join(ROOM);
      socket.emit('ack', ACK);
    });
    httpServer.once('error', reject);
    httpServer.listen(requested, '127.0.0.1', () => {
      port = httpServer.address().port;
      resolve();
    });
  });
}

function publish(seq, sentNanos) {
  io.to(ROOM).emit(TYPE, tick(seq, Number(sentNanos), PAD));
}

async function stop() {
  io.disconnectSockets(true);
  const deadline = Date.now() + 10000;
  while (io.engine.clientsCount > 0 && Date.now() < deadline) {
    await sleep(5);
  }
  await new Promise((resolve) => io.close(() => resolve()));
}

// Publishes at a fixed rate; each tick carries the time it was due (coordinated omission).
async function paced(first, count, perSecond) {
  const interval = 1e9 / perSecond;
  const startAt = now();
  let maxLate = 0n;
  for (let i = 0; i < count; i++) {
    const due = startAt + BigInt(Math.round(i * interval));
    for (let left = due - now(); left > 0n; left = due - now()) {
      if (left > 2000000n) await sleep(1);
      else await immediate(); // lets the event loop write while we wait
    }
    publish(first + i, due);
    const late = now() - due;
    if (late > maxLate) maxLate = late;
  }
  return maxLate;
}

async function memory() {
  if (global.gc) {
    for (let i = 0; i < 3; i++) {
      global.gc();
      await sleep(100);
    }
  }
  const m = process.memoryUsage();
  return m.heapUsed + ' ' + m.rss;
}

function answer(line) {
  process.stdout.write(line + '\n');
}

async function handle(line) {
  const w = line.trim().split(' ');
  try {
    switch (w[0]) {
      case 'burst': {
        const first = Number(w[1]);
        const count = Number(w[2]);
        for (let i = 0; i < count; i++) publish(first + i, now());
        break;
      }
      case 'paced': answer('@ok ' + await paced(Number(w[1]), Number(w[2]), Number(w[3]))); break;
      case 'sync': answer('@ok'); break;
      case 'clock': answer('@ok ' + now()); break;
      case 'count': answer('@ok ' + io.engine.clientsCount); break;
      case 'failed': answer('@ok 0'); break; // socket.io reports no failed sends
      case 'cpu': {
        const u = process.cpuUsage();
        answer('@ok ' + (u.user + u.system) * 1000 + ' -1'); // no allocation counter in node
        break;
      }
      case 'mem': answer('@ok ' + await memory()); break;
      case 'stop': await stop(); answer('@ok'); break;
      case 'start': await start(port); answer('@ok'); break;
      case 'quit': await stop(); process.exit(0); break;
      default: answer('@err unknown command ' + w[0]);
    }
  } catch (e) {
    answer('@err ' + e);
  }
}

const queue = [];
let busy = false;
async function pump() {
  if (busy) return;
  busy = true;
  while (queue.length > 0) {
    await handle(queue.shift());
  }
  busy = false;
}

start(0).then(() => {
  const frameBytes = Buffer.byteLength('42' + JSON.stringify([TYPE, tick(1000000, Number(now()), PAD)]));
  answer('@ready ' + port + ' ' + frameBytes + ' SOCKET_IO /socket.io/?EIO=4&transport=websocket&client_id=load-');
  const rl = readline.createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    queue.push(line);
    pump();
  });
  rl.on('close', () => process.exit(0)); // the harness is gone
}, (e) => {
  console.error('socket.io server did not start: ' + e);
  process.exit(1);
});
