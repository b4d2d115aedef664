import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@app/config';
import { createApp } from '../../apps/api/src/bootstrap';
import { eventually } from './ts-child';

export const TEST_JWT_SECRET = 'test-signing-key-that-is-long-enough-0123456789';

export interface RunningApi {
  readonly url: string;
  readonly app: NestFastifyApplication;
  readonly dataDir: string;
  /** Every route added to the router once `createApp` returned (all of Nest's), as `METHOD /path`; HEAD only where it is not a GET's twin. */
  readonly routes: readonly string[];
  close(): Promise<void>;
  /** `fetch` against the api, JSON in and out. */
  call(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<ApiResponse>;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

/**
 * The real api (the same `createApp` as production) on the embedded store in a
 * fresh folder, listening on a free port of 127.0.0.1. Only the environment differs:
 * besides the test settings, its projector runs on the api's main thread
 * (PROJECTOR_THREAD=false) unless `env` says otherwise. From source, the
 * projector's own thread compiles its TypeScript as it starts (about 2 s per
 * api); the spawned api processes (spawnTs) and test/e2e/projector-thread
 * run it on its thread, the default.
 */
export async function startApi(env: Record<string, string> = {}): Promise<RunningApi> {
  const dataDir = mkdtempSync(join(tmpdir(), 'api-test-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'fatal',
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    WRITE_RATE_LIMIT_PER_MINUTE: '100000',
    SEED_DEMO: 'false',
    PROJECTOR_THREAD: 'false',
    ...env,
  });
  const app = await createApp(config);
  const added: Array<{ method: string; url: string }> = [];
  app.getHttpAdapter().getInstance().addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) added.push({ method, url: route.url });
  });
  await app.listen(0, '127.0.0.1');
  const gets = new Set(added.filter((route) => route.method === 'GET').map((route) => route.url));
  const routes = added.filter((route) => route.method !== 'HEAD' || !gets.has(route.url)).map((route) => `${route.method} ${route.url}`);
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    url,
    app,
    dataDir,
    routes,
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
    async call(method, path, options = {}) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(options.token !== undefined ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
        body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = text.length > 0 ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      return { status: response.status, headers: response.headers, body };
    },
  };
}

export interface Person {
  readonly id: string;
  readonly email: string;
  readonly token: string;
  readonly refreshToken: string;
}

let people = 0;

/** Signs a new person up and in. */
export async function person(api: RunningApi, name = 'Someone'): Promise<Person> {
  people += 1;
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${people}.${Date.now()}@example.com`;
  const password = 'correct horse battery staple';
  const signup = await api.call('POST', '/api/auth/signup', { body: { email, password, name } });
  if (signup.status !== 201) throw new Error(`signup failed: ${signup.status} ${JSON.stringify(signup.body)}`);
  const login = await api.call('POST', '/api/auth/login', { body: { email, password } });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
  return { id: signup.body.id, email, token: login.body.accessToken, refreshToken: login.body.refreshToken };
}

/** Creates a project and brings each person in with their role, through invitations. */
export async function projectWith(
  api: RunningApi,
  manager: Person,
  others: ReadonlyArray<{ person: Person; role: string }>,
): Promise<string> {
  const created = await api.call('POST', '/api/projects', { token: manager.token, body: { name: 'Website relaunch', currency: 'EUR' } });
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
  const projectId: string = created.body.id;
  for (const { person: p, role } of others) {
    const invited = await api.call('POST', `/api/projects/${projectId}/members`, { token: manager.token, body: { email: p.email, role } });
    if (invited.status !== 201) throw new Error(`invite failed: ${invited.status} ${JSON.stringify(invited.body)}`);
    const accepted = await api.call('POST', `/api/invitations/${invited.body.token}/accept`, { token: p.token });
    if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  }
  return projectId;
}

export function cleanupDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface TeamProject {
  readonly pm: Person;
  readonly dev: Person;
  readonly client: Person;
  readonly projectId: string;
  /** A path under the project: `at('/tasks')`. */
  at(path: string): string;
}

/** A project with a manager (its creator), a member and a client, each signed in. */
export async function teamProject(api: RunningApi): Promise<TeamProject> {
  const [pm, dev, client] = await Promise.all([person(api, 'Pat'), person(api, 'Dev'), person(api, 'Cleo')]);
  const projectId = await projectWith(api, pm, [
    { person: dev, role: 'member' },
    { person: client, role: 'client' },
  ]);
  return { pm, dev, client, projectId, at: (path) => `/api/projects/${projectId}${path}` };
}

/**
 * A view as `GET <path>` serves it to this person, once it shows at least
 * `revision`: a write answers once stored, and its views follow within moments.
 */
export async function viewOnceAt(api: RunningApi, person: Person, path: string, revision: number): Promise<{ revision: number; data: any }> {
  let seen: unknown;
  return eventually(
    async () => {
      const answer = await api.call('GET', path, { token: person.token });
      seen = { status: answer.status, revision: answer.body?.revision };
      expect(answer.status).toBe(200);
      return answer.body.revision >= revision ? answer.body : undefined;
    },
    { describe: () => `GET ${path} answered ${JSON.stringify(seen)}, want revision ${revision}` },
  );
}
