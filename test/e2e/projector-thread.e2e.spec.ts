import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { InProcessProjectorService, ProjectorService, ThreadProjectorService } from '@app/read-models';
import { person, projectWith, startApi, type RunningApi } from '../support/api';
import { eventually } from '../support/ts-child';

/** One sample of a metric (no labels); undefined when absent. */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

/**
 * The embedded profile's default: the api runs its projector on a worker
 * thread of its own. What the api promises of its projector holds there as on
 * the main thread: read-your-writes, /health and /metrics; a thread that dies
 * is reported, then started again.
 */
describe('the api with its projector on its own thread (PROJECTOR_THREAD=true, the default)', () => {
  let api: RunningApi;
  let projector: ThreadProjectorService;

  beforeAll(async () => {
    api = await startApi({ PROJECTOR_THREAD: 'true' });
    projector = api.app.get(ProjectorService);
  });

  afterAll(async () => {
    await api.close();
  });

  it('runs the projector on a worker thread, started before the api listens', () => {
    expect(projector).toBeInstanceOf(ThreadProjectorService);
    expect(projector.thread).not.toBeNull();
    expect(projector.status.state).toBe('running');
  });

  it('serves read-your-writes: sign-up then sign-in at once, membership then access at once', async () => {
    // `person` signs up and logs in on the very next request; `projectWith` invites and accepts, then each reads.
    const pm = await person(api, 'Pat');
    const dev = await person(api, 'Dev');
    const projectId = await projectWith(api, pm, [{ person: dev, role: 'member' }]);
    const seen = await api.call('GET', `/api/projects/${projectId}`, { token: dev.token });
    expect(seen.status).toBe(200);
    const added = await api.call('POST', `/api/projects/${projectId}/tasks`, { token: dev.token, body: { title: 'First' } });
    expect(added.status).toBe(201);
  });

  it('reports the projector running on /health with the position it committed, and its figures on /metrics', async () => {
    const pm = await person(api, 'Pia');
    await projectWith(api, pm, []);
    const health = await api.call('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body.checks.projector).toEqual({ status: 'up', state: 'running', position: expect.stringMatching(/^\d+$/), setAside: 0 });
    expect(BigInt(health.body.checks.projector.position)).toBe(projector.status.position);
    const text = await eventually(async () => {
      const scraped = await (await fetch(`${api.url}/metrics`)).text();
      return sample(scraped, 'cp_projector_lag_events') === 0 ? scraped : undefined;
    }, { timeoutMs: 5000, describe: () => 'the lag never read 0' });
    expect(sample(text, 'cp_projector_up')).toBe(1);
    expect(sample(text, 'cp_projector_active')).toBe(1);
    expect(sample(text, 'cp_projector_position')).toBe(Number(projector.status.position));
    expect(sample(text, 'cp_projector_set_aside')).toBe(0);
  });

  it('reports a thread that dies on /health and /metrics at once, then starts it again and catches up', async () => {
    const before = projector.status.position!;
    await projector.thread!.terminate();
    const health = await api.call('GET', '/health');
    expect(health.status).toBe(503);
    expect(health.body.checks.projector).toMatchObject({
      status: 'down',
      state: 'failed',
      error: 'its thread ended unexpectedly: it exited with code 1',
      position: before.toString(),
    });
    expect(sample(await (await fetch(`${api.url}/metrics`)).text(), 'cp_projector_up')).toBe(0);

    // Meanwhile writes are stored: a sign-up is answered (without waiting for views no thread updates).
    const email = `lee.${Date.now()}@example.com`;
    const password = 'correct horse battery staple';
    expect((await api.call('POST', '/api/auth/signup', { body: { email, password, name: 'Lee' } })).status).toBe(201);

    // Started again after a second: it resumes from its checkpoint.
    const back = await eventually(
      async () => {
        const answer = await api.call('GET', '/health');
        return answer.status === 200 && answer.body.checks.projector.state === 'running' ? answer : undefined;
      },
      { timeoutMs: 15_000, describe: () => JSON.stringify(projector.status) },
    );
    expect(back.body.checks.projector).toMatchObject({ status: 'up', state: 'running' });
    expect(projector.status.error).toBeNull();
    // The views caught up with what was written while it was down, and read-your-writes holds again.
    const login = await eventually(async () => {
      const answer = await api.call('POST', '/api/auth/login', { body: { email, password } });
      return answer.status === 200 ? answer : undefined;
    });
    const late = { id: '', email, token: login.body.accessToken as string, refreshToken: '' };
    const after = await person(api, 'Max');
    const projectId = await projectWith(api, after, [{ person: late, role: 'member' }]);
    expect((await api.call('GET', `/api/projects/${projectId}`, { token: late.token })).status).toBe(200);
  });

  it('ends the thread on shutdown, after committing what it folded', async () => {
    const other = await startApi({ PROJECTOR_THREAD: 'true' });
    const facade = other.app.get<ThreadProjectorService>(ProjectorService);
    const thread = facade.thread!;
    const exited = new Promise<number>((resolve) => thread.once('exit', resolve));
    await person(other, 'Sam');
    const events = other.app.get<import('@app/event-store').EventStore>((await import('@app/event-store')).EVENT_STORE);
    const head = (await events.append(`ops-${randomUUID()}`, [{ id: randomUUID(), type: 'OperatorNote', data: {} }], { expectedRevision: 'no_stream' })).position;
    await eventually(() => facade.status.folded !== null && facade.status.folded >= head, { describe: () => JSON.stringify(facade.status) });
    const dataDir = other.dataDir;
    await other.app.close();
    expect(await exited).toBe(0);
    expect(facade.thread).toBeNull();
    expect(facade.status.state).toBe('stopped');
    // The next api on the same files finds every event committed.
    const next = await startApi({ DATA_DIR: dataDir, PROJECTOR_IN_PROCESS: 'false' });
    try {
      const { READ_STORE } = await import('@app/read-models');
      const views = next.app.get<import('@app/read-models').ReadStore>(READ_STORE);
      expect(await views.getCheckpoint('main')).toBe(head);
    } finally {
      await next.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the api with its projector on the main thread (PROJECTOR_THREAD=false)', () => {
  it('runs the projector in the api thread, with the same read-your-writes and /health', async () => {
    const api = await startApi({ PROJECTOR_THREAD: 'false' });
    try {
      expect(api.app.get(ProjectorService)).toBeInstanceOf(InProcessProjectorService);
      const pm = await person(api, 'Pat');
      const dev = await person(api, 'Dev');
      const projectId = await projectWith(api, pm, [{ person: dev, role: 'member' }]);
      expect((await api.call('GET', `/api/projects/${projectId}`, { token: dev.token })).status).toBe(200);
      const health = await api.call('GET', '/health');
      expect(health.status).toBe(200);
      expect(health.body.checks.projector).toMatchObject({ status: 'up', state: 'running' });
    } finally {
      await api.close();
    }
  });
});
