import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../apps/api/src/demo/demo';
import { Watcher } from '../support/live-watcher';
import { captureOutput, eventually, exited, spawnTs } from '../support/ts-child';

const FAULT_MS = 10_000;

/**
 * The event store fails every write for 10 seconds, under a running api on
 * the embedded store: the api process's file size limit (RLIMIT_FSIZE) is
 * lowered to 1 byte with `prlimit`, so every write to its files fails with
 * EFBIG, as on a full disk; then it is raised again. Nothing is restarted.
 */
describe('the event store fails writes for 10 seconds', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'write-fault-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const fileSizeLimit = (pid: number, soft: string) => execFileSync('prlimit', ['--pid', String(pid), `--fsize=${soft}:unlimited`]);

  it('answers writes 503 with nothing half-written, keeps serving reads, then takes writes again and the socket resumes without a gap', async () => {
    const child = spawnTs('apps/api/src/main.ts', { DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_FORMAT: 'json' });
    const output = captureOutput(child);
    const watchers: Watcher[] = [];
    try {
      const url = (await eventually(() => /Listening on (http:\/\/[^\s]+)/.exec(output.text())?.[1], { timeoutMs: 60_000, describe: output.text })).replace(
        'localhost',
        '127.0.0.1',
      );
      const call = async (method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) => {
        const response = await fetch(`${url}${path}`, {
          method,
          headers: {
            ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
            ...options.headers,
          },
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
        });
        const text = await response.text();
        return { status: response.status, contentType: response.headers.get('content-type'), body: text === '' ? null : JSON.parse(text) };
      };
      const manager = DEMO_ACCOUNTS.find((account) => account.role === 'manager')!;
      const token = (await call('POST', '/api/auth/login', { body: { email: manager.email, password: DEMO_PASSWORD } })).body.accessToken as string;
      const projectId = (await call('GET', '/api/projects', { token })).body.items[0].id as string;
      const board = () => call('GET', `/api/projects/${projectId}/views/board`, { token });
      const events = new Database(join(dir, 'events.db'), { readonly: true });
      const logLength = () => events.prepare('SELECT count(*) FROM events').pluck().get() as number;

      // A team member's board, live.
      const watcher = new Watcher(url, token);
      watchers.push(watcher);
      await watcher.connected();
      expect(await watcher.subscribe(projectId, 'board')).toMatchObject({ ok: true });
      const before = await call('POST', `/api/projects/${projectId}/tasks`, { token, body: { title: 'Before the fault' } });
      expect(before.status).toBe(201);
      await eventually(() => watcher.revision === before.body.revision, { describe: output.text });
      await eventually(async () => (await board()).body.revision === before.body.revision, { describe: output.text });
      const lengthBefore = logLength();
      const boardBefore = await board();

      // The fault: every write to a file fails.
      fileSizeLimit(child.pid!, '1');
      const faultStarted = Date.now();
      const refused: number[] = [];
      const retriedKey = randomUUID();
      let reads = 0;
      while (Date.now() - faultStarted < FAULT_MS) {
        const write = await call('POST', `/api/projects/${projectId}/tasks`, {
          token,
          body: { title: `During the fault ${refused.length}` },
          headers: refused.length === 0 ? { 'idempotency-key': retriedKey } : {},
        });
        refused.push(write.status);
        if (refused.length === 1) {
          // A problem details answer that says nothing was written.
          expect(write.contentType).toMatch(/^application\/problem\+json/);
          expect(write.body).toMatchObject({ status: 503, type: expect.stringMatching(/store-unavailable$/), detail: expect.stringContaining('nothing was written') });
        }
        const read = await board();
        expect(read.status).toBe(200);
        expect(read.body).toEqual(boardBefore.body);
        reads += 1;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      // Readiness says so: the store answers reads but takes no write.
      const healthDuring = await call('GET', '/health');
      expect(healthDuring.status).toBe(503);
      expect(healthDuring.body.checks.eventStore).toEqual({ status: 'down', error: expect.stringMatching(/^writes fail: the last write failed \d+ s ago: .*SQLITE_IOERR/) });
      expect(refused.length).toBeGreaterThan(5);
      expect(new Set(refused)).toEqual(new Set([503]));
      expect(logLength()).toBe(lengthBefore);
      expect(watcher.socket.connected).toBe(true);

      // Cleared: the same process takes writes again; the write refused during the fault, sent again with its key, is done once.
      fileSizeLimit(child.pid!, 'unlimited');
      const again = await call('POST', `/api/projects/${projectId}/tasks`, { token, body: { title: 'During the fault 0' }, headers: { 'idempotency-key': retriedKey } });
      expect(again.status).toBe(201);
      const after = await call('POST', `/api/projects/${projectId}/tasks`, { token, body: { title: 'After the fault' } });
      expect(after.status).toBe(201);
      expect(logLength()).toBe(lengthBefore + 2);

      // The socket holds both, each patch from the revision it held: no gap, no reload.
      await eventually(() => watcher.revision === after.body.revision, { timeoutMs: 30_000, describe: output.text });
      expect(watcher.gaps).toEqual([]);
      expect(JSON.stringify(watcher.state)).toContain('After the fault');
      expect(JSON.stringify(watcher.state)).toContain('During the fault 0');
      expect(JSON.stringify(watcher.state)).not.toContain('During the fault 1');
      // And the views caught up: the projector stood by while it could not renew its lease, then took it again.
      await eventually(async () => (await board()).body.revision === after.body.revision, { timeoutMs: 30_000, describe: output.text });
      const health = await call('GET', '/health');
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: 'ok', checks: { eventStore: { status: 'up' }, projector: { state: 'running' } } });
      expect(child.exitCode).toBeNull();
      // The projector could not renew its lease while nothing could be written: it stood by, then took the lease again.
      expect(output.text()).toMatch(/standing by, its lease ran out while the store did not answer/);
      expect(output.text()).toMatch(/took the lease[\s\S]*took the lease/);
      events.close();
      console.log(
        `[write fault] ${refused.length} writes refused with 503 and ${reads} reads served during ${FAULT_MS} ms; /health meanwhile: ${healthDuring.status} ${JSON.stringify(healthDuring.body.checks.eventStore)}; the same process took writes again at once`,
      );
    } finally {
      for (const watcher of watchers) watcher.close();
      child.kill('SIGTERM');
      await exited(child);
    }
  }, 120_000);
});
