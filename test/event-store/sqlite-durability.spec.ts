import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NO_STREAM, SqliteEventStore, type RecordedEvent } from '@app/event-store';
import { captureOutput, eventually, exited, spawnTs } from '../support/ts-child';

/**
 * An append the store acknowledged is on disk: a writer process killed with
 * SIGKILL mid-stream loses nothing it was told was written.
 */
describe.each(['NORMAL', 'FULL'] as const)('SQLite event store durability (synchronous=%s)', (synchronous) => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'es-durability-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged append after the writer is killed with SIGKILL', async () => {
    const filename = join(dir, 'events.db');
    const child = spawnTs('test/support/append-child.ts', {}, [filename, synchronous]);
    const output = captureOutput(child);
    const acks: Array<{ stream: string; revision: number; id: string }> = [];
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        const [word, stream, revision, id] = line.split(' ');
        if (word === 'ack') acks.push({ stream: stream!, revision: Number(revision), id: id! });
      }
    });

    // Kill it at an arbitrary moment well into a steady stream of appends.
    const target = 300 + Math.floor(Math.random() * 700);
    try {
      await eventually(
        () => {
          if (child.exitCode !== null || child.signalCode !== null) {
            throw new Error(`The writer ended by itself (${child.exitCode ?? child.signalCode}) after ${acks.length} acks:\n${output.text().split('\n').filter((l) => !l.startsWith('ack ')).join('\n')}`);
          }
          return acks.length >= target;
        },
        { timeoutMs: 30_000, describe: () => `${acks.length} acks so far, target ${target}` },
      );
    } finally {
      child.kill('SIGKILL');
    }
    expect(await exited(child)).toBe('SIGKILL');

    const sut = new SqliteEventStore({ filename });
    try {
      const stored = new Map<string, RecordedEvent>();
      for await (const event of sut.readAll()) stored.set(event.id, event);
      for (const ack of acks) {
        const event = stored.get(ack.id);
        expect(event).toBeDefined();
        expect(event).toMatchObject({ streamId: ack.stream, revision: ack.revision });
      }
      // The store stays usable: each stream continues exactly after its last event.
      for (let w = 0; w < 4; w += 1) {
        const revisions: number[] = [];
        for await (const event of sut.readStream(`durability-${w}`)) revisions.push(event.revision);
        expect(revisions).toEqual(revisions.map((_, i) => i));
        const next = revisions.length === 0 ? NO_STREAM : revisions.length - 1;
        await expect(
          sut.append(`durability-${w}`, [{ id: crypto.randomUUID(), type: 'Ticked', data: {} }], { expectedRevision: next }),
        ).resolves.toMatchObject({ nextExpectedRevision: revisions.length });
      }
    } finally {
      await sut.close();
    }
  });
});
