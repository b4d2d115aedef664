import type { FastifyReply } from 'fastify';
import { EventStoreUnavailableError, MemoryEventStore } from '@app/event-store';
import { SqliteReadStore, type ProjectorService } from '@app/read-models';
import { HealthController } from './health.controller';
import { WRITE_FAILURE_REPORTED_MS, WriteHealth } from './write-health';

function fakeResponse(): FastifyReply & { statusCode: number } {
  const response = { statusCode: 0, headers: {} as Record<string, string> };
  return Object.assign(response, {
    status(code: number) {
      response.statusCode = code;
      return this;
    },
    header(name: string, value: string) {
      response.headers[name] = value;
      return this;
    },
  }) as unknown as FastifyReply & { statusCode: number };
}

describe('HealthController', () => {
  const views = new SqliteReadStore({ filename: ':memory:' });
  afterAll(() => views.close());

  it('answers 503 naming the store that does not answer', async () => {
    const events = new MemoryEventStore();
    events.ping = () => Promise.reject(new EventStoreUnavailableError('SQLITE_IOERR'));
    const sut = new HealthController(events, views);
    const response = fakeResponse();

    const report = await sut.check(response);

    expect(response.statusCode).toBe(503);
    expect(report).toEqual({
      status: 'unavailable',
      checks: { eventStore: { status: 'down', error: 'SQLITE_IOERR' }, readStore: { status: 'up' } },
    });
  });

  it('answers 503 while the event store refuses writes though it answers reads, and 200 once a write succeeds', async () => {
    const writes = new WriteHealth();
    const sut = new HealthController(new MemoryEventStore(), views, undefined, writes);
    writes.failed(new EventStoreUnavailableError('The event store failed: SQLITE_IOERR_WRITE'));

    const failing = fakeResponse();
    const report = await sut.check(failing);
    expect(failing.statusCode).toBe(503);
    expect(report.checks.eventStore).toEqual({
      status: 'down',
      error: 'writes fail: the last write failed 0 s ago: The event store failed: SQLITE_IOERR_WRITE',
    });

    writes.succeeded();
    const mended = fakeResponse();
    await sut.check(mended);
    expect(mended.statusCode).toBe(200);
  });

  it('stops reporting a failed write after a while with no write since (the node gets writes again to find out)', () => {
    const writes = new WriteHealth();
    writes.failed(new Error('disk full'));
    expect(writes.problem(Date.now() + WRITE_FAILURE_REPORTED_MS - 1000)).toMatch(/disk full$/);
    expect(writes.problem(Date.now() + WRITE_FAILURE_REPORTED_MS + 1000)).toBeNull();
  });

  it('answers 503 when the in-process projector has stopped on an error', async () => {
    const projector = {
      status: { name: 'main', state: 'failed', position: 41n, queued: 0, error: 'read store file is not a database', setAside: 0, lastSetAside: null },
    } as unknown as ProjectorService;
    const sut = new HealthController(new MemoryEventStore(), views, projector);
    const response = fakeResponse();

    const report = await sut.check(response);

    expect(response.statusCode).toBe(503);
    expect(report.checks.projector).toEqual({
      status: 'down',
      error: 'read store file is not a database',
      state: 'failed',
      position: '41',
      setAside: 0,
    });
  });

  it('answers 503 when the projector has committed nothing for a minute while the log holds events its views lack, and 200 once it holds them', async () => {
    const events = new MemoryEventStore();
    await events.append('project-p', [{ id: '7d2f7b8e-2c4a-4f51-9c1e-5b0a3d9e6f10', type: 'X', data: {} }], { expectedRevision: 'no_stream' });
    const head = (await events.headPosition())!;
    const stalled = (position: bigint | null, sinceProgressMs: number) =>
      ({ status: { name: 'main', state: 'running', position, queued: 0, error: null, setAside: 0, lastSetAside: null }, sinceProgressMs }) as unknown as ProjectorService;

    const stuck = fakeResponse();
    const report = await new HealthController(events, views, stalled(null, 61_000)).check(stuck);
    expect(stuck.statusCode).toBe(503);
    expect(report.checks.projector).toMatchObject({ status: 'down', error: 'stuck: nothing committed for 61 s while the log holds events the views lack', state: 'running' });

    // Quiet, not stuck: nothing to fold. Or busy, and committing.
    for (const projector of [stalled(head, 61_000), stalled(null, 5_000)]) {
      const response = fakeResponse();
      await new HealthController(events, views, projector).check(response);
      expect(response.statusCode).toBe(200);
    }
    await events.close();
  });

  it('stays ready while a view has set an event aside, and says which', async () => {
    const projector = {
      status: { name: 'main', state: 'running', position: 50n, queued: 0, error: null, setAside: 2, lastSetAside: 'View project_board failed on event e-42 (TaskUpdated, project-1@7, position 42): boom' },
    } as unknown as ProjectorService;
    const sut = new HealthController(new MemoryEventStore(), views, projector);
    const response = fakeResponse();

    const report = await sut.check(response);

    expect(response.statusCode).toBe(200);
    expect(report.checks.projector).toEqual({
      status: 'up',
      state: 'running',
      position: '50',
      setAside: 2,
      lastSetAside: 'View project_board failed on event e-42 (TaskUpdated, project-1@7, position 42): boom',
    });
  });

  it('stays ready while its projector stands by (another holds the lease), reporting where the views stand', async () => {
    const store = new SqliteReadStore({ filename: ':memory:' });
    await store.commit({ changes: [], checkpoint: { name: 'main', position: 77n, expected: null } });
    const projector = {
      status: { name: 'main', state: 'standby', position: 12n, queued: 0, error: null, setAside: 0, lastSetAside: null, holder: 'h/1/a' },
      // Standing by, it commits nothing: that is not stuck.
      sinceProgressMs: 3_600_000,
    } as unknown as ProjectorService;
    const events = new MemoryEventStore();
    await events.append('project-p', [{ id: '7d2f7b8e-2c4a-4f51-9c1e-5b0a3d9e6f11', type: 'X', data: {} }], { expectedRevision: 'no_stream' });
    const response = fakeResponse();

    const report = await new HealthController(events, store, projector).check(response);

    expect(response.statusCode).toBe(200);
    expect(report.checks.projector).toEqual({ status: 'up', state: 'standby', position: '77', setAside: 0 });
    await Promise.all([store.close(), events.close()]);
  });

  it('gives up on a store that hangs, instead of hanging with it', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'queueMicrotask', 'nextTick'] });
    try {
      const events = new MemoryEventStore();
      events.ping = () => new Promise<void>(() => undefined);
      const sut = new HealthController(events, views);
      const response = fakeResponse();
      const pending = sut.check(response);
      await jest.advanceTimersByTimeAsync(2500);
      const report = await pending;
      expect(response.statusCode).toBe(503);
      expect(report.checks.eventStore).toEqual({ status: 'down', error: 'no answer within 2000 ms' });
    } finally {
      jest.useRealTimers();
    }
  });
});
