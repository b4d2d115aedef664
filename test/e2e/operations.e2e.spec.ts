import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { person, projectWith, startApi, type RunningApi } from '../support/api';
import { eventually } from '../support/ts-child';

/** What an operator relies on: request ids end to end, and Prometheus metrics that move with the work. */
describe('operations: request ids and metrics', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  /** One sample of a metric, by its labels; undefined when absent. */
  function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
    for (const line of text.split('\n')) {
      if (line.startsWith('#')) continue;
      const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (match === null || match[1] !== name) continue;
      const found = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-z_]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
      if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
    }
    return undefined;
  }

  async function scrape(): Promise<string> {
    const answer = await fetch(`${api.url}/metrics`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return answer.text();
  }

  it('gives every answer a request id: the one the request came with when it is a plain token, else a new one', async () => {
    const given = await api.call('GET', '/api/me', { headers: { 'x-request-id': 'lb-7f3a.42' } });
    expect(given.headers.get('x-request-id')).toBe('lb-7f3a.42');
    const fresh = await api.call('GET', '/api/me');
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = await api.call('GET', '/api/me', { headers: { 'x-request-id': 'a b"\\c' } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    // Problems carry it too, so a user can quote it.
    expect(unsafe.status).toBe(401);
  });

  it('writes the request id into the events the request stored, as their correlation id', async () => {
    const pm = await person(api, 'Pia');
    const projectId = await projectWith(api, pm, []);
    const requestId = `ticket-${randomUUID()}`;
    const added = await api.call('POST', `/api/projects/${projectId}/phases`, { token: pm.token, body: { name: 'Discovery' }, headers: { 'x-request-id': requestId } });
    expect(added.status).toBe(201);
    const exported = await api.call('GET', `/api/projects/${projectId}/audit/export`, { token: pm.token });
    const lines = String(exported.body).trim().split('\n').map((line) => JSON.parse(line) as { type?: string; metadata?: { correlationId?: string } });
    expect(lines.find((line) => line.type === 'PhaseAdded')?.metadata?.correlationId).toBe(requestId);
  });

  it('counts requests by route template, commands by outcome and appends; reads projector lag and live sockets when scraped', async () => {
    const pm = await person(api, 'Pat');
    const projectId = await projectWith(api, pm, []);
    const before = await scrape();
    const accepted = sample(before, 'cp_commands_total', { stream: 'project', outcome: 'accepted' }) ?? 0;
    const refused = sample(before, 'cp_commands_total', { stream: 'project', outcome: 'refused' }) ?? 0;
    const appended = sample(before, 'cp_events_appended_total') ?? 0;

    expect((await api.call('POST', `/api/projects/${projectId}/phases`, { token: pm.token, body: { name: 'Build' } })).status).toBe(201);
    const missing = await api.call('PATCH', `/api/projects/${projectId}/tasks/${randomUUID()}`, { token: pm.token, body: { title: 'Nothing' } });
    expect(missing.status).toBe(404);

    const socket = io(`${api.url}/live`, { auth: { token: pm.token }, transports: ['websocket'], reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.on('connect', resolve);
        socket.on('connect_error', reject);
      });
      const after = await eventually(async () => {
        const text = await scrape();
        return sample(text, 'cp_live_sockets') === 1 ? text : undefined;
      }, { timeoutMs: 5000, describe: () => 'cp_live_sockets never read 1' });
      expect(sample(after, 'cp_commands_total', { stream: 'project', outcome: 'accepted' })).toBe(accepted + 1);
      expect(sample(after, 'cp_commands_total', { stream: 'project', outcome: 'refused' })).toBe(refused + 1);
      expect(sample(after, 'cp_events_appended_total')).toBe(appended + 1);
      expect(sample(after, 'cp_event_append_duration_seconds_count')).toBeGreaterThan(0);
      // By the route's template, never the raw path.
      expect(sample(after, 'cp_http_requests_total', { method: 'POST', route: '/api/projects/:projectId/phases', status: '201' })).toBeGreaterThanOrEqual(1);
      expect(sample(after, 'cp_http_requests_total', { method: 'PATCH', route: '/api/projects/:projectId/tasks/:taskId', status: '404' })).toBe(1);
      expect(after).not.toContain(projectId);
      expect(sample(after, 'cp_projector_up')).toBe(1);
      expect(sample(after, 'cp_projector_lag_events')).toBeGreaterThanOrEqual(0);
      expect(sample(after, 'cp_projector_lag_seconds')).toBeGreaterThanOrEqual(0);
      expect(sample(after, 'cp_live_slow_consumers_total')).toBe(0);
      // The process itself, from prom-client's defaults.
      expect(sample(after, 'process_cpu_seconds_total')).toBeGreaterThan(0);
      expect(sample(after, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    } finally {
      socket.close();
    }
  });

  it('lags by what the views lack: the events behind the projector, and how long ago the oldest was recorded', async () => {
    const { ProjectorService } = await import('@app/read-models');
    const { EVENT_STORE } = await import('@app/event-store');
    type Store = import('@app/event-store').EventStore;
    const projector = api.app.get(ProjectorService);
    const events = api.app.get<Store>(EVENT_STORE);
    await projector.stop();
    // Two events the views do not hold, written while the projector is stopped (this node's last test: it stays stopped).
    await events.append(`ops-${randomUUID()}`, [1, 2].map(() => ({ id: randomUUID(), type: 'OperatorNote', data: {} })), { expectedRevision: 'no_stream' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const text = await scrape();
    expect(sample(text, 'cp_projector_up')).toBe(0);
    expect(sample(text, 'cp_projector_lag_events')).toBe(2);
    expect(sample(text, 'cp_projector_lag_seconds')).toBeGreaterThan(0);
  });

  it('reports the same lag on a node that does not run the projector, from the checkpoint the views hold', async () => {
    // Another api on the same files, as a second node of the embedded profile; the first one's projector stays stopped.
    const reader = await startApi({ DATA_DIR: api.dataDir, PROJECTOR_IN_PROCESS: 'false' });
    try {
      const text = await (await fetch(`${reader.url}/metrics`)).text();
      expect(sample(text, 'cp_projector_up')).toBeUndefined();
      expect(sample(text, 'cp_projector_lag_events')).toBe(2);
      expect(sample(text, 'cp_projector_lag_seconds')).toBeGreaterThan(0);
    } finally {
      await reader.close();
    }
  });
});
