// Seed 004's front end, as its WebSocket module would be written with socket.io-client: connect,
// authenticate with an 'auth' event carrying the token (the seed's JWT), then watch videos, ask
// for their status and ping. Driven by VideoTasksSocketIoTest: one JSON command per line on stdin
//   {"op":"subscribe","videoId":"video_1"}
//   {"op":"requestTaskStatus","videoId":"video_1"}             (the seed's socket.emit form)
//   {"op":"requestTaskStatus","videoId":"video_1","plain":true} (the seed's ws.send form, as the argument)
//   {"op":"requestMultipleTaskStatus","videoIds":["video_1","video_2"]}
//   {"op":"unsubscribe","videoId":"video_1"}
//   {"op":"ping"}
//   {"op":"close"}
// and one JSON line per thing that happens on stdout
//   {"event":"connect"}, {"event":"taskUpdated","args":[{"type":"taskUpdated","timestamp":...,"payload":{...}}]}
// Usage: node seed004-client.js <url> <token> [path]   (path: Socket.IO's default /socket.io when absent)
const { io } = require('socket.io-client');
const readline = require('readline');

const [url, token, path] = process.argv.slice(2);
const socket = io(url, Object.assign({ transports: ['websocket'] }, path ? { path } : {}));

const out = (line) => process.stdout.write(JSON.stringify(line) + '\n');
socket.on('connect', () => {
  out({ event: 'connect', id: socket.id });
  socket.emit('auth', { payload: { token } });
});
socket.on('connect_error', (error) => out({ event: 'connect_error', message: error.message }));
socket.on('disconnect', (reason) => out({ event: 'disconnect', reason }));
socket.onAny((event, ...args) => out({ event, args }));

const quit = () => {
  socket.close();
  process.exit(0);
};
readline.createInterface({ input: process.stdin })
  .on('line', (line) => {
    const command = JSON.parse(line);
    switch (command.op) {
      case 'subscribe':
        socket.emit('subscribe_task', { payload: { videoId: command.videoId } });
        break;
      case 'unsubscribe':
        socket.emit('unsubscribe_task', { payload: { videoId: command.videoId } });
        break;
      case 'requestTaskStatus':
        socket.emit('requestTaskStatus', command.plain
          ? { type: 'requestTaskStatus', payload: { videoId: command.videoId } }
          : { payload: { videoId: command.videoId } });
        break;
      case 'requestMultipleTaskStatus':
        socket.emit('requestMultipleTaskStatus', { payload: { videoIds: command.videoIds } });
        break;
      case 'ping':
        socket.emit('ping');
        break;
      case 'close':
        quit();
        break;
      default:
        out({ event: 'unknown_command', command });
    }
  })
  .on('close', quit);
