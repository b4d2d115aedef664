import { projectDecider, streamName, type ProjectEvent, type ProjectState } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { person, projectWith, startApi, type Person, type RunningApi } from '../support/api';

/**
 * Teams co-edit plans live. Edits of different items never bother each other;
 * edits of the same item from the same version: exactly one wins, the others
 * are told (412) and shown what won.
 */
describe('co-editing one project', () => {
  let api: RunningApi;
  let team: Person[];
  let projectId: string;

  beforeAll(async () => {
    api = await startApi();
    team = await Promise.all(Array.from({ length: 10 }, (_, i) => person(api, `Editor ${i}`)));
    projectId = await projectWith(
      api,
      team[0]!,
      team.slice(1).map((p) => ({ person: p, role: 'member' })),
    );
  }, 60_000);

  afterAll(async () => {
    await api.close();
  });

  async function projectState(): Promise<Extract<ProjectState, { status: 'active' }>> {
    let state: ProjectState = projectDecider.initialState();
    const events = api.app.get<EventStore>(EVENT_STORE);
    for await (const event of events.readStream<ProjectEvent>(streamName('project', projectId))) {
      state = projectDecider.evolve(state, { type: event.type, data: event.data } as ProjectEvent);
    }
    if (state.status !== 'active') throw new Error('no project');
    return state;
  }

  it('10 people editing different tasks, 50 edits each: no 409 or 412, and every edit is there', async () => {
    const tasks = await Promise.all(
      team.map(async (editor, i) => (await api.call('POST', `/api/projects/${projectId}/tasks`, { token: editor.token, body: { title: `Task ${i}` } })).body.id as string),
    );
    const statuses = new Map<number, number>();
    await Promise.all(
      team.map(async (editor, i) => {
        for (let edit = 0; edit < 50; edit += 1) {
          const answer = await api.call('PATCH', `/api/projects/${projectId}/tasks/${tasks[i]}`, {
            token: editor.token,
            body: { title: `Task ${i}, edit ${edit}`, estimateHours: edit },
          });
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        }
      }),
    );
    expect(Object.fromEntries(statuses)).toEqual({ 200: 500 });

    const state = await projectState();
    tasks.forEach((taskId, i) => {
      expect(state.plan.tasks.get(taskId)).toMatchObject({ title: `Task ${i}, edit 49`, estimateHours: 49, version: 51 });
    });
  }, 120_000);

  it('10 people editing the same field with If-Match: one wins each round, the others get 412 with the current value', async () => {
    const taskId = (await api.call('POST', `/api/projects/${projectId}/tasks`, { token: team[0]!.token, body: { title: 'Contested' } })).body.id as string;
    let version = 1;
    for (let round = 0; round < 3; round += 1) {
      const answers = await Promise.all(
        team.map((editor, i) =>
          api.call('PATCH', `/api/projects/${projectId}/tasks/${taskId}`, {
            token: editor.token,
            body: { title: `Round ${round} by editor ${i}` },
            headers: { 'if-match': `"${version}"` },
          }),
        ),
      );
      const winners = answers.filter((a) => a.status === 200);
      const losers = answers.filter((a) => a.status === 412);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(9);
      const won = (await projectState()).plan.tasks.get(taskId)!;
      expect(won.title).toMatch(new RegExp(`^Round ${round} by editor \\d$`));
      for (const loser of losers) {
        expect(loser.body).toMatchObject({ code: 'task.version-conflict', version: version + 1, current: { title: won.title } });
      }
      version += 1;
    }
  }, 60_000);
});
