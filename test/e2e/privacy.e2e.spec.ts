import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { PasswordHasher } from '../../apps/api/src/auth/password-hasher';
import { cleanupDir, person, projectWith, startApi, type Person, type RunningApi } from '../support/api';
import { captureOutput, eventually, exited, spawnTs } from '../support/ts-child';

const FORGOTTEN = 'forgotten user';
const PASSWORD = 'correct horse battery staple';

/**
 * The right to be forgotten on the embedded store: a user's address, name and
 * password hash are stored sealed under a key of their own; erasing deletes
 * the key. Afterwards everything that showed them shows `forgotten user`,
 * their tokens and password stop working, their address can sign up again —
 * and the hash chain still verifies, online and offline, because no stored
 * byte changed.
 */
describe('privacy: personal data erased without breaking the hash chain', () => {
  let api: RunningApi;
  let pm: Person;
  let dora: Person;
  let auditor: Person;
  let projectId: string;
  let decisionId: string;
  const bundles = mkdtempSync(join(tmpdir(), 'privacy-bundles-'));
  const at = (path: string) => `/api/projects/${projectId}${path}`;

  beforeAll(async () => {
    api = await startApi();
    [pm, dora, auditor] = await Promise.all([person(api, 'Pat'), person(api, 'Dorothea Vance'), person(api, 'Aldo')]);
    projectId = await projectWith(api, pm, [
      { person: dora, role: 'member' },
      { person: auditor, role: 'auditor' },
    ]);
    const proposed = await api.call('POST', at('/decisions'), { token: dora.token, body: { title: 'Which CMS?', options: [{ title: 'Headless' }] } });
    decisionId = proposed.body.id;
    const decided = await api.call('PATCH', at(`/decisions/${decisionId}`), { token: pm.token, body: { chosenOptionId: proposed.body.optionIds[0], rationale: 'Flexible', participants: [dora.id] } });
    const task = await api.call('POST', at('/tasks'), { token: dora.token, body: { title: 'Set up the CMS', assigneeId: dora.id }, headers: { 'caused-by': decisionId } });
    expect([proposed.status, decided.status, task.status]).toEqual([201, 200, 201]);
  });

  afterAll(async () => {
    await api?.close();
    cleanupDir(bundles);
  });

  const storedEvents = (): Array<{ stream_id: string; revision: number; data: string; metadata: string }> => {
    const db = new Database(join(api.dataDir, 'events.db'), { readonly: true });
    try {
      return db.prepare('SELECT stream_id, revision, data, metadata FROM events ORDER BY position').all() as never;
    } finally {
      db.close();
    }
  };

  const exportFile = async (name: string): Promise<string> => {
    const answer = await api.call('GET', at('/audit/export'), { token: auditor.token });
    expect(answer.status).toBe(200);
    const file = join(bundles, name);
    writeFileSync(file, typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
    return file;
  };

  const offline = async (file: string): Promise<{ code: number | string; output: string }> => {
    const child = spawnTs('libs/audit/src/cli.ts', {}, [file]);
    const output = captureOutput(child);
    return { code: await exited(child), output: output.text() };
  };

  it('stores no address or name in the log, not even in a stream’s name: they are sealed, and shown only where they are asked for', async () => {
    const text = JSON.stringify(storedEvents());
    for (const plain of [dora.email, pm.email, 'Dorothea Vance']) expect(text).not.toContain(plain);
    expect(text).toContain('sealed:v1:');
    expect(readFileSync(await exportFile('before.ndjson'), 'utf8')).not.toContain(dora.email);

    const members = await api.call('GET', at('/members'), { token: pm.token });
    expect(members.body.items).toContainEqual(expect.objectContaining({ userId: dora.id, email: dora.email, name: 'Dorothea Vance', role: 'member' }));
    const me = await api.call('GET', '/api/me', { token: dora.token });
    expect(me.body).toMatchObject({ id: dora.id, email: dora.email, name: 'Dorothea Vance' });
  });

  it('refuses an erasure without a password or with a wrong one, to someone not signed in, and to the only manager of a project', async () => {
    const missing = await api.call('POST', '/api/me/erasure', { token: dora.token, body: {} });
    expect(missing.status).toBe(400);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    const wrong = await api.call('POST', '/api/me/erasure', { token: dora.token, body: { password: 'not my password' } });
    expect(wrong.status).toBe(403);
    expect(wrong.body.type).toBe('https://client-projects.dev/problems/user.wrong-password');
    expect((await api.call('POST', '/api/me/erasure', { body: { password: PASSWORD } })).status).toBe(401);
    const lastManager = await api.call('POST', '/api/me/erasure', { token: pm.token, body: { password: PASSWORD } });
    expect(lastManager.status).toBe(409);
    expect(lastManager.body).toMatchObject({ type: 'https://client-projects.dev/problems/user.last-manager', projects: [{ id: projectId, name: 'Website relaunch' }] });
    // Nothing was erased.
    expect((await api.call('GET', '/api/me', { token: dora.token })).body.name).toBe('Dorothea Vance');
    expect((await api.call('GET', '/api/me', { token: pm.token })).status).toBe(200);
  });

  it('after erasure: `forgotten user` wherever they were shown, their tokens and password void, verify still ok, and a fresh export still verifies offline', async () => {
    const before = storedEvents();
    const erased = await api.call('POST', '/api/me/erasure', { token: dora.token, body: { password: PASSWORD } });
    expect(erased.status).toBe(204);

    // Not one stored event changed: two were added (the user forgotten, the address released) and their sessions ended.
    const after = storedEvents();
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).map((row) => JSON.parse(row.data))).toEqual(
      expect.arrayContaining([{ userId: dora.id }, { sessionId: expect.any(String), reason: 'user-forgotten' }]),
    );

    expect((await api.call('GET', '/api/me', { token: dora.token })).status).toBe(401);
    expect((await api.call('POST', '/api/auth/refresh', { body: { refreshToken: dora.refreshToken } })).status).toBe(401);
    expect((await api.call('POST', '/api/auth/login', { body: { email: dora.email, password: PASSWORD } })).status).toBe(401);

    const members = await api.call('GET', at('/members'), { token: pm.token });
    expect(members.body.items).toContainEqual({ userId: dora.id, email: FORGOTTEN, name: FORGOTTEN, role: 'member', since: expect.any(String) });
    expect(JSON.stringify(members.body)).not.toContain(dora.email);
    const history = await api.call('GET', at(`/decisions/${decisionId}/history`), { token: auditor.token });
    expect(history.body.entries[0].actor).toEqual({ id: dora.id, role: 'member', name: FORGOTTEN });
    expect(history.body.entries.map((e: { relation: string }) => e.relation)).toEqual(['decision', 'decision', 'decision', 'caused']);
    // The plan still shows what they did, by their (now meaningless) id.
    const board = await api.call('GET', at('/views/board'), { token: pm.token });
    expect(Object.values(board.body.data.tasks as Record<string, { assigneeId: string }>).map((t) => t.assigneeId)).toEqual([dora.id]);

    const verified = await api.call('GET', at('/audit/verify'), { token: auditor.token });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ ok: true, checked: after.filter((row) => row.stream_id === `project-${projectId}`).length });
    const result = await offline(await exportFile('after.ndjson'));
    expect(result.code).toBe(0);
    expect(result.output).toContain('every link holds');
  });

  it('frees the address: it can sign up again, as someone new, and the forgotten member stays forgotten', async () => {
    const again = await api.call('POST', '/api/auth/signup', { body: { email: dora.email, password: 'another good password', name: 'Dora' } });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(dora.id);
    const login = await api.call('POST', '/api/auth/login', { body: { email: dora.email, password: 'another good password' } });
    expect(login.status).toBe(200);
    expect((await api.call('GET', '/api/me', { token: login.body.accessToken })).body).toMatchObject({ id: again.body.id, email: dora.email, name: 'Dora', projects: 0 });
    const members = await api.call('GET', at('/members'), { token: pm.token });
    expect(members.body.items.find((m: { userId: string }) => m.userId === dora.id)).toMatchObject({ email: FORGOTTEN, name: FORGOTTEN });
    // Invited again, the new account joins as a new member.
    const invited = await api.call('POST', at('/members'), { token: pm.token, body: { email: dora.email, role: 'client' } });
    expect(invited.status).toBe(201);
    expect((await api.call('POST', `/api/invitations/${invited.body.token}/accept`, { token: login.body.accessToken })).status).toBe(200);
  });

  it('an account registered before addresses were sealed still signs in and keeps its address, but cannot be erased', async () => {
    // As the log of an older version holds it: the address in clear, and in the claim stream's name.
    const events = api.app.get<EventStore>(EVENT_STORE);
    const userId = randomUUID();
    const email = `legacy.${userId}@example.com`;
    const passwordHash = await api.app.get(PasswordHasher).hash(PASSWORD);
    const self = { actor: { id: userId, role: 'self' } };
    await events.append(`email-${email}`, [{ id: randomUUID(), type: 'EmailClaimed', data: { email, userId }, metadata: self }], { expectedRevision: 'no_stream' });
    await events.append(`user-${userId}`, [{ id: randomUUID(), type: 'UserRegistered', data: { userId, email, name: 'Leo Legacy', passwordHash }, metadata: self }], {
      expectedRevision: 'no_stream',
    });
    const login = await eventually(async () => {
      const answer = await api.call('POST', '/api/auth/login', { body: { email, password: PASSWORD } });
      return answer.status === 200 ? answer : undefined;
    });
    expect((await api.call('GET', '/api/me', { token: login.body.accessToken })).body).toMatchObject({ id: userId, email, name: 'Leo Legacy' });
    const taken = await api.call('POST', '/api/auth/signup', { body: { email, password: PASSWORD, name: 'Someone else' } });
    expect(taken.status).toBe(409);
    const refused = await api.call('POST', '/api/me/erasure', { token: login.body.accessToken, body: { password: PASSWORD } });
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe('https://client-projects.dev/problems/user.not-erasable');
  });

  it('holds erasure requests to the credential rate limit: guessing a password through it is no faster than through login', async () => {
    const limited = await startApi({ AUTH_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const someone = await person(limited, 'Guessed');
      const answers: number[] = [];
      for (let i = 0; i < 4; i += 1) answers.push((await limited.call('POST', '/api/me/erasure', { token: someone.token, body: { password: `guess ${i}` } })).status);
      expect(answers).toEqual([403, 403, 403, 429]);
      const last = await limited.call('POST', '/api/me/erasure', { token: someone.token, body: { password: PASSWORD } });
      expect(last.status).toBe(429);
      expect(last.headers.get('content-type')).toContain('application/problem+json');
    } finally {
      await limited.close();
    }
  });
});
