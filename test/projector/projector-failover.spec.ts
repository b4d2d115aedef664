import { GENESIS_HASH, chainAppend } from '@app/audit';
import Database from 'better-sqlite3';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@app/event-store';
import { LOG_TOTALS_ID, MAIN_PROJECTOR, streamStatsProjection, type LogTotals } from '@app/read-models';
import { captureOutput, eventually, exited, spawnTs } from '../support/ts-child';

/** The bound: a projector that dies is replaced within this. */
const FAILOVER_BOUND_MS = 10_000;

/**
 * Several projector processes on the same embedded store (`apps/projector`,
 * the default lease of 5 s): one runs the views, the others stand by. Killed
 * (SIGKILL), the active one is replaced within 10 seconds; frozen (SIGSTOP)
 * until another took over, then woken, it writes nothing more. The views end
 * equal to the log, every event counted once.
 */
describe('one active projector among several (lease)', () => {
  let dir: string;
  let eventsFile: string;
  let viewsFile: string;
  let events: SqliteEventStore;
  let observer: Database.Database | null = null;
  const children: ChildProcessWithoutNullStreams[] = [];
  let head = { revision: -1, hash: GENESIS_HASH };
  let appended = 0;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'projector-failover-'));
    eventsFile = join(dir, 'events.db');
    viewsFile = join(dir, 'views.db');
    events = new SqliteEventStore({ filename: eventsFile });
  });

  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGCONT');
        child.kill('SIGKILL');
      }
    }
    observer?.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Appends `count` chained events to one stream, as the api does. */
  const append = async (count: number): Promise<void> => {
    const chained = chainAppend(
      'project-failover',
      head.revision,
      head.hash,
      Array.from({ length: count }, (_, i) => ({ id: randomUUID(), type: 'ProjectRenamed', data: { name: `n${appended + i}` }, metadata: {} })),
    );
    await events.append('project-failover', chained.events, { expectedRevision: head.revision === -1 ? 'no_stream' : head.revision });
    head = { revision: head.revision + count, hash: chained.lastHash };
    appended += count;
  };

  const start = (): { child: ChildProcessWithoutNullStreams; output: { text: () => string } } => {
    const child = spawnTs('apps/projector/src/main.ts', {
      EVENT_STORE_URL: `sqlite:${eventsFile}`,
      READ_STORE_URL: `sqlite:${viewsFile}`,
      LOG_FORMAT: 'json',
    });
    children.push(child);
    return { child, output: captureOutput(child) };
  };

  const db = async (): Promise<Database.Database> =>
    (observer ??= await eventually(
      () => {
        try {
          const opened = new Database(viewsFile, { readonly: true, fileMustExist: true });
          opened.prepare('SELECT 1 FROM leases').get();
          return opened;
        } catch {
          return null;
        }
      },
      { timeoutMs: 60_000, intervalMs: 50 },
    ));

  /** The pid in the lease's holder id (`host/pid/random`), or null while nobody holds it. */
  const leaseHolderPid = async (): Promise<number | null> => {
    const row = (await db()).prepare('SELECT holder, expires_at AS expiresAt FROM leases WHERE name = ?').get(MAIN_PROJECTOR) as
      | { holder: string; expiresAt: number }
      | undefined;
    return row === undefined || row.expiresAt <= Date.now() ? null : Number(row.holder.split('/')[1]);
  };

  const checkpoint = async (): Promise<{ position: bigint; writerPid: number | null } | null> => {
    const row = (await db()).prepare('SELECT position, writer FROM checkpoints WHERE name = ?').get(MAIN_PROJECTOR) as
      | { position: string; writer: string | null }
      | undefined;
    return row === undefined ? null : { position: BigInt(row.position), writerPid: row.writer === null ? null : Number(row.writer.split('/')[1]) };
  };

  const totals = async (): Promise<LogTotals | null> => {
    const body = (await db()).prepare('SELECT body FROM documents WHERE view = ? AND id = ?').pluck().get(streamStatsProjection.view, LOG_TOTALS_ID) as
      | string
      | undefined;
    return body === undefined ? null : (JSON.parse(body) as LogTotals);
  };

  /** Writes a few events and waits until the views hold them, written by the process `pid`. */
  const caughtUpBy = async (pid: number, describe: () => string): Promise<void> => {
    await append(5);
    await eventually(
      async () => {
        const now = await checkpoint();
        return now !== null && now.position === BigInt(appended) && now.writerPid === pid;
      },
      { timeoutMs: 30_000, intervalMs: 20, describe },
    );
  };

  it('runs the views in one of two processes, and the other takes over within 10 s of a SIGKILL', async () => {
    await append(50);
    const a = start();
    const b = start();
    const both = () => `A:\n${a.output.text()}\nB:\n${b.output.text()}`;
    const activePid = await eventually(leaseHolderPid, { timeoutMs: 60_000, intervalMs: 20, describe: both });
    const [active, standing] = activePid === a.child.pid ? [a, b] : [b, a];
    expect([a.child.pid, b.child.pid]).toContain(activePid);
    // The other one is up too, standing by.
    await eventually(() => /standing by|"state":"standby"/.test(standing.output.text()) || standing.output.text().includes('Running'), {
      timeoutMs: 60_000,
      describe: both,
    });
    await caughtUpBy(activePid, both);
    expect((await checkpoint())!.writerPid).toBe(activePid);

    active.child.kill('SIGKILL');
    const killedAt = Date.now();
    expect(await exited(active.child)).toBe('SIGKILL');
    const newPid = await eventually(
      async () => {
        const pid = await leaseHolderPid();
        return pid !== null && pid !== activePid ? pid : null;
      },
      { timeoutMs: FAILOVER_BOUND_MS, intervalMs: 20, describe: both },
    );
    const failoverMs = Date.now() - killedAt;
    expect(newPid).toBe(standing.child.pid);
    console.log(`[failover] the standing-by projector took the lease ${failoverMs} ms after the active one was killed (bound: ${FAILOVER_BOUND_MS} ms; lease 5,000 ms)`);
    await caughtUpBy(newPid, both);
    expect(standing.output.text()).toContain('took the lease');

    // Every event counted once.
    expect((await totals())!.events).toBe(appended);
  }, 120_000);

  it('a frozen active projector that wakes after another took over writes nothing more and stands by', async () => {
    const [current] = children.filter((child) => child.exitCode === null && child.signalCode === null);
    const b = { child: current!, output: captureOutput(current!) };
    const c = start();
    const both = () => `B:\n${b.output.text()}\nC:\n${c.output.text()}`;
    await eventually(() => c.output.text().includes('Running'), { timeoutMs: 60_000, describe: both });
    expect(await leaseHolderPid()).toBe(b.child.pid);
    await caughtUpBy(b.child.pid!, both);

    // Frozen between commits (with nothing to write, it commits nothing), as a long GC pause or a stalled VM would.
    b.child.kill('SIGSTOP');
    await append(20);
    await eventually(async () => (await leaseHolderPid()) === c.child.pid, { timeoutMs: FAILOVER_BOUND_MS, intervalMs: 20, describe: both });
    await caughtUpBy(c.child.pid!, both);

    // Woken: its lease is gone; it must notice, stand by, and write nothing.
    b.child.kill('SIGCONT');
    await append(10);
    await eventually(() => /standing by/.test(b.output.text()), { timeoutMs: 30_000, describe: both });
    await caughtUpBy(c.child.pid!, both);
    expect(await leaseHolderPid()).toBe(c.child.pid);
    expect((await totals())!.events).toBe(appended);

    // Stopped cleanly, the active one gives the lease up and the other takes it at once.
    c.child.kill('SIGTERM');
    expect(await exited(c.child)).toBe(0);
    await eventually(async () => (await leaseHolderPid()) === b.child.pid, { timeoutMs: FAILOVER_BOUND_MS, intervalMs: 20, describe: both });
    await caughtUpBy(b.child.pid!, both);
    expect((await totals())!.events).toBe(appended);
    b.child.kill('SIGTERM');
    expect(await exited(b.child)).toBe(0);
  }, 120_000);
});
