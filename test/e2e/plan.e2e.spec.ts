import { randomUUID } from 'node:crypto';
import { person, projectWith, startApi, viewOnceAt, type Person, type RunningApi } from '../support/api';

/** The plan and change control over HTTP, on the embedded store. */
describe('the plan (HTTP, embedded store)', () => {
  let api: RunningApi;
  let pm: Person;
  let pm2: Person;
  let dev: Person;
  let client: Person;
  let projectId: string;
  const at = (path: string): string => `/api/projects/${projectId}${path}`;

  beforeAll(async () => {
    api = await startApi();
    [pm, pm2, dev, client] = await Promise.all([person(api, 'Pat'), person(api, 'Paula'), person(api, 'Dev'), person(api, 'Cleo')]);
    projectId = await projectWith(api, pm, [
      { person: pm2, role: 'manager' },
      { person: dev, role: 'member' },
      { person: client, role: 'client' },
    ]);
  });

  afterAll(async () => {
    await api.close();
  });

  it('builds a plan: phase, milestone, tasks with a dependency, each write answering its events and revision', async () => {
    const phase = await api.call('POST', at('/phases'), { token: pm.token, body: { name: 'Discovery' } });
    expect(phase.status).toBe(201);
    expect(phase.body).toEqual({ id: expect.any(String), revision: expect.any(Number), events: [{ type: 'PhaseAdded', revision: phase.body.revision }] });
    expect(phase.headers.get('etag')).toBe(`"${phase.body.revision}"`);

    const milestone = await api.call('POST', at('/milestones'), { token: dev.token, body: { name: 'Brief signed off', dueDate: '2027-02-01', phaseId: phase.body.id } });
    expect(milestone.status).toBe(201);

    const interview = await api.call('POST', at('/tasks'), {
      token: dev.token,
      body: { title: 'Interview stakeholders', phaseId: phase.body.id, assigneeId: dev.id, startDate: '2027-01-04', dueDate: '2027-01-08', estimateHours: 16 },
    });
    expect(interview.status).toBe(201);
    const brief = await api.call('POST', at('/tasks'), { token: dev.token, body: { title: 'Write the brief', dependsOn: [interview.body.id] } });
    expect(brief.status).toBe(201);
    expect(brief.body.revision).toBeGreaterThan(interview.body.revision);

    // The client watches; the delivery team plans.
    expect((await api.call('POST', at('/tasks'), { token: client.token, body: { title: 'Mine' } })).status).toBe(403);
    // Tasks go to the team only.
    const toClient = await api.call('POST', at('/tasks'), { token: pm.token, body: { title: 'X', assigneeId: client.id } });
    expect(toClient.status).toBe(409);
    expect(toClient.body.code).toBe('task.assignee-not-team');
    // No cycles.
    const cycle = await api.call('PATCH', at(`/tasks/${interview.body.id}`), { token: dev.token, body: { dependsOn: [brief.body.id] } });
    expect(cycle.status).toBe(409);
    expect(cycle.body.code).toBe('task.dependency-cycle');
  });

  it('If-Match: of two managers editing the same title from the same version, one wins and the other gets 412 with the current task', async () => {
    const task = await api.call('POST', at('/tasks'), { token: pm.token, body: { title: 'Draft the sitemap' } });
    const edit = (who: Person, title: string) =>
      api.call('PATCH', at(`/tasks/${task.body.id}`), { token: who.token, body: { title }, headers: { 'if-match': '"1"' } });

    const first = await edit(pm, 'Draft the sitemap (v2)');
    const second = await edit(pm2, 'Sitemap, second take');
    expect(first.status).toBe(200);
    expect(first.body.events).toEqual([{ type: 'TaskUpdated', revision: first.body.revision }]);
    expect(second.status).toBe(412);
    expect(second.body).toMatchObject({ code: 'task.version-conflict', version: 2, current: { title: 'Draft the sitemap (v2)', version: 2 } });

    // Without If-Match an edit of another field goes through, whatever the version.
    const other = await api.call('PATCH', at(`/tasks/${task.body.id}`), { token: pm2.token, body: { estimateHours: 3 } });
    expect(other.status).toBe(200);
    const malformed = await api.call('PATCH', at(`/tasks/${task.body.id}`), { token: pm.token, body: { title: 'x' }, headers: { 'if-match': 'yesterday' } });
    expect(malformed.status).toBe(400);
  });

  it('renames a phase in place: on the version seen (412 with the current phase otherwise), by the delivery team only, shown to the client', async () => {
    const phase = await api.call('POST', at('/phases'), { token: pm.token, body: { name: 'Launch' } });
    const renamed = await api.call('PATCH', at(`/phases/${phase.body.id}`), { token: dev.token, body: { name: 'Launch and handover' }, headers: { 'if-match': '"1"' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.events).toEqual([{ type: 'PhaseRenamed', revision: renamed.body.revision }]);
    const stale = await api.call('PATCH', at(`/phases/${phase.body.id}`), { token: pm2.token, body: { name: 'Go-live' }, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: 'phase.version-conflict', version: 2, current: { name: 'Launch and handover' } });
    expect((await api.call('PATCH', at(`/phases/${phase.body.id}`), { token: client.token, body: { name: 'Mine' } })).status).toBe(403);
    const blank = await api.call('PATCH', at(`/phases/${phase.body.id}`), { token: pm.token, body: { name: '   ' } });
    expect(blank.status).toBe(400);
    expect((await api.call('PATCH', at(`/phases/${randomUUID()}`), { token: pm.token, body: { name: 'X' } })).status).toBe(404);
    const seen = await viewOnceAt(api, client, at('/views/board'), renamed.body.revision);
    expect(seen.data.phases[phase.body.id]).toMatchObject({ name: 'Launch and handover', version: 2 });
  });

  it('a PATCH touching several aspects is all or nothing', async () => {
    const before = await api.call('POST', at('/tasks'), { token: pm.token, body: { title: 'Before' } });
    const after = await api.call('POST', at('/tasks'), { token: pm.token, body: { title: 'After', dependsOn: [before.body.id] } });
    // Rename and close it: closing is refused (what it depends on is open), so the rename is not kept either.
    const both = await api.call('PATCH', at(`/tasks/${after.body.id}`), { token: pm.token, body: { title: 'After, renamed', status: 'done' } });
    expect(both.status).toBe(409);
    expect(both.body.code).toBe('task.dependencies-open');
    const rename = await api.call('PATCH', at(`/tasks/${after.body.id}`), { token: pm.token, body: { title: 'After, renamed' }, headers: { 'if-match': '"1"' } });
    expect(rename.status).toBe(200);

    const progress = await api.call('PATCH', at(`/tasks/${before.body.id}`), { token: dev.token, body: { status: 'in_progress', percentDone: 60 } });
    expect(progress.body.events.map((e: { type: string }) => e.type)).toEqual(['TaskStatusChanged', 'TaskProgressReported']);
    expect((await api.call('PATCH', at(`/tasks/${before.body.id}`), { token: dev.token, body: {} })).status).toBe(400);
  });

  it('the baseline holds: a milestone moves later only through a change request the manager approved', async () => {
    const milestone = await api.call('POST', at('/milestones'), { token: pm.token, body: { name: 'Go-live', dueDate: '2027-06-01' } });
    expect((await api.call('POST', at('/baseline'), { token: dev.token, body: { reason: 'Kickoff' } })).status).toBe(403);
    const baseline = await api.call('POST', at('/baseline'), { token: pm.token, body: { reason: 'Agreed at kickoff' } });
    expect(baseline.status).toBe(201);
    expect(baseline.body.events).toEqual([{ type: 'PlanBaselined', revision: baseline.body.revision }]);

    const earlier = await api.call('PATCH', at(`/milestones/${milestone.body.id}`), { token: dev.token, body: { dueDate: '2027-05-20' } });
    expect(earlier.status).toBe(200);
    const late = await api.call('PATCH', at(`/milestones/${milestone.body.id}`), { token: dev.token, body: { dueDate: '2027-06-20' } });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'milestone.beyond-baseline', baselineDueDate: '2027-06-01' });

    // The client asks for more; the manager agrees.
    const change = await api.call('POST', at('/changes'), {
      token: client.token,
      body: { title: 'Bilingual site', description: 'French as well', impact: { scope: 'Every page in French', scheduleDays: 19, costMinor: 450_000 } },
    });
    expect(change.status).toBe(201);
    const notYet = await api.call('PATCH', at(`/milestones/${milestone.body.id}`), { token: dev.token, body: { dueDate: '2027-06-20', changeId: change.body.id } });
    expect(notYet.status).toBe(409);
    expect((await api.call('PATCH', at(`/changes/${change.body.id}`), { token: client.token, body: { decision: 'approve', reason: 'Please' } })).status).toBe(403);
    const approved = await api.call('PATCH', at(`/changes/${change.body.id}`), { token: pm.token, body: { decision: 'approve', reason: 'Budget agreed' } });
    expect(approved.status).toBe(200);
    expect(approved.body.events).toEqual([{ type: 'ChangeApproved', revision: approved.body.revision }]);
    const moved = await api.call('PATCH', at(`/milestones/${milestone.body.id}`), { token: dev.token, body: { dueDate: '2027-06-20', changeId: change.body.id } });
    expect(moved.status).toBe(200);

    const again = await api.call('PATCH', at(`/changes/${change.body.id}`), { token: pm.token, body: { decision: 'reject', reason: 'Changed my mind' } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('change.decided');
    const rebaseline = await api.call('POST', at('/baseline'), { token: pm.token, body: { reason: 'Bilingual scope', changeId: change.body.id } });
    expect(rebaseline.status).toBe(201);

    // The change requests, in the board view as each audience reads it: the client's form has no cost.
    const team = await viewOnceAt(api, dev, at('/views/board'), rebaseline.body.revision);
    expect(team.data.baseline).toEqual({ number: 2, changeId: change.body.id });
    expect(Object.values(team.data.changes)).toEqual([
      {
        changeId: change.body.id,
        title: 'Bilingual site',
        description: 'French as well',
        impact: { scope: 'Every page in French', scheduleDays: 19, costMinor: 450_000 },
        status: 'approved',
        requestedBy: client.id,
        decidedBy: pm.id,
        reason: 'Budget agreed',
        version: 2,
      },
    ]);
    const forClient = await viewOnceAt(api, client, at('/views/board'), rebaseline.body.revision);
    expect(forClient.data.changes[change.body.id].impact).toEqual({ scope: 'Every page in French', scheduleDays: 19 });
    expect(forClient.data.changes[change.body.id].status).toBe('approved');
    expect(JSON.stringify(forClient)).not.toContain('450000');
  });

  it('refuses malformed plan input field by field', async () => {
    const bad = await api.call('POST', at('/tasks'), {
      token: pm.token,
      body: { title: '', startDate: '4 January', estimateHours: 'lots', dependsOn: ['not-a-uuid'], priority: 'high' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['dependsOn', 'estimateHours', 'priority', 'startDate', 'title']);
    const notADay = await api.call('POST', at('/milestones'), { token: pm.token, body: { name: 'X', dueDate: '2027-02-30' } });
    expect(notADay.status).toBe(409);
    expect(notADay.body.code).toBe('plan.invalid-date');
    const cost = await api.call('POST', at('/changes'), { token: pm.token, body: { title: 'X', impact: { scope: 'x', scheduleDays: 1, costMinor: 10.5 } } });
    expect(cost.status).toBe(400);
    const missing = await api.call('PATCH', at('/tasks/00000000-0000-4000-8000-000000000000'), { token: pm.token, body: { title: 'x' } });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('task.not-found');
  });
});
