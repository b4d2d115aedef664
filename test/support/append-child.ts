/**
 * Child process for the durability test: appends to the SQLite event store
 * without end and prints `ack <stream> <revision> <id>` for each append the
 * store acknowledged. The parent kills it with SIGKILL at a moment of its choosing.
 */
import { randomUUID } from 'node:crypto';
import { SqliteEventStore, type SqliteSynchronous } from '@app/event-store';

async function main(): Promise<void> {
  const [filename, synchronous] = process.argv.slice(2) as [string, SqliteSynchronous];
  const store = new SqliteEventStore({ filename, synchronous });
  const writers = 4;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const stream = `durability-${w}`;
      for (let revision = 0; ; revision += 1) {
        const id = randomUUID();
        await store.append(stream, [{ id, type: 'Ticked', data: { w, revision } }], {
          expectedRevision: revision === 0 ? 'no_stream' : revision - 1,
        });
        process.stdout.write(`ack ${stream} ${revision} ${id}\n`);
      }
    }),
  );
}

void main();
