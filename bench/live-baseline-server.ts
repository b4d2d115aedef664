/**
 * The baseline of `bench:live`: raw Socket.IO on node:http — no framework, no
 * authentication, no log, no fold, no diff. Every socket connected to `/live`
 * joins one room; `POST /emit` with a JSON body sends that body as a `patch`
 * to the room and answers 204. Prints `listening <port>` when ready.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const server = createServer();
const io = new Server(server, { transports: ['websocket'] });
const live = io.of('/live');
live.on('connection', (socket) => void socket.join('watchers'));

server.on('request', (request, response) => {
  if (request.url?.startsWith('/socket.io/')) return; // Socket.IO's own
  if (request.method !== 'POST' || request.url !== '/emit') {
    response.writeHead(404).end();
    return;
  }
  let body = '';
  request.on('data', (chunk: Buffer) => (body += chunk.toString()));
  request.on('end', () => {
    live.to('watchers').emit('patch', JSON.parse(body));
    response.writeHead(204).end();
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address !== null ? address.port : 0}\n`);
});
