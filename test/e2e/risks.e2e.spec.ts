import { projectDecider, streamName, type ProjectEvent, type ProjectState } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { startApi, teamProject, type Person, type RunningApi } from '../support/api';

/** The risk register over HTTP, on the embedded store. */
describe('the risk register (HTTP, embedded store)', () => {
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

  async function log(): Promise<ProjectEvent[]> {
    const events: ProjectEvent[] = [];
    for await (const event of api.app.get<EventStore>(EVENT_STORE).readStream<ProjectEvent>(streamName('project', projectId))) {
      events.push({ type: event.type, data: event.data } as ProjectEvent);
    }
    return events;
  }

  it('identifies, re-assesses and closes a risk, keeping every re-assessment in the history', async () => {
    const identified = await api.call('POST', at('/risks'), {
      token: dev.token,
      body: { title: 'Client content arrives late', category: 'client', probability: 3, impact: 4, ownerId: pm.id, mitigation: 'Content plan in week 1', internalOnly: true },
    });
    expect(identified.status).toBe(201);
    expect(identified.body.events).toEqual([{ type: 'RiskIdentified', revision: identified.body.revision }]);
    const riskId: string = identified.body.id;

    const worse = await api.call('PATCH', at(`/risks/${riskId}`), { token: pm.token, body: { probability: 5, impact: 4, note: 'No content yet at week 3' } });
    expect(worse.body.events.map((e: { type: string }) => e.type)).toEqual(['RiskReassessed']);
    const mitigating = await api.call('PATCH', at(`/risks/${riskId}`), {
      token: pm.token,
      body: { status: 'mitigating', probability: 3, impact: 4, note: 'Copywriter hired' },
      headers: { 'if-match': '"2"' },
    });
    expect(mitigating.status).toBe(200);
    expect(mitigating.body.events.map((e: { type: string }) => e.type)).toEqual(['RiskStatusChanged', 'RiskReassessed']);

    const history = (await log()).filter((e) => e.type === 'RiskReassessed');
    expect(history.map((e) => e.data)).toEqual([
      { riskId, probability: 5, impact: 4, previousProbability: 3, previousImpact: 4, note: 'No content yet at week 3' },
      { riskId, probability: 3, impact: 4, previousProbability: 5, previousImpact: 4, note: 'Copywriter hired' },
    ]);

    const stale = await api.call('PATCH', at(`/risks/${riskId}`), { token: dev.token, body: { mitigation: 'x' }, headers: { 'if-match': '"2"' } });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: 'risk.version-conflict', current: { status: 'mitigating', probability: 3 } });

    await api.call('PATCH', at(`/risks/${riskId}`), { token: pm.token, body: { status: 'closed', note: 'Content delivered' } });
    const closed = await api.call('PATCH', at(`/risks/${riskId}`), { token: pm.token, body: { probability: 1, impact: 1 } });
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('risk.closed');

    let state: ProjectState = projectDecider.initialState();
    for (const event of await log()) state = projectDecider.evolve(state, event);
    expect(state.status === 'active' && state.risks.get(riskId)).toMatchObject({ status: 'closed', probability: 3, impact: 4, internalOnly: true });
  });

  it('keeps the register to the team and its rules', async () => {
    expect((await api.call('POST', at('/risks'), { token: client.token, body: { title: 'X', category: 'scope', probability: 1, impact: 1 } })).status).toBe(403);
    const notTeam = await api.call('POST', at('/risks'), { token: pm.token, body: { title: 'X', category: 'scope', probability: 1, impact: 1, ownerId: client.id } });
    expect(notTeam.status).toBe(409);
    expect(notTeam.body.code).toBe('risk.owner-not-team');
    const bad = await api.call('POST', at('/risks'), { token: pm.token, body: { title: 'X', category: 'weather', probability: 6, impact: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['category', 'impact', 'probability']);
    const created = await api.call('POST', at('/risks'), { token: pm.token, body: { title: 'Y', category: 'scope', probability: 2, impact: 2 } });
    const half = await api.call('PATCH', at(`/risks/${created.body.id}`), { token: pm.token, body: { probability: 3 } });
    expect(half.status).toBe(400);
  });
});
