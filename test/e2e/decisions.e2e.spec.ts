import { person, projectWith, startApi, teamProject, type Person, type RunningApi } from '../support/api';

/** The decision log over HTTP, on the embedded store. */
describe('the decision log (HTTP, embedded store)', () => {
  let api: RunningApi;
  let pm: Person;
  let dev: Person;
  let client: Person;
  let projectId: string;
  let at: (path: string) => string;

  beforeAll(async () => {
    api = await startApi();
    ({ pm, dev, client, projectId, at } = await teamProject(api));
  });

  afterAll(async () => {
    await api.close();
  });

  it('a member proposes with options, the manager decides, and a later decision supersedes it', async () => {
    const proposed = await api.call('POST', at('/decisions'), {
      token: dev.token,
      body: {
        title: 'Which CMS?',
        context: 'The client edits content weekly',
        options: [
          { title: 'Headless CMS', pros: 'Flexible', cons: 'Licence', costMinor: 120_000 },
          { title: 'Static site', pros: 'Cheap', cons: 'Edits need us', costMinor: 0 },
        ],
      },
    });
    expect(proposed.status).toBe(201);
    expect(proposed.body.events.map((e: { type: string }) => e.type)).toEqual(['DecisionProposed', 'DecisionOptionAdded', 'DecisionOptionAdded']);
    const [headless, staticSite] = proposed.body.optionIds as string[];

    const third = await api.call('POST', at(`/decisions/${proposed.body.id}/options`), { token: dev.token, body: { title: 'Hosted CMS', costMinor: 80_000 } });
    expect(third.status).toBe(201);

    expect((await api.call('PATCH', at(`/decisions/${proposed.body.id}`), { token: dev.token, body: { chosenOptionId: headless, rationale: 'x' } })).status).toBe(403);
    const unknown = await api.call('PATCH', at(`/decisions/${proposed.body.id}`), { token: pm.token, body: { chosenOptionId: '00000000-0000-4000-8000-000000000000', rationale: 'x' } });
    expect(unknown.status).toBe(409);
    expect(unknown.body.code).toBe('decision.unknown-option');

    const decided = await api.call('PATCH', at(`/decisions/${proposed.body.id}`), {
      token: pm.token,
      body: { chosenOptionId: staticSite, rationale: 'Budget first', participants: [dev.id, client.id] },
    });
    expect(decided.status).toBe(200);
    expect(decided.body.events).toEqual([{ type: 'DecisionMade', revision: decided.body.revision }]);

    const next = await api.call('POST', at('/decisions'), {
      token: pm.token,
      body: { title: 'CMS, revisited', context: 'The client now edits daily', supersedes: proposed.body.id, options: [{ title: 'Hosted CMS', costMinor: 80_000 }] },
    });
    const replaced = await api.call('PATCH', at(`/decisions/${next.body.id}`), { token: pm.token, body: { chosenOptionId: next.body.optionIds[0], rationale: 'Daily edits' } });
    expect(replaced.body.events.map((e: { type: string }) => e.type)).toEqual(['DecisionMade', 'DecisionSuperseded']);

    const twice = await api.call('PATCH', at(`/decisions/${proposed.body.id}`), { token: pm.token, body: { supersededBy: next.body.id, rationale: 'again' } });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('decision.not-decided');
  });

  it('refuses what a decision cannot be', async () => {
    expect((await api.call('POST', at('/decisions'), { token: client.token, body: { title: 'Mine' } })).status).toBe(403);
    const both = await api.call('PATCH', at('/decisions/00000000-0000-4000-8000-000000000000'), { token: pm.token, body: { rationale: 'x' } });
    expect(both.status).toBe(400);
    const bad = await api.call('POST', at('/decisions'), { token: pm.token, body: { title: 'X', options: [{ title: '', costMinor: 1.5 }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['options.0.costMinor', 'options.0.title']);
  });

  it('a decision’s history: every event that touched it and every write made because of it (Caused-By), with who and when', async () => {
    const auditor = await person(api, 'Audrey');
    const own = await (async () => {
      const id = await projectWith(api, pm, [{ person: dev, role: 'member' }, { person: client, role: 'client' }, { person: auditor, role: 'auditor' }]);
      return (path: string) => `/api/projects/${id}${path}`;
    })();
    const proposed = await api.call('POST', own('/decisions'), { token: dev.token, body: { title: 'Hosting?', options: [{ title: 'Cloud' }, { title: 'On premises' }] } });
    const other = await api.call('POST', own('/decisions'), { token: dev.token, body: { title: 'Fonts?', options: [{ title: 'Serif' }] } });
    const option = await api.call('POST', own(`/decisions/${proposed.body.id}/options`), { token: dev.token, body: { title: 'Hybrid' } });
    const decided = await api.call('PATCH', own(`/decisions/${proposed.body.id}`), { token: pm.token, body: { chosenOptionId: proposed.body.optionIds[0], rationale: 'No servers to run', participants: [dev.id] } });
    const comment = await api.call('POST', own('/comments'), { token: dev.token, body: { on: { kind: 'decision', id: proposed.body.id }, body: 'Agreed' } });
    const cause = { 'caused-by': proposed.body.id };
    const task = await api.call('POST', own('/tasks'), { token: dev.token, body: { title: 'Set up the cloud account' }, headers: cause });
    const unrelated = await api.call('POST', own('/tasks'), { token: dev.token, body: { title: 'Unrelated' } });
    const risk = await api.call('POST', own('/risks'), { token: dev.token, body: { title: 'Vendor lock-in', category: 'technical', probability: 2, impact: 3 }, headers: cause });
    const line = await api.call('POST', own('/budget-lines'), { token: pm.token, body: { category: 'services', name: 'Hosting', amount: { amountMinor: 50_000, currency: 'EUR' } }, headers: cause });
    const change = await api.call('POST', own('/changes'), { token: pm.token, body: { title: 'Cloud migration', impact: { scope: 'Hosting', scheduleDays: 2, costMinor: 50_000 } }, headers: cause });
    const invited = await api.call('POST', own('/members'), { token: pm.token, body: { email: 'cloud.admin@example.com', role: 'member' }, headers: cause });
    const otherCaused = await api.call('POST', own('/tasks'), { token: dev.token, body: { title: 'Pick the fonts' }, headers: { 'caused-by': other.body.id } });
    for (const answer of [proposed, other, option, decided, comment, task, unrelated, risk, line, change, invited, otherCaused]) expect(answer.status).toBeLessThan(300);

    const answer = await api.call('GET', own(`/decisions/${proposed.body.id}/history`), { token: auditor.token });
    expect(answer.status).toBe(200);
    expect(answer.body.decisionId).toBe(proposed.body.id);
    expect(answer.body.revision).toBe(otherCaused.body.revision);
    const entries = answer.body.entries as Array<{ revision: number; type: string; relation: string; actor: { id: string; role: string; name: string }; causationId: string | null; recordedAt: string; occurredAt: string; data: any }>;
    expect(entries.map((e) => [e.type, e.relation])).toEqual([
      ['DecisionProposed', 'decision'],
      ['DecisionOptionAdded', 'decision'],
      ['DecisionOptionAdded', 'decision'],
      ['DecisionOptionAdded', 'decision'],
      ['DecisionMade', 'decision'],
      ['CommentPosted', 'decision'],
      ['TaskAdded', 'caused'],
      ['RiskIdentified', 'caused'],
      ['BudgetLineAdded', 'caused'],
      ['ChangeRequested', 'caused'],
      ['MemberInvited', 'caused'],
    ]);
    expect(entries[10]!.data).toMatchObject({ email: 'cloud.admin@example.com', role: 'member' });
    expect(entries.map((e) => e.revision)).toEqual([...entries.map((e) => e.revision)].sort((a, b) => a - b));
    expect(entries[4]).toMatchObject({ revision: decided.body.revision, actor: { id: pm.id, role: 'manager', name: 'Pat' }, data: { rationale: 'No servers to run' }, causationId: null });
    expect(entries[0]!.actor).toEqual({ id: dev.id, role: 'member', name: 'Dev' });
    expect(entries[6]).toMatchObject({ revision: task.body.revision, causationId: proposed.body.id, data: { taskId: task.body.id, title: 'Set up the cloud account' } });
    for (const entry of entries) {
      expect(Date.parse(entry.recordedAt)).not.toBeNaN();
      expect(Date.parse(entry.occurredAt)).not.toBeNaN();
    }
    expect(JSON.stringify(entries)).not.toContain('Unrelated');
    expect(JSON.stringify(entries)).not.toContain('Pick the fonts');

    // The successor's proposal and the superseding touch it too.
    const successor = await api.call('POST', own('/decisions'), { token: pm.token, body: { title: 'Hosting, again', supersedes: proposed.body.id, options: [{ title: 'Hybrid' }] } });
    await api.call('PATCH', own(`/decisions/${successor.body.id}`), { token: pm.token, body: { chosenOptionId: successor.body.optionIds[0], rationale: 'Data residency' } });
    const later = await api.call('GET', own(`/decisions/${proposed.body.id}/history`), { token: dev.token });
    expect(later.body.entries.slice(11).map((e: { type: string; data: { decisionId: string } }) => [e.type, e.data.decisionId])).toEqual([
      ['DecisionProposed', successor.body.id],
      ['DecisionSuperseded', proposed.body.id],
    ]);
  });

  it('refuses a history to a client, of a decision that does not exist or an id that is not one; and a Caused-By that names no decision of the project', async () => {
    const proposed = await api.call('POST', at('/decisions'), { token: dev.token, body: { title: 'Analytics?' } });
    const forClient = await api.call('GET', at(`/decisions/${proposed.body.id}/history`), { token: client.token });
    expect(forClient.status).toBe(403);
    expect(forClient.headers.get('content-type')).toContain('application/problem+json');
    const missing = await api.call('GET', at('/decisions/00000000-0000-4000-8000-000000000000/history'), { token: pm.token });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ type: 'https://client-projects.dev/problems/decision.not-found', decisionId: '00000000-0000-4000-8000-000000000000' });
    expect((await api.call('GET', at('/decisions/not-a-uuid/history'), { token: pm.token })).status).toBe(400);

    const malformed = await api.call('POST', at('/tasks'), { token: dev.token, body: { title: 'T' }, headers: { 'caused-by': 'the meeting' } });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    const elsewhere = await api.call('POST', '/api/projects', { token: pm.token, body: { name: 'Elsewhere', currency: 'EUR' } });
    const foreign = await api.call('POST', `/api/projects/${elsewhere.body.id}/decisions`, { token: pm.token, body: { title: 'Not here' } });
    for (const named of ['00000000-0000-4000-8000-000000000000', foreign.body.id]) {
      const refused = await api.call('POST', at('/tasks'), { token: dev.token, body: { title: 'T' }, headers: { 'caused-by': named } });
      expect(refused.status).toBe(404);
      expect(refused.body).toMatchObject({ type: 'https://client-projects.dev/problems/decision.not-found', decisionId: named });
    }
    const member = await api.call('POST', at('/members'), { token: pm.token, body: { email: 'someone.new@example.com', role: 'member' }, headers: { 'caused-by': foreign.body.id } });
    expect(member.status).toBe(404);
    // A read is not a write: the header means nothing to it.
    expect((await api.call('GET', at('/views/board'), { token: dev.token, headers: { 'caused-by': 'the meeting' } })).status).toBe(200);
  });
});
