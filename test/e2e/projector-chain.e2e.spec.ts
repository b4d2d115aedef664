import { randomUUID } from 'node:crypto';
import { GENESIS_HASH, chainAppend } from '@app/audit';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { person, projectWith, startApi, type Person, type RunningApi } from '../support/api';
import { eventually } from '../support/ts-child';

/**
 * The projector refuses to go past a broken hash link (docs/audit.md): an
 * event appended behind the api's back, hashed on its own but not chained to
 * the event before it, stops the api's projector there, and `/health` says
 * which stream and revision, while reads keep answering.
 */
describe('projector and the hash chain, end to end', () => {
  let api: RunningApi;
  let pm: Person;

  beforeAll(async () => {
    api = await startApi();
    pm = await person(api, 'Pat');
  });
  afterAll(() => api.close());

  it('stops at a forged event, answers 503 on /health naming it, and keeps serving what it committed', async () => {
    const projectId = await projectWith(api, pm, []);
    const added = await api.call('POST', `/api/projects/${projectId}/tasks`, { token: pm.token, body: { title: 'Before the forgery' } });
    expect(added.status).toBe(201);
    const revision = added.body.revision as number;
    const events = api.app.get<EventStore>(EVENT_STORE);
    const stream = `project-${projectId}`;
    // Its own hash is right, but it chains to the genesis hash instead of the event before it.
    const forged = chainAppend(stream, revision, GENESIS_HASH, [
      { id: randomUUID(), type: 'TaskUpdated', data: { taskId: added.body.id, changes: { title: 'Forged' } }, metadata: { actor: { id: pm.id, role: 'manager' } } },
    ]);
    await events.append(stream, forged.events, { expectedRevision: revision });

    const health = await eventually(async () => {
      const answer = await api.call('GET', '/health');
      return answer.status === 503 ? answer : undefined;
    });
    expect(health.body.checks.projector).toMatchObject({ status: 'down', state: 'failed' });
    expect(health.body.checks.projector.error).toContain(`the hash chain is broken at ${stream}@${revision + 1}`);

    const board = await api.call('GET', `/api/projects/${projectId}/views/board`, { token: pm.token });
    expect(board.status).toBe(200);
    expect(board.body.revision).toBe(revision);
    expect(board.body.data.tasks[added.body.id].title).toBe('Before the forgery');
    const verify = await api.call('GET', `/api/projects/${projectId}/audit/verify`, { token: pm.token });
    expect(verify.body).toMatchObject({ ok: false, firstBrokenRevision: revision + 1 });
  });
});
