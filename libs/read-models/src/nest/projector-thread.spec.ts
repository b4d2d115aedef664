import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type AppConfig, type AppConfigService } from '@app/config';
import { NO_STREAM, SqliteEventStore, type GlobalPosition } from '@app/event-store';
import { SqliteReadStore } from '../adapters/sqlite/sqlite-read-store';
import { MAIN_PROJECTOR } from './main-projector';
import { ThreadProjectorService, type ThreadProjectorOptions } from './projector-thread';

/** Polls until `condition` holds (the thread reports asynchronously). */
async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * The facade over a real projector thread on SQLite files in a fresh folder;
 * the test appends through its own connection, as the api does.
 */
describe('ThreadProjectorService', () => {
  let dir: string;
  let config: AppConfig;
  let events: SqliteEventStore;
  const started: ThreadProjectorService[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'projector-thread-'));
    config = loadConfig({ DATA_DIR: dir });
    events = new SqliteEventStore({ filename: join(dir, 'events.db') });
  });

  afterEach(async () => {
    for (const sut of started.splice(0)) await sut.stop();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
    jest.restoreAllMocks();
  });

  const start = async (options: ThreadProjectorOptions = {}, values: AppConfig = config): Promise<ThreadProjectorService> => {
    const sut = new ThreadProjectorService({ values } as AppConfigService, options);
    started.push(sut);
    await sut.onApplicationBootstrap();
    return sut;
  };

  /** Appends `count` events to a new stream; the position of the last. */
  const append = async (count = 2): Promise<GlobalPosition> => {
    const result = await events.append(
      `notes-${randomUUID()}`,
      Array.from({ length: count }, () => ({ id: randomUUID(), type: 'OperatorNote', data: {} })),
      { expectedRevision: NO_STREAM },
    );
    return result.position;
  };

  const checkpoint = async (): Promise<GlobalPosition | null> => {
    const store = new SqliteReadStore({ filename: join(dir, 'views.db') });
    try {
      return await store.getCheckpoint(MAIN_PROJECTOR);
    } finally {
      await store.close();
    }
  };

  it('starts the projector on its thread before bootstrap ends, and relays its status and its log lines', async () => {
    const logged = jest.spyOn(Logger.prototype, 'log');
    const sut = await start();
    expect(sut.thread).not.toBeNull();
    expect(sut.status).toMatchObject({ name: MAIN_PROJECTOR, state: 'running', position: null, error: null, setAside: 0, lastSetAside: null });
    expect(sut.status.holder).toMatch(new RegExp(`/${process.pid}/`));
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('Projector main: took the lease'));
    expect(sut.sinceProgressMs).toBeLessThan(60_000);
  });

  it('resolves waitFor once the thread committed the position, and the status shows it committed', async () => {
    const sut = await start();
    const position = await append(3);
    await sut.waitFor(position, 5000);
    expect(sut.status.position).toBeGreaterThanOrEqual(position);
    expect(await checkpoint()).toBeGreaterThanOrEqual(position);
    expect(sut.sinceProgressMs).toBeLessThan(5000);
    // Committed already: answered without asking the thread.
    await expect(sut.waitFor(position, 1)).resolves.toBeUndefined();
  });

  it('answers many waits at once, each when its own position is committed', async () => {
    const sut = await start();
    const positions: GlobalPosition[] = [];
    for (let i = 0; i < 20; i += 1) positions.push(await append(1));
    await Promise.all(positions.map((position) => sut.waitFor(position, 5000)));
    expect(sut.status.position).toBeGreaterThanOrEqual(positions[positions.length - 1]!);
  });

  it('rejects waitFor for a position never reached once the timeout passes', async () => {
    const sut = await start();
    const head = await append(1);
    const started = Date.now();
    await expect(sut.waitFor(head + 100n, 200)).rejects.toThrow(`Projector main did not reach ${head + 100n} within 200 ms`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('reports a thread that ends unexpectedly as failed, with why, and starts it again', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error');
    const sut = await start({ restartDelayMs: { min: 300, max: 1000 } });
    await sut.waitFor(await append(1), 5000);
    const waiting = sut.waitFor((await append(1)) + 50n, 10_000);
    await sut.thread!.terminate();
    expect(sut.thread).toBeNull();
    expect(sut.status.state).toBe('failed');
    expect(sut.status.error).toMatch(/^its thread ended unexpectedly: it exited with code 1$/);
    await expect(waiting).rejects.toThrow(/Projector main stopped: its thread ended unexpectedly/);
    await expect(sut.waitFor(10_000n, 1000)).rejects.toThrow(/Projector main stopped/);
    expect(errors).toHaveBeenCalledWith(expect.stringMatching(/The projector's thread ended unexpectedly \(it exited with code 1\); starting it again in 300 ms/));
    // Started again: it resumes from the checkpoint and follows the log.
    await until(() => sut.status.state === 'running', 'the thread is restarted');
    expect(sut.status.error).toBeNull();
    const later = await append(2);
    await sut.waitFor(later, 5000);
    expect(await checkpoint()).toBeGreaterThanOrEqual(later);
  });

  it('reports an error thrown on the thread, and waits longer before each restart while it keeps ending', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error');
    const sut = await start({ restartDelayMs: { min: 100, max: 150 } });
    // A store that cannot be opened any more: every restart ends the thread with the error.
    (sut as unknown as { config: { values: AppConfig } }).config.values = loadConfig({ DATA_DIR: dir, READ_STORE_URL: `sqlite:${dir}` });
    await sut.thread!.terminate();
    const restarts = (): number => errors.mock.calls.filter(([line]) => /starting it again in/.test(String(line))).length;
    await until(() => restarts() >= 3, 'two restarts failed', 20_000);
    expect(errors).toHaveBeenCalledWith(expect.stringMatching(/The projector's thread ended unexpectedly \(Cannot open the read store at /));
    expect(sut.status).toMatchObject({ state: 'failed', error: expect.stringMatching(/^its thread ended unexpectedly: Cannot open the read store at /) });
    const delays = errors.mock.calls.map(([line]) => /starting it again in (\d+) ms/.exec(String(line))?.[1]).filter((d) => d !== undefined);
    expect(delays.slice(0, 3)).toEqual(['100', '150', '150']);
  });

  it('fails the bootstrap when the thread cannot start its projector', async () => {
    const broken = loadConfig({ DATA_DIR: dir, READ_STORE_URL: `sqlite:${dir}` });
    await expect(start({}, broken)).rejects.toThrow(/^The projector's thread ended before the projector started: Cannot open the read store at /);
  });

  it('stops: commits everything folded, closes its connections and ends the thread, and is not started again', async () => {
    const sut = await start({ statusEveryMs: 10, restartDelayMs: { min: 10, max: 10 } });
    const thread = sut.thread!;
    const ended = new Promise<number>((resolve) => thread.once('exit', resolve));
    const position = await append(5);
    await until(() => sut.status.folded !== null && sut.status.folded >= position, 'the thread folded the events');
    await sut.stop();
    expect(await ended).toBe(0);
    expect(sut.thread).toBeNull();
    expect(sut.status.state).toBe('stopped');
    expect(await checkpoint()).toBe(position);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sut.thread).toBeNull();
    await expect(sut.waitFor(position + 1n, 100)).rejects.toThrow('Projector main stopped: stopped');
    // Stopping again does nothing.
    await sut.stop();
  });
});
