import { person, projectWith, startApi, type Person, type RunningApi } from '../support/api';
import { eventually } from '../support/ts-child';

/** Every KPI, with nothing to measure it on. */
const NOTHING_MEASURED = {
  onTimeMilestoneRate: null,
  cpi: null,
  spi: null,
  csat: null,
  nps: null,
  averageResponseHours: null,
  averageResolutionHours: null,
  responseWithinTargetShare: null,
  riskExposure: null,
  qualityPassRate: null,
};

/** KPIs across the caller's projects, each row in the caller's audience for that project. */
describe('portfolio (HTTP, embedded store)', () => {
  let api: RunningApi;
  let pm: Person;
  let dev: Person;
  let client: Person;
  let auditor: Person;
  let loner: Person;
  /** "Website relaunch": the team, a client and an auditor, with figures in every area. */
  let website: string;
  /** "Intranet": the manager alone. */
  let intranet: string;
  const latest = new Map<string, number>();

  const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });

  beforeAll(async () => {
    api = await startApi();
    [pm, dev, client, auditor, loner] = await Promise.all(['Pat', 'Dev', 'Cleo', 'Audrey', 'Lone'].map((name) => person(api, name))) as [Person, Person, Person, Person, Person];
    website = await projectWith(api, pm, [
      { person: dev, role: 'member' },
      { person: client, role: 'client' },
      { person: auditor, role: 'auditor' },
    ]);
    const created = await api.call('POST', '/api/projects', { token: pm.token, body: { name: 'Intranet', currency: 'EUR' } });
    expect(created.status).toBe(201);
    intranet = created.body.id;

    const write = async (projectId: string, who: Person, method: string, path: string, body: unknown): Promise<any> => {
      const answer = await api.call(method, `/api/projects/${projectId}${path}`, { token: who.token, body });
      expect({ path, status: answer.status }).toEqual({ path, status: method === 'POST' ? 201 : 200 });
      latest.set(projectId, answer.body.revision);
      return answer.body;
    };

    // Website: a milestone reached on time; CPI 2 and SPI 0.5 (the budget view's worked HTTP case); exposure 12 shared + 25 internal;
    // one standard passing; a question answered at once; a survey of CSAT 4, NPS 9.
    const beta = await write(website, pm, 'POST', '/milestones', { name: 'Beta', dueDate: '2027-02-01' });
    await write(website, pm, 'PATCH', `/milestones/${beta.id}`, { reachedOn: '2027-01-30' });
    const line = await write(website, pm, 'POST', '/budget-lines', { category: 'labour', name: 'Internal design line', amount: eur(1_000_000) });
    const task = await write(website, dev, 'POST', '/tasks', { title: 'Design', estimateHours: 10, startDate: '2020-01-01', dueDate: '2020-01-10' });
    await write(website, dev, 'PATCH', `/tasks/${task.id}`, { percentDone: 50 });
    await write(website, dev, 'POST', '/costs', { lineId: line.id, amount: eur(250_000), description: 'Designer at 95/h', incurredOn: '2027-01-08' });
    await write(website, pm, 'POST', '/risks', { title: 'Content late', category: 'client', probability: 3, impact: 4 });
    await write(website, pm, 'POST', '/risks', { title: 'Team overloaded', category: 'resource', probability: 5, impact: 5, internalOnly: true });
    const standard = await write(website, dev, 'POST', '/quality-standards', { deliverable: 'Website', dimension: 'performance', criterion: 'Home page load', threshold: 'p95 ≤ 2 s' });
    await write(website, dev, 'POST', '/quality-checks', { standardId: standard.id, result: 'pass', measured: 'p95 1.6 s' });
    const question = await write(website, client, 'POST', '/feedback', { kind: 'question', subject: 'When is the beta?', body: 'We need a date' });
    await write(website, pm, 'PATCH', `/feedback/${question.id}`, { response: 'On 1 February' });
    await write(website, client, 'POST', '/surveys', { csat: 4, nps: 9, comment: 'Clear answers' });

    // Intranet: a milestone reached late; no budget, no feedback; exposure 4; one standard failing.
    const launch = await write(intranet, pm, 'POST', '/milestones', { name: 'Launch', dueDate: '2027-02-01' });
    await write(intranet, pm, 'PATCH', `/milestones/${launch.id}`, { reachedOn: '2027-02-03' });
    await write(intranet, pm, 'POST', '/risks', { title: 'Old servers', category: 'technical', probability: 2, impact: 2 });
    const uptime = await write(intranet, pm, 'POST', '/quality-standards', { deliverable: 'Intranet', dimension: 'reliability', criterion: 'Uptime', threshold: '99.9 %' });
    await write(intranet, pm, 'POST', '/quality-checks', { standardId: uptime.id, result: 'fail', measured: '99.1 %' });
  });

  afterAll(async () => {
    await api.close();
  });

  /** The caller's portfolio once every row shows its project's latest write: views follow a write within moments. */
  async function portfolioOf(who: Person): Promise<any> {
    return eventually(async () => {
      const answer = await api.call('GET', '/api/portfolio', { token: who.token });
      expect(answer.status).toBe(200);
      return answer.body.items.every((row: { id: string; revision: number }) => row.revision >= (latest.get(row.id) ?? -1)) ? answer.body : undefined;
    }, { describe: () => 'the portfolio did not catch up with the writes' });
  }

  it('gives a manager of two projects a row for each with its KPIs, and totals and averages across them', async () => {
    const portfolio = await portfolioOf(pm);
    expect(portfolio.items.map((row: { name: string }) => row.name)).toEqual(['Intranet', 'Website relaunch']);
    const [intranetRow, websiteRow] = portfolio.items;
    expect(intranetRow).toMatchObject({ id: intranet, currency: 'EUR', role: 'manager', audience: 'team', revision: latest.get(intranet) });
    expect(intranetRow.kpis).toEqual({ ...NOTHING_MEASURED, onTimeMilestoneRate: 0, riskExposure: 4, qualityPassRate: 0 });
    expect(websiteRow).toMatchObject({ id: website, role: 'manager', audience: 'team', revision: latest.get(website) });
    expect(websiteRow.kpis).toEqual({
      onTimeMilestoneRate: 1,
      cpi: 2,
      spi: 0.5,
      csat: 4,
      nps: 100,
      averageResponseHours: expect.any(Number),
      averageResolutionHours: null,
      responseWithinTargetShare: 1,
      riskExposure: 12 + 25,
      qualityPassRate: 1,
    });
    expect(websiteRow.kpis.averageResponseHours).toBeLessThan(1);
    // The same figures as each project's own views.
    const budget = await api.call('GET', `/api/projects/${website}/views/budget`, { token: pm.token });
    expect(budget.body.data.figures.earnedValue).toMatchObject({ cpi: websiteRow.kpis.cpi, spi: websiteRow.kpis.spi });

    expect(portfolio.totals).toEqual({ projects: 2, riskExposure: 41 });
    expect(portfolio.averages).toEqual({
      onTimeMilestoneRate: 0.5,
      cpi: 2,
      spi: 0.5,
      csat: 4,
      nps: 100,
      averageResponseHours: Math.round(websiteRow.kpis.averageResponseHours * 100) / 100,
      averageResolutionHours: null,
      responseWithinTargetShare: 1,
      riskExposure: 20.5,
      qualityPassRate: 0.5,
    });
  });

  it('gives a client only the project he is in, computed from client forms: no internal-only risk counted', async () => {
    const portfolio = await portfolioOf(client);
    expect(portfolio.items).toHaveLength(1);
    const [row] = portfolio.items;
    expect(row).toMatchObject({ id: website, name: 'Website relaunch', role: 'client', audience: 'client' });
    const team = (await portfolioOf(pm)).items.find((r: { id: string }) => r.id === website);
    // Exposure without the internal-only risk; the KPIs a client's views show in full are the same.
    expect(row.kpis).toEqual({ ...team.kpis, riskExposure: 12 });
    expect(portfolio.totals).toEqual({ projects: 1, riskExposure: 12 });
    const text = JSON.stringify(portfolio);
    for (const hidden of [intranet, 'Intranet', 'Team overloaded', 'Internal design line']) expect(text).not.toContain(hidden);
  });

  it('gives an auditor the team’s figures of the project he audits', async () => {
    const portfolio = await portfolioOf(auditor);
    expect(portfolio.items).toHaveLength(1);
    expect(portfolio.items[0]).toMatchObject({ id: website, role: 'auditor', audience: 'team', kpis: { riskExposure: 37 } });
  });

  it('gives a user with no projects an empty list, nothing averaged', async () => {
    const answer = await api.call('GET', '/api/portfolio', { token: loner.token });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      items: [],
      totals: { projects: 0, riskExposure: 0 },
      averages: NOTHING_MEASURED,
    });
  });

  it('refuses a caller without a valid token', async () => {
    for (const token of [undefined, 'not-a-token']) {
      const answer = await api.call('GET', '/api/portfolio', { token });
      expect({ status: answer.status, type: answer.headers.get('content-type') }).toEqual({ status: 401, type: expect.stringContaining('application/problem+json') });
    }
  });

  it('is described in the OpenAPI document with its answer and its problem', async () => {
    const spec = (await api.call('GET', '/api/docs-json')).body;
    const route = spec.paths['/api/portfolio'].get;
    expect(route.tags).toEqual(['portfolio']);
    expect(route.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/PortfolioDto' });
    expect(Object.keys(route.responses).sort()).toEqual(['200', '401']);
    expect(Object.keys(spec.components.schemas.PortfolioKpisDto.properties).sort()).toEqual(Object.keys((await portfolioOf(pm)).averages).sort());
  });

  it('drops a project from the portfolio of a member removed from it', async () => {
    const removed = await api.call('DELETE', `/api/projects/${website}/members/${client.id}`, { token: pm.token });
    expect(removed.status).toBe(200);
    const answer = await api.call('GET', '/api/portfolio', { token: client.token });
    expect(answer.status).toBe(200);
    expect(answer.body.items).toEqual([]);
  });
});
