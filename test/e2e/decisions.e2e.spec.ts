import { startApi, teamProject, type Person, type RunningApi } from '../support/api';

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
});
