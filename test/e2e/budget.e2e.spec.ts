import { actualCost, projectDecider, streamName, type ProjectEvent, type ProjectState } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { person, projectWith, startApi, type Person, type RunningApi } from '../support/api';

/** Budget and costs over HTTP, on the embedded store. */
describe('budget and costs (HTTP, embedded store)', () => {
  let api: RunningApi;
  let pm: Person;
  let dev: Person;
  let client: Person;
  let auditor: Person;
  let projectId: string;
  const at = (path: string): string => `/api/projects/${projectId}${path}`;
  const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });

  beforeAll(async () => {
    api = await startApi();
    [pm, dev, client, auditor] = await Promise.all([person(api, 'Pat'), person(api, 'Dev'), person(api, 'Cleo'), person(api, 'Aldo')]);
    projectId = await projectWith(api, pm, [
      { person: dev, role: 'member' },
      { person: client, role: 'client' },
      { person: auditor, role: 'auditor' },
    ]);
  });

  afterAll(async () => {
    await api.close();
  });

  async function state(): Promise<Extract<ProjectState, { status: 'active' }>> {
    let s: ProjectState = projectDecider.initialState();
    for await (const event of api.app.get<EventStore>(EVENT_STORE).readStream<ProjectEvent>(streamName('project', projectId))) {
      s = projectDecider.evolve(s, { type: event.type, data: event.data } as ProjectEvent);
    }
    if (s.status !== 'active') throw new Error('no project');
    return s;
  }

  it('budgets a line, books costs to it, and corrects one with a new entry', async () => {
    const line = await api.call('POST', at('/budget-lines'), { token: pm.token, body: { category: 'labour', name: 'Design', amount: eur(1_200_000) } });
    expect(line.status).toBe(201);
    expect((await api.call('POST', at('/budget-lines'), { token: dev.token, body: { category: 'labour', name: 'X', amount: eur(1) } })).status).toBe(403);

    const cost = await api.call('POST', at('/costs'), { token: dev.token, body: { lineId: line.body.id, amount: eur(250_000), description: 'Week 1 design', incurredOn: '2027-01-08' } });
    expect(cost.status).toBe(201);
    const correction = await api.call('POST', at('/costs'), {
      token: dev.token,
      body: { corrects: cost.body.id, amount: eur(-200_000), reason: 'Invoice was 2,000.00 lower', incurredOn: '2027-01-10' },
    });
    expect(correction.status).toBe(201);
    expect(correction.body.events).toEqual([{ type: 'CostCorrected', revision: correction.body.revision }]);

    const s = await state();
    expect(actualCost(s.budget, line.body.id)).toBe(50_000);
    expect(s.budget.costs.get(cost.body.id)!.amountMinor).toBe(250_000);

    const revised = await api.call('PATCH', at(`/budget-lines/${line.body.id}`), { token: pm.token, body: { amount: eur(1_500_000), reason: 'Second language' }, headers: { 'if-match': '"1"' } });
    expect(revised.status).toBe(200);
    const stale = await api.call('PATCH', at(`/budget-lines/${line.body.id}`), { token: pm.token, body: { amount: eur(1), reason: 'x' }, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
  });

  it('keeps money honest: one currency, whole minor units, costs never edited', async () => {
    const line = await api.call('POST', at('/budget-lines'), { token: pm.token, body: { category: 'services', name: 'Hosting', amount: eur(90_000) } });
    const usd = await api.call('POST', at('/costs'), { token: dev.token, body: { lineId: line.body.id, amount: { amountMinor: 100, currency: 'USD' }, description: 'x', incurredOn: '2027-01-08' } });
    expect(usd.status).toBe(409);
    expect(usd.body).toMatchObject({ code: 'money.wrong-currency', currency: 'EUR' });
    const fraction = await api.call('POST', at('/costs'), { token: dev.token, body: { lineId: line.body.id, amount: eur(10.5), description: 'x', incurredOn: '2027-01-08' } });
    expect(fraction.status).toBe(400);
    expect((await api.call('PATCH', at(`/costs/${line.body.id}`), { token: pm.token, body: { amount: eur(1) } })).status).toBe(404);
    expect((await api.call('POST', at('/costs'), { token: client.token, body: { lineId: line.body.id, amount: eur(1), description: 'x', incurredOn: '2027-01-08' } })).status).toBe(403);
    expect((await api.call('POST', at('/costs'), { token: auditor.token, body: { lineId: line.body.id, amount: eur(1), description: 'x', incurredOn: '2027-01-08' } })).status).toBe(403);
    const noReason = await api.call('POST', at('/costs'), { token: dev.token, body: { corrects: line.body.id, amount: eur(-1), incurredOn: '2027-01-08' } });
    expect(noReason.status).toBe(400);
  });
});
