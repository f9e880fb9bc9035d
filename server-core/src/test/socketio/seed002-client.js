// Seed 002's client: socket.io-client with the connection options the document gives (§3.1),
// driven by Seed002SocketIoTest (and Seed004SocketIoTest). Reads one JSON command per line on stdin
//   {"op":"emit","event":"subscribeTasks","arg":{"taskIds":["gen_1"]},"ack":1}
//   {"op":"emit","event":"ping"}            (no "arg": the event is emitted without an argument)
//   {"op":"close"}
// and writes one JSON line per thing that happens on stdout
//   {"event":"connect","id":"..."}, {"event":"taskStatusUpdate","args":[{...}]}, {"ack":1,"response":{...}}
// Usage: node seed002-client.js <url> <path> [extra options as JSON, e.g. {"auth":{"token":"t"}}]
const { io } = require('socket.io-client');
const readline = require('readline');

const [url, path, extra] = process.argv.slice(2);
const socket = io(url, Object.assign({
  path,
  transports: ['websocket'],
  reconnection: true,
  reconnectionAttempts: 2,
  reconnectionDelay: 1000,
  reconnectionDelayMax: 5000,
  timeout: 5000,
}, extra ? JSON.parse(extra) : {}));

const out = (line) => process.stdout.write(JSON.stringify(line) + '\n');
socket.on('connect', () => out({ event: 'connect', id: socket.id }));
socket.on('connect_error', (error) => out({ event: 'connect_error', message: error.message }));
socket.on('disconnect', (reason) => out({ event: 'disconnect', reason }));
socket.io.on('reconnect_attempt', (attempt) => out({ event: 'reconnect_attempt', attempt }));
socket.onAny((event, ...args) => out({ event, args }));

const quit = () => {
  socket.close();
  process.exit(0);
};
readline.createInterface({ input: process.stdin })
  .on('line', (line) => {
    const command = JSON.parse(line);
    const args = 'arg' in command ? [command.arg] : [];
    if (command.op === 'emit' && command.ack !== undefined) {
      socket.emit(command.event, ...args, (response) => out({ ack: command.ack, response }));
    } else if (command.op === 'emit') {
      socket.emit(command.event, ...args);
    } else if (command.op === 'close') {
      quit();
    }
  })
  .on('close', quit);
