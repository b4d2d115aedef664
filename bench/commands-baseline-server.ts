/**
 * The baseline of `bench:commands`: a plain node:http server that appends the
 * same event a task edit appends, with raw better-sqlite3 — no framework, no
 * domain, no authentication, no projection. Prints `listening <port>` when ready.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

const [filename] = process.argv.slice(2) as [string];
const db = new Database(filename);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, revision INTEGER NOT NULL, event_id TEXT NOT NULL,
  type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL);
  CREATE UNIQUE INDEX IF NOT EXISTS events_stream_revision ON events (stream_id, revision);
  CREATE UNIQUE INDEX IF NOT EXISTS events_event_id ON events (event_id);`);
const last = db.prepare('SELECT max(revision) FROM events WHERE stream_id = ?').pluck();
const insert = db.prepare(
  'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
);
const append = db.transaction((stream: string, data: string, metadata: string): number => {
  const revision = ((last.get(stream) as number | null) ?? -1) + 1;
  insert.run(stream, revision, randomUUID(), 'TaskUpdated', data, metadata, new Date().toISOString());
  return revision;
});

const server = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk: Buffer) => (body += chunk.toString()));
  request.on('end', () => {
    const match = /^\/api\/projects\/([^/]+)\/tasks\/([^/]+)$/.exec(request.url ?? '');
    if (request.method !== 'PATCH' || match === null) {
      response.writeHead(404).end();
      return;
    }
    const changes = JSON.parse(body) as Record<string, unknown>;
    const revision = append(
      `project-${match[1]}`,
      JSON.stringify({ taskId: match[2], changes }),
      JSON.stringify({ commandId: randomUUID(), occurredAt: new Date().toISOString() }),
    );
    response.writeHead(200, { 'content-type': 'application/json', etag: `"${revision}"` });
    response.end(JSON.stringify({ revision, events: [{ type: 'TaskUpdated', revision }] }));
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address !== null ? address.port : 0}\n`);
});
