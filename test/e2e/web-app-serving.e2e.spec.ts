import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApi, type RunningApi } from '../support/api';

/**
 * The api serves the built web app (WEB_DIR) at `/`: its files, and its shell
 * for every other app path, while everything under `/api` stays the api's,
 * 404s as problem details included.
 */
describe('the web app served by the api', () => {
  let base: string;
  let webDir: string;
  let api: RunningApi;

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'web-dir-'));
    webDir = join(base, 'web');
    mkdirSync(join(webDir, 'assets'), { recursive: true });
    writeFileSync(join(base, 'secret.txt'), 'not for the web');
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Client projects</title><div id="root"></div>');
    writeFileSync(join(webDir, 'assets', 'index-abc123.js'), 'console.log("app");');
    api = await startApi({ WEB_DIR: webDir });
  });

  afterAll(async () => {
    await api.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('serves the app shell at / and at every app path, always revalidated', async () => {
    for (const path of ['/', '/projects/6f1c1b1e-1111-4222-8333-944444444444/board', '/anything/else']) {
      const answer = await fetch(`${api.url}${path}`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
      expect(answer.headers.get('cache-control')).toBe('no-cache');
      expect(await answer.text()).toContain('<div id="root"></div>');
      // helmet's headers, as on every answer.
      expect(answer.headers.get('content-security-policy')).toContain("script-src 'self'");
    }
  });

  it('serves built assets, cached for good (their names change with their content)', async () => {
    const answer = await fetch(`${api.url}/assets/index-abc123.js`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/javascript/);
    expect(answer.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await answer.text()).toBe('console.log("app");');
  });

  it('answers a missing file, a path under /api, a write to an app path and a file outside the build as the api always has: 404 problem details', async () => {
    for (const [method, path] of [
      ['GET', '/assets/missing.js'],
      ['GET', '/api/no-such-thing'],
      ['GET', '/API/no-such-thing/'],
      ['POST', '/projects'],
      ['GET', '/..%2Fsecret.txt'],
      ['GET', '/assets/..%2F..%2Fsecret.txt'],
    ] as const) {
      const answer = await fetch(`${api.url}${path}`, { method });
      expect({ path, status: answer.status, type: answer.headers.get('content-type') }).toEqual({ path, status: 404, type: expect.stringMatching(/^application\/problem\+json/) });
      expect(await answer.text()).not.toContain('not for the web');
    }
    expect((await api.call('GET', '/api/no-such-thing')).body).toMatchObject({ status: 404, detail: 'Cannot GET /api/no-such-thing' });
    expect((await api.call('GET', '/health')).status).toBe(200);
  });

  it('serves nothing at / when WEB_DIR holds no build', async () => {
    const bare = await startApi({ WEB_DIR: join(webDir, 'missing') });
    try {
      const answer = await fetch(`${bare.url}/`);
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    } finally {
      await bare.close();
    }
  });
});
