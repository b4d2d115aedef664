import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureOutput, eventually, exited, spawnTs } from '../support/ts-child';

/**
 * The api as a user starts it: a real process on the embedded store, with
 * nothing but environment variables. Checks start-up, readiness, error shape,
 * clean shutdown, and the one-line refusal of a bad setting.
 */
/** The messages of the JSON log lines in a process's output, one per line. */
function messages(text: string): string {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => String((JSON.parse(line) as { msg?: unknown }).msg))
    .join('\n');
}

describe('api process on the embedded store', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'api-e2e-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(env: Record<string, string> = {}) {
    const child = spawnTs('apps/api/src/main.ts', { DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', ...env });
    const output = captureOutput(child);
    const url = await eventually(() => /Listening on (http:\/\/[^\s]+)/.exec(output.text())?.[1], {
      timeoutMs: 60_000,
      describe: output.text,
    });
    return { child, output, url };
  }

  it('starts with nothing but Node and a demo, reports ready, answers errors as problem details, and stops cleanly', async () => {
    const { child, output, url } = await start();
    try {
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({
        status: 'ok',
        checks: {
          eventStore: { status: 'up' },
          readStore: { status: 'up' },
          projector: { status: 'up', state: 'running', position: expect.stringMatching(/^\d+$/), setAside: 0 },
        },
      });
      // A fresh start holds the demo the README describes.
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'manager@demo.example.com', password: 'demo password' }),
      });
      expect(login.status).toBe(200);
      const tokens = (await login.json()) as { accessToken: string; refreshToken: string };
      expect(messages(output.text())).toContain('Demo project "Website relaunch for Contoso Ltd" created');
      expect(existsSync(join(dir, 'events.db'))).toBe(true);
      expect(existsSync(join(dir, 'views.db'))).toBe(true);

      const missing = await fetch(`${url}/api/no-such-thing`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await missing.json()).toEqual({
        type: 'https://client-projects.dev/problems/not-found',
        title: 'Not Found',
        status: 404,
        detail: 'Cannot GET /api/no-such-thing',
        instance: '/api/no-such-thing',
      });
      expect(missing.headers.get('x-powered-by')).toBeNull();
      // Logs: one JSON object per line; each request ends with one line carrying its id, and never a credential.
      const requestId = missing.headers.get('x-request-id');
      const logged = await eventually(
        () =>
          output
            .text()
            .split('\n')
            .filter((line) => line.startsWith('{'))
            .map((line) => JSON.parse(line) as Record<string, unknown>)
            .find((line) => line.requestId === requestId),
        { timeoutMs: 5000, describe: output.text },
      );
      expect(logged).toMatchObject({ level: 40, service: 'api', msg: 'GET /api/no-such-thing 404', method: 'GET', path: '/api/no-such-thing', status: 404 });
      for (const secret of [tokens.accessToken, tokens.refreshToken]) expect(output.text()).not.toContain(secret);

      const openapi = await fetch(`${url}/api/docs-json`);
      expect(openapi.status).toBe(200);
      const spec = (await openapi.json()) as {
        openapi: string;
        paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
        components: { schemas: Record<string, unknown> };
      };
      expect(spec.openapi).toMatch(/^3\./);
      expect(Object.keys(spec.paths['/health']!.get!.responses).sort()).toEqual(['200', '503']);
      expect(spec.components.schemas).toHaveProperty('ProblemDetailsDto');
      expect(spec.components.schemas).toHaveProperty('HealthReportDto');
      // Every write documents its Idempotency-Key and the answers it can give.
      const createProject = spec.paths['/api/projects']!.post! as unknown as { parameters: Array<{ name: string }>; responses: Record<string, unknown> };
      expect(createProject.parameters.map((p) => p.name)).toContain('Idempotency-Key');
      expect(Object.keys(createProject.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '409', '422', '429']));
      const editTask = spec.paths['/api/projects/{projectId}/tasks/{taskId}']!.patch! as unknown as { parameters: Array<{ name: string }>; responses: Record<string, unknown> };
      expect(Object.keys(editTask.responses)).toEqual(expect.arrayContaining(['200', '403', '404', '409', '412']));
      // A write under a project may name the decision it carries out; one outside a project may not.
      expect(editTask.parameters.map((p) => p.name)).toContain('Caused-By');
      expect(createProject.parameters.map((p) => p.name)).not.toContain('Caused-By');
      for (const [path, method] of [['/api/projects/{projectId}/views/{view}/diff', 'get'], ['/api/projects/{projectId}/decisions/{decisionId}/history', 'get'], ['/api/me/erasure', 'post']] as const) {
        expect(Object.keys(spec.paths[path]?.[method]?.responses ?? {})).toEqual(expect.arrayContaining(['400', '401', '403']));
      }
      const ui = await fetch(`${url}/api/docs`);
      expect(ui.status).toBe(200);
      expect(await ui.text()).toContain('swagger-ui');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited(child)).toBe(0);
    expect(messages(output.text())).toContain('Stopped cleanly');
    // Closed cleanly: the WAL was folded back and the files are sound.
    expect(existsSync(join(dir, 'events.db-wal'))).toBe(false);
    for (const file of ['events.db', 'views.db']) {
      const db = new Database(join(dir, file), { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    }
  });

  it('refuses a bad setting with one line naming the variable, before starting anything', async () => {
    const child = spawnTs('apps/api/src/main.ts', { DATA_DIR: dir, EVENT_STORE_URL: 'postgres://db/events' });
    const output = captureOutput(child);
    expect(await exited(child)).toBe(1);
    expect(output.text().trim()).toBe(
      'Configuration error: EVENT_STORE_URL must be sqlite:<file> (embedded) or esdb://host:2113 (EventStoreDB) (got "postgres://db/events")',
    );
    expect(existsSync(join(dir, 'events.db'))).toBe(false);
  });

  it('the projector app refuses a bad setting the same way', async () => {
    const child = spawnTs('apps/projector/src/main.ts', { DATA_DIR: dir, PROJECTOR_IN_PROCESS: 'sometimes' });
    const output = captureOutput(child);
    expect(await exited(child)).toBe(1);
    expect(output.text().trim()).toBe('Configuration error: PROJECTOR_IN_PROCESS must be true or false (got "sometimes")');
  });

  it('says plainly when the store file cannot be opened', async () => {
    const child = spawnTs('apps/api/src/main.ts', { DATA_DIR: dir, EVENT_STORE_URL: `sqlite:${dir}` });
    const output = captureOutput(child);
    expect(await exited(child)).toBe(1);
    expect(output.text()).toContain(`The api could not start: Cannot open the event store at ${dir}`);
  });
});
