import { startApi, teamProject, type Person, type RunningApi } from '../support/api';
import { eventually } from '../support/ts-child';

/** The boards over HTTP, each in the caller's audience. */
describe('views (HTTP, embedded store)', () => {
  let api: RunningApi;
  let pm: Person;
  let dev: Person;
  let client: Person;
  let at: (path: string) => string;

  beforeAll(async () => {
    api = await startApi();
    ({ pm, dev, client, at } = await teamProject(api));
  });

  afterAll(async () => {
    await api.close();
  });

  /** The view once it shows at least `revision`: a write answers once stored, and its views follow within moments. */
  async function viewAt(view: string, person: Person, revision: number): Promise<{ revision: number; data: any }> {
    return eventually(async () => {
      const answer = await api.call('GET', at(`/views/${view}`), { token: person.token });
      expect(answer.status).toBe(200);
      return answer.body.revision >= revision ? answer.body : undefined;
    }, { describe: () => `${view} did not reach revision ${revision}` });
  }

  it('shows the team the board with its figures, and the client the same board without what is internal', async () => {
    const added = await api.call('POST', at('/tasks'), { token: dev.token, body: { title: 'Design the home page', description: 'Use the internal template', assigneeId: dev.id, estimateHours: 12 } });
    expect(added.status).toBe(201);
    const progress = await api.call('PATCH', at(`/tasks/${added.body.id}`), { token: dev.token, body: { percentDone: 50 } });
    expect(progress.status).toBe(200);

    const team = await viewAt('board', pm, progress.body.revision);
    expect(team.data.tasks[added.body.id]).toMatchObject({ title: 'Design the home page', assigneeId: dev.id, percentDone: 50, description: 'Use the internal template' });
    expect(team.data.figures).toMatchObject({ tasks: 1, progressPercent: 50, workload: { [dev.id]: { openTasks: 1, remainingHours: 6 } } });

    const seen = await viewAt('board', client, progress.body.revision);
    expect(seen.revision).toBe(team.revision);
    expect(seen.data.tasks[added.body.id]).toMatchObject({ title: 'Design the home page', percentDone: 50 });
    expect(JSON.stringify(seen.data)).not.toContain('internal template');
    expect(JSON.stringify(seen.data)).not.toContain(dev.id);
  });

  it('never shows a client an internal-only risk, nor counts it in the heat map', async () => {
    const shared = await api.call('POST', at('/risks'), { token: pm.token, body: { title: 'Content late', category: 'client', probability: 3, impact: 4, internalOnly: false } });
    const internal = await api.call('POST', at('/risks'), { token: pm.token, body: { title: 'Team overloaded', category: 'resource', probability: 5, impact: 5, internalOnly: true } });
    expect([shared.status, internal.status]).toEqual([201, 201]);
    const team = await viewAt('risks', pm, internal.body.revision);
    expect(team.data.figures.exposure).toBe(12 + 25);
    const seen = await viewAt('risks', client, internal.body.revision);
    expect(Object.keys(seen.data.risks)).toEqual([shared.body.id]);
    expect(seen.data.figures.exposure).toBe(12);
    expect(JSON.stringify(seen.data)).not.toContain('Team overloaded');
  });

  it('serves the decision log to the team, and to a client as a view that does not exist', async () => {
    const team = await api.call('GET', at('/views/decisions'), { token: dev.token });
    expect(team.status).toBe(200);
    expect(team.body.data).toMatchObject({ decisions: {}, figures: { proposed: 0, decided: 0, superseded: 0, chains: [] } });
    const seen = await api.call('GET', at('/views/decisions'), { token: client.token });
    expect(seen.status).toBe(404);
    expect(seen.body.type).toBe('https://client-projects.dev/problems/view.not-found');
  });

  it('answers 404 with a problem for a view that does not exist', async () => {
    const answer = await api.call('GET', at('/views/gantt'), { token: pm.token });
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ type: 'https://client-projects.dev/problems/view.not-found', status: 404 });
    expect(answer.body.detail).toContain('board');
  });
});
