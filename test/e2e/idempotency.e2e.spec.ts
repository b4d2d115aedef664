import { randomUUID } from 'node:crypto';
import { person, projectWith, startApi, type Person, type RunningApi } from '../support/api';

/** `Idempotency-Key` on writes, as API.md describes it. */
describe('Idempotency-Key', () => {
  let api: RunningApi;
  let ada: Person;
  let bob: Person;

  beforeAll(async () => {
    api = await startApi();
    [ada, bob] = await Promise.all([person(api, 'Ada'), person(api, 'Bob')]);
  });

  afterAll(async () => {
    await api.close();
  });

  const create = (who: Person, key: string, name = 'Relaunch') =>
    api.call('POST', '/api/projects', { token: who.token, body: { name, currency: 'EUR' }, headers: { 'idempotency-key': key } });
  const count = async (who: Person): Promise<number> => (await api.call('GET', '/api/projects', { token: who.token })).body.items.length;

  it('a repeat returns the first answer and writes nothing', async () => {
    const key = randomUUID();
    const before = await count(ada);
    const first = await create(ada, key);
    const again = await create(ada, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(await count(ada)).toBe(before + 1);
  });

  it('the same key with a different body is a 422, and writes nothing', async () => {
    const key = randomUUID();
    await create(ada, key, 'One');
    const before = await count(ada);
    const other = await create(ada, key, 'Another');
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await count(ada)).toBe(before);
  });

  it('the same key with another If-Match or Caused-By is another request: a 422 that writes nothing', async () => {
    const project = (await create(ada, randomUUID(), 'Preconditions')).body.id as string;
    const task = (await api.call('POST', `/api/projects/${project}/tasks`, { token: ada.token, body: { title: 'Draft' } })).body.id as string;
    const key = randomUUID();
    const rename = (headers: Record<string, string>) =>
      api.call('PATCH', `/api/projects/${project}/tasks/${task}`, { token: ada.token, body: { title: 'Renamed' }, headers: { 'idempotency-key': key, ...headers } });
    const first = await rename({ 'if-match': '"1"' });
    expect(first.status).toBe(200);
    expect((await rename({ 'if-match': '"1"' })).headers.get('idempotent-replayed')).toBe('true');
    const otherVersion = await rename({ 'if-match': '"2"' });
    expect(otherVersion.status).toBe(422);
    expect(otherVersion.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await rename({ 'if-match': '"1"', 'caused-by': randomUUID() })).status).toBe(422);
    const events = (await api.call('GET', `/api/projects/${project}/audit/verify`, { token: ada.token })).body.checked;
    expect((await rename({ 'if-match': '"1"' })).status).toBe(200);
    expect((await api.call('GET', `/api/projects/${project}/audit/verify`, { token: ada.token })).body.checked).toBe(events);
  });

  it("keys are the caller's own: another user's same key is another request", async () => {
    const key = randomUUID();
    const mine = await create(ada, key);
    const theirs = await create(bob, key);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('a refused write is answered the same way when repeated, even if it would pass now', async () => {
    const cleo = await person(api, 'Cleo');
    const projectId = await projectWith(api, ada, [{ person: cleo, role: 'member' }]);
    const key = randomUUID();
    const invite = () =>
      api.call('POST', `/api/projects/${projectId}/members`, { token: ada.token, body: { email: cleo.email, role: 'client' }, headers: { 'idempotency-key': key } });
    const refused = await invite();
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('member.already-member');
    await api.call('DELETE', `/api/projects/${projectId}/members/${cleo.id}`, { token: ada.token });
    const repeated = await invite();
    expect(repeated.status).toBe(409);
    expect(repeated.body).toEqual(refused.body);
    expect((await api.call('GET', `/api/projects/${projectId}/members`, { token: ada.token })).body.items).toHaveLength(1);
  });

  it('ten simultaneous repeats create exactly one project', async () => {
    const key = randomUUID();
    const before = await count(bob);
    const answers = await Promise.all(Array.from({ length: 10 }, () => create(bob, key)));
    const created = answers.filter((a) => a.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((a) => a.body.id)).size).toBe(1);
    // Those that arrived while the first was running are told to retry.
    expect(answers.every((a) => a.status === 201 || a.status === 409)).toBe(true);
    expect(await count(bob)).toBe(before + 1);
    const later = await create(bob, key);
    expect(later.body.id).toBe(created[0]!.body.id);
  });

  it('refuses a malformed key, and ignores a key on a read', async () => {
    const bad = await api.call('POST', '/api/projects', { token: ada.token, body: { name: 'X', currency: 'EUR' }, headers: { 'idempotency-key': 'x'.repeat(256) } });
    expect(bad.status).toBe(400);
    const read = await api.call('GET', '/api/projects', { token: ada.token, headers: { 'idempotency-key': randomUUID() } });
    expect(read.status).toBe(200);
  });
});
