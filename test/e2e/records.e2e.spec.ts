import { startApi, teamProject, type Person, type RunningApi } from '../support/api';

/** Documents, comments, status reports, evaluations and lessons over HTTP. */
describe('project records (HTTP, embedded store)', () => {
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

  it('versions a document and lets a manager share it with the client', async () => {
    const doc = await api.call('POST', at('/documents'), { token: dev.token, body: { kind: 'contract', title: 'Statement of work', location: 'https://files.example/sow-v1.pdf' } });
    expect(doc.status).toBe(201);
    const v2 = await api.call('PATCH', at(`/documents/${doc.body.id}`), { token: dev.token, body: { location: 'https://files.example/sow-v2.pdf', summary: 'Signed copy' } });
    expect(v2.body.events).toEqual([{ type: 'DocumentRevised', revision: v2.body.revision }]);
    expect((await api.call('PATCH', at(`/documents/${doc.body.id}`), { token: dev.token, body: { sharedWithClient: true } })).status).toBe(403);
    const shared = await api.call('PATCH', at(`/documents/${doc.body.id}`), { token: pm.token, body: { sharedWithClient: true } });
    expect(shared.body.events).toEqual([{ type: 'DocumentSharingChanged', revision: shared.body.revision }]);
    expect((await api.call('PATCH', at(`/documents/${doc.body.id}`), { token: dev.token, body: { summary: 'no location' } })).status).toBe(400);
  });

  it('takes comments on items that exist, from the team and the client', async () => {
    const task = await api.call('POST', at('/tasks'), { token: dev.token, body: { title: 'Visual design' } });
    const comment = await api.call('POST', at('/comments'), { token: client.token, body: { on: { kind: 'task', id: task.body.id }, body: 'Can we see it Friday?' } });
    expect(comment.status).toBe(201);
    const nowhere = await api.call('POST', at('/comments'), { token: client.token, body: { on: { kind: 'risk', id: task.body.id }, body: 'x' } });
    expect(nowhere.status).toBe(409);
    expect(nowhere.body.code).toBe('comment.target-not-found');
  });

  it('publishes reports, evaluates phases and the project, and records lessons', async () => {
    expect((await api.call('POST', at('/status-reports'), { token: pm.token, body: { period: 'Week 6', summary: 'Design on track', nextSteps: 'Review' } })).status).toBe(201);
    expect((await api.call('POST', at('/status-reports'), { token: dev.token, body: { period: 'Week 6', summary: 'x' } })).status).toBe(403);
    const phase = await api.call('POST', at('/phases'), { token: pm.token, body: { name: 'Discovery' } });
    const evaluation = { phaseId: phase.body.id, schedule: 4, cost: 3, quality: 5, satisfaction: 4, notes: 'Slightly over budget' };
    expect((await api.call('POST', at('/evaluations'), { token: pm.token, body: evaluation })).status).toBe(201);
    const twice = await api.call('POST', at('/evaluations'), { token: pm.token, body: evaluation });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('evaluation.exists');
    expect((await api.call('POST', at('/evaluations'), { token: pm.token, body: { schedule: 5, cost: 4, quality: 5, satisfaction: 5 } })).status).toBe(201);
    expect((await api.call('POST', at('/evaluations'), { token: pm.token, body: { schedule: 6, cost: 4, quality: 5, satisfaction: 5 } })).status).toBe(400);
    expect((await api.call('POST', at('/lessons'), { token: dev.token, body: { title: 'Content plans early', lesson: 'Agree the content calendar in week 1' } })).status).toBe(201);
  });
});
