import { person, projectWith, startApi, type Person, type RunningApi } from '../support/api';

/**
 * `GET …/audit/events`: the project's log a page at a time for the audit
 * timeline, newest or oldest first, with who and when, on the embedded store.
 */
describe('audit: the events of a project, paged', () => {
  let api: RunningApi;
  let pm: Person;
  let auditor: Person;
  let client: Person;
  let projectId: string;
  let head: number;
  const at = (path: string) => `/api/projects/${projectId}${path}`;
  const page = (query: string, token = auditor.token) => api.call('GET', at(`/audit/events${query}`), { token });

  beforeAll(async () => {
    api = await startApi();
    [pm, auditor, client] = await Promise.all([person(api, 'Pat'), person(api, 'Aldo'), person(api, 'Cleo')]);
    projectId = await projectWith(api, pm, [
      { person: auditor, role: 'auditor' },
      { person: client, role: 'client' },
    ]);
    for (const name of ['Discovery', 'Design', 'Build', 'Launch', 'Care']) {
      const added = await api.call('POST', at('/phases'), { token: pm.token, body: { name } });
      expect(added.status).toBe(201);
      head = added.body.revision;
    }
  });

  afterAll(async () => {
    await api.close();
  });

  it('newest first by default: the latest events with who (their name now), when, their hash and data; `next` pages on to the first', async () => {
    const first = await page('?limit=2');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ revision: head, order: 'newest', next: head - 1 });
    expect(first.body.items.map((e: { revision: number }) => e.revision)).toEqual([head, head - 1]);
    expect(first.body.items[0]).toMatchObject({
      type: 'PhaseAdded',
      actor: { id: pm.id, role: 'manager', name: 'Pat' },
      data: { name: 'Care' },
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      recordedAt: expect.any(String),
      occurredAt: expect.any(String),
      commandId: expect.any(String),
      correlationId: expect.any(String),
      causationId: null,
    });

    const seen: number[] = [];
    let cursor: number | null = null;
    do {
      const answer = await page(`?limit=3${cursor === null ? '' : `&before=${cursor}`}`);
      expect(answer.status).toBe(200);
      seen.push(...answer.body.items.map((e: { revision: number }) => e.revision));
      cursor = answer.body.next;
    } while (cursor !== null);
    expect(seen).toEqual([...Array(head + 1).keys()].reverse());
  });

  it('oldest first pages with after; the first event is the project created, the last page says so with next null', async () => {
    const first = await page('?order=oldest&limit=4');
    expect(first.body.items.map((e: { revision: number }) => e.revision)).toEqual([0, 1, 2, 3]);
    expect(first.body.items[0]).toMatchObject({ type: 'ProjectCreated', actor: { id: pm.id, name: 'Pat' } });
    expect(first.body.next).toBe(3);
    // Personal data is sealed in the log; the page shows it as it reads now.
    const invited = first.body.items.find((e: { type: string }) => e.type === 'MemberInvited');
    expect(invited.data.email).toBe(auditor.email);
    const last = await page(`?order=oldest&after=${head - 1}&limit=4`);
    expect(last.body).toMatchObject({ order: 'oldest', next: null, revision: head });
    expect(last.body.items.map((e: { revision: number }) => e.revision)).toEqual([head]);
    expect((await page(`?order=oldest&after=${head}`)).body.items).toEqual([]);
    // A cursor past the head reads from the head.
    expect((await page(`?before=${head + 100}&limit=1`)).body.items[0].revision).toBe(head);
  });

  it('the team and auditors only: a client gets 403; a bad query is a 400 problem naming what is wrong', async () => {
    expect((await page('', pm.token)).status).toBe(200);
    const refused = await page('', client.token);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    for (const query of ['?limit=0', '?limit=201', '?order=sideways', '?before=-1', '?limit=two']) {
      const answer = await page(query);
      expect(answer.status).toBe(400);
    }
    const mixed = await page('?order=oldest&before=3');
    expect(mixed.status).toBe(400);
    expect(mixed.body.detail).toBe('Oldest first pages with after, not before');
    expect((await page('?after=3')).body.detail).toBe('Newest first pages with before, not after');
  });

  it('GET …/events (API.md): the ordered log with metadata, oldest first, paged with after and limit', async () => {
    const log = (query: string, token = auditor.token) => api.call('GET', at(`/events${query}`), { token });
    const first = await log('?limit=2');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ revision: head, order: 'oldest', next: 1 });
    expect(first.body.items[0]).toMatchObject({
      revision: 0,
      type: 'ProjectCreated',
      actor: { id: pm.id, role: 'manager', name: 'Pat' },
      commandId: expect.any(String),
      correlationId: expect.any(String),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      recordedAt: expect.any(String),
    });
    // Paged to the end with `after`: every revision once, in order; the same events as the audit timeline's.
    const seen: number[] = [];
    let after: number | null = -1;
    while (after !== null) {
      const answer = await log(`?after=${after}&limit=3`);
      expect(answer.status).toBe(200);
      seen.push(...answer.body.items.map((e: { revision: number }) => e.revision));
      after = answer.body.next;
    }
    expect(seen).toEqual([...Array(head + 1).keys()]);
    expect((await log(`?after=${head - 2}`)).body.items).toEqual((await page(`?order=oldest&after=${head - 2}`)).body.items);
    // The team and auditors only; a bad query is a 400 problem; `before` and `order` are not this route's.
    expect((await log('', pm.token)).status).toBe(200);
    const refused = await log('', client.token);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    for (const query of ['?limit=0', '?limit=201', '?after=-2', '?after=first', '?before=3', '?order=newest']) {
      const answer = await log(query);
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it('the OpenAPI description names the route and its query', async () => {
    const docs = await api.call('GET', '/api/docs-json');
    expect(docs.body.paths['/api/projects/{projectId}/audit/events'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['order', 'before', 'after', 'limit']),
    );
    expect(docs.body.paths['/api/projects/{projectId}/events'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['after', 'limit']),
    );
  });
});
