import { streamName } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { DemoSeeder, DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_PROJECT } from '../../apps/api/src/demo/demo';
import { startApi, type RunningApi } from '../support/api';

/** What the README promises a new user after `npm start`. */
describe('the demo project', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  it('is created once, on an empty store, with an account for every role', async () => {
    const seeder = api.app.get(DemoSeeder);
    const projectId = await seeder.seedIfEmpty();
    expect(projectId).not.toBeNull();
    expect(await seeder.seedIfEmpty()).toBeNull();

    for (const account of DEMO_ACCOUNTS) {
      const login = await api.call('POST', '/api/auth/login', { body: { email: account.email, password: DEMO_PASSWORD } });
      expect(login.status).toBe(200);
      const projects = await api.call('GET', '/api/projects', { token: login.body.accessToken });
      expect(projects.body.items).toEqual([{ id: projectId, name: DEMO_PROJECT.name, currency: 'EUR', role: account.role }]);
    }

    // A project a few weeks in, written as ordinary commands.
    const counts = new Map<string, number>();
    for await (const event of api.app.get<EventStore>(EVENT_STORE).readStream(streamName('project', projectId!))) {
      counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toMatchObject({
      PhaseAdded: 4,
      MilestoneAdded: 4,
      MilestoneReached: 1,
      TaskAdded: 8,
      PlanBaselined: 1,
      RiskIdentified: 3,
      DecisionMade: 1,
      BudgetLineAdded: 3,
      CostRecorded: 2,
      CostCorrected: 1,
      QualityStandardDefined: 2,
      FeedbackSubmitted: 2,
      FeedbackResolved: 1,
      ChangeRequested: 1,
      SatisfactionSurveyed: 1,
    });

    // Seeded through the same commands, so its history verifies like any other (docs/audit.md).
    const auditor = DEMO_ACCOUNTS.find((account) => account.role === 'auditor')!;
    const token = (await api.call('POST', '/api/auth/login', { body: { email: auditor.email, password: DEMO_PASSWORD } })).body.accessToken;
    const verified = await api.call('GET', `/api/projects/${projectId}/audit/verify`, { token });
    const events = [...counts.values()].reduce((sum, n) => sum + n, 0);
    expect(verified.body).toEqual({ ok: true, checked: events, lastHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });
});
