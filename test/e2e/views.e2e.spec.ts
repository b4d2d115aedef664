import { applyPatch } from 'fast-json-patch';
import { startApi, teamProject, viewOnceAt, type Person, type RunningApi } from '../support/api';

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

  /** The view once it shows at least `revision`. */
  const viewAt = (view: string, person: Person, revision: number, of: (path: string) => string = at) => viewOnceAt(api, person, of(`/views/${view}`), revision);

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

  it('shows the team the budget with every cost entry and earned value, and the client only budget-level totals', async () => {
    // A project of its own, so the figures are this test's alone.
    const own = await teamProject(api);
    const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });
    const line = await api.call('POST', own.at('/budget-lines'), { token: own.pm.token, body: { category: 'labour', name: 'Internal design line', amount: eur(1_000_000) } });
    // Planned to be over long ago: all of it is planned value by now.
    const task = await api.call('POST', own.at('/tasks'), { token: own.dev.token, body: { title: 'Design', estimateHours: 10, startDate: '2020-01-01', dueDate: '2020-01-10' } });
    expect([line.status, task.status]).toEqual([201, 201]);
    expect((await api.call('PATCH', own.at(`/tasks/${task.body.id}`), { token: own.dev.token, body: { percentDone: 50 } })).status).toBe(200);
    const cost = await api.call('POST', own.at('/costs'), { token: own.dev.token, body: { lineId: line.body.id, amount: eur(300_000), description: 'Designer at 95/h', incurredOn: '2027-01-08' } });
    const correction = await api.call('POST', own.at('/costs'), { token: own.dev.token, body: { corrects: cost.body.id, amount: eur(-50_000), reason: 'Invoice lower', incurredOn: '2027-01-10' } });
    expect([cost.status, correction.status]).toEqual([201, 201]);

    const team = await viewAt('budget', own.pm, correction.body.revision, own.at);
    expect(team.data.currency).toBe('EUR');
    expect(team.data.costs[correction.body.id]).toMatchObject({ correctsCostId: cost.body.id, amountMinor: -50_000, reason: 'Invoice lower' });
    expect(team.data.figures.earnedValue).toMatchObject({ bacMinor: 1_000_000, pvMinor: 1_000_000, evMinor: 500_000, acMinor: 250_000, cpi: 2, spi: 0.5, eacMinor: 500_000 });
    expect(team.data.figures.correctedChains).toEqual([{ costId: cost.body.id, entries: [cost.body.id, correction.body.id], netAmountMinor: 250_000 }]);

    const seen = await viewAt('budget', own.client, correction.body.revision, own.at);
    expect(seen.data.costs).toBeUndefined();
    expect(seen.data.lines).toBeUndefined();
    expect(seen.data.totals).toEqual({ budgetMinor: 1_000_000, actualMinor: 250_000 });
    expect(seen.data.figures.earnedValue).toEqual(team.data.figures.earnedValue);
    const text = JSON.stringify(seen.data);
    for (const hidden of [cost.body.id, correction.body.id, 'Designer at 95/h', 'Invoice lower', 'Internal design line', own.dev.id]) expect(text).not.toContain(hidden);
  });

  it('shows feedback with its response times and satisfaction to the team and to the client alike', async () => {
    const raised = await api.call('POST', at('/feedback'), { token: client.token, body: { kind: 'question', subject: 'When is the beta?', body: 'We need a date' } });
    const answered = await api.call('PATCH', at(`/feedback/${raised.body.id}`), { token: pm.token, body: { response: 'On 1 February' } });
    const survey = await api.call('POST', at('/surveys'), { token: client.token, body: { csat: 4, nps: 9, comment: 'Clear answers' } });
    expect([raised.status, answered.status, survey.status]).toEqual([201, 200, 201]);

    const team = await viewAt('feedback', pm, survey.body.revision);
    expect(team.data.items[raised.body.id]).toMatchObject({ kind: 'question', status: 'answered', responses: [{ response: 'On 1 February', respondedBy: pm.id }] });
    expect(team.data.figures).toMatchObject({ items: 1, answered: 1, withinTargetShare: 1, surveys: 1, csatAverage: 4, nps: 100 });
    expect(team.data.figures.averageResponseHours).toBeLessThan(1);

    const seen = await viewAt('feedback', client, survey.body.revision);
    expect(seen.data.items[raised.body.id]).toMatchObject({ subject: 'When is the beta?', status: 'answered' });
    expect(seen.data.surveys[survey.body.id]).toMatchObject({ csat: 4, nps: 9, comment: 'Clear answers' });
    expect(seen.data.figures).toEqual(team.data.figures);
  });

  it('shows quality standards and checks with the pass rate, without the team’s notes for the client', async () => {
    const standard = await api.call('POST', at('/quality-standards'), { token: dev.token, body: { deliverable: 'Website', dimension: 'performance', criterion: 'Home page load', threshold: 'p95 ≤ 2 s' } });
    const failed = await api.call('POST', at('/quality-checks'), { token: dev.token, body: { standardId: standard.body.id, result: 'fail', measured: 'p95 3.1 s', note: 'CDN misconfigured by us' } });
    const passed = await api.call('POST', at('/quality-checks'), { token: dev.token, body: { standardId: standard.body.id, result: 'pass', measured: 'p95 1.6 s' } });
    expect([standard.status, failed.status, passed.status]).toEqual([201, 201, 201]);

    const team = await viewAt('quality', pm, passed.body.revision);
    expect(team.data.standards[standard.body.id]).toMatchObject({ status: 'pass', checks: [{ result: 'fail', note: 'CDN misconfigured by us' }, { result: 'pass' }] });
    expect(team.data.figures).toMatchObject({ standards: 1, passing: 1, passRate: 1, checkPassRate: 0.5, openStandards: [] });

    const seen = await viewAt('quality', client, passed.body.revision);
    expect(seen.data.standards[standard.body.id].checks.map((c: { measured: string }) => c.measured)).toEqual(['p95 3.1 s', 'p95 1.6 s']);
    expect(seen.data.figures).toEqual(team.data.figures);
    expect(JSON.stringify(seen.data)).not.toContain('CDN misconfigured');
    expect(JSON.stringify(seen.data)).not.toContain(dev.id);
  });

  it('shows the team every document with its versions, and the client only those shared with it', async () => {
    const rates = await api.call('POST', at('/documents'), { token: dev.token, body: { kind: 'contract', title: 'Internal rate card', location: 'https://files.example/rates.pdf' } });
    const plan = await api.call('POST', at('/documents'), { token: dev.token, body: { kind: 'plan', title: 'Project plan', location: 'https://files.example/plan-v1.pdf', sharedWithClient: true } });
    const v2 = await api.call('PATCH', at(`/documents/${plan.body.id}`), { token: dev.token, body: { location: 'https://files.example/plan-v2.pdf', summary: 'Dates agreed' } });
    expect([rates.status, plan.status, v2.status]).toEqual([201, 201, 200]);

    const team = await viewAt('documents', pm, v2.body.revision);
    expect(team.data.documents[rates.body.id]).toMatchObject({ title: 'Internal rate card', sharedWithClient: false, version: 1 });
    expect(team.data.documents[plan.body.id]).toMatchObject({ version: 2, location: 'https://files.example/plan-v2.pdf' });
    expect(team.data.figures).toMatchObject({ documents: 2, sharedWithClient: 1, versions: 3 });

    const seen = await viewAt('documents', client, v2.body.revision);
    expect(Object.keys(seen.data.documents)).toEqual([plan.body.id]);
    expect(seen.data.documents[plan.body.id].versions.map((v: { summary: string | null }) => v.summary)).toEqual([null, 'Dates agreed']);
    expect(seen.data.figures).toEqual({ documents: 1, sharedWithClient: 1, versions: 2, byKind: { plan: [plan.body.id] } });
    expect(JSON.stringify(seen.data)).not.toContain('rate card');
    expect(JSON.stringify(seen.data)).not.toContain(rates.body.id);

    // Sharing it later shows it; withdrawing it hides it again.
    const shared = await api.call('PATCH', at(`/documents/${rates.body.id}`), { token: pm.token, body: { sharedWithClient: true } });
    expect(Object.keys((await viewAt('documents', client, shared.body.revision)).data.documents).sort()).toEqual([plan.body.id, rates.body.id].sort());
    const withdrawn = await api.call('PATCH', at(`/documents/${rates.body.id}`), { token: pm.token, body: { sharedWithClient: false } });
    expect(JSON.stringify((await viewAt('documents', client, withdrawn.body.revision)).data)).not.toContain(rates.body.id);
  });

  it('tells the team every event as a sentence with who did it, and the client only the entries about what a client may see', async () => {
    const own = await teamProject(api);
    const added = await api.call('POST', own.at('/tasks'), { token: own.dev.token, body: { title: 'Design the home page', description: 'Use the internal template', estimateHours: 12 } });
    const done = await api.call('PATCH', own.at(`/tasks/${added.body.id}`), { token: own.dev.token, body: { status: 'done' } });
    const risk = await api.call('POST', own.at('/risks'), { token: own.pm.token, body: { title: 'Team overloaded', category: 'resource', probability: 5, impact: 5, internalOnly: true } });
    const line = await api.call('POST', own.at('/budget-lines'), { token: own.pm.token, body: { category: 'labour', name: 'Internal design line', amount: { amountMinor: 100_000, currency: 'EUR' } } });
    const comment = await api.call('POST', own.at('/comments'), { token: own.client.token, body: { on: { kind: 'task', id: added.body.id }, body: 'Lovely work' } });
    expect([added.status, done.status, risk.status, line.status, comment.status]).toEqual([201, 200, 201, 201, 201]);

    const team = await viewAt('activity', own.pm, comment.body.revision, own.at);
    const entry = (revision: number) => team.data.entries[String(revision)];
    expect(entry(done.body.revision)).toEqual({
      revision: done.body.revision,
      at: expect.any(String),
      type: 'TaskStatusChanged',
      actorId: own.dev.id,
      actorRole: 'member',
      about: { kind: 'task', id: added.body.id },
      text: 'Task “Design the home page” moved to done',
      internalOnly: false,
    });
    expect(entry(risk.body.revision)).toMatchObject({ actorId: own.pm.id, actorRole: 'manager', text: 'Risk “Team overloaded” identified (probability 5, impact 5)', internalOnly: true });
    expect(entry(line.body.revision)).toMatchObject({ text: 'Budget line “Internal design line” added (labour)', internalOnly: true });
    expect(entry(comment.body.revision)).toMatchObject({ actorId: own.client.id, actorRole: 'client', text: 'Comment on task “Design the home page”' });
    expect(team.data.figures.entries).toBe(Object.keys(team.data.entries).length);

    const seen = await viewAt('activity', own.client, comment.body.revision, own.at);
    expect(seen.revision).toBe(team.revision);
    expect(seen.data.entries[String(done.body.revision)]).toEqual({
      revision: done.body.revision,
      at: entry(done.body.revision).at,
      type: 'TaskStatusChanged',
      actorRole: 'member',
      about: { kind: 'task', id: added.body.id },
      text: 'Task “Design the home page” moved to done',
    });
    expect(seen.data.entries[String(comment.body.revision)]).toMatchObject({ actorRole: 'client', text: 'Comment on task “Design the home page”' });
    expect(seen.data.entries[String(risk.body.revision)]).toBeUndefined();
    expect(seen.data.entries[String(line.body.revision)]).toBeUndefined();
    expect(seen.data.figures.entries).toBe(Object.keys(seen.data.entries).length);
    const text = JSON.stringify(seen.data);
    for (const hidden of ['Team overloaded', 'Internal design line', 'internal template', 'Lovely work', 'actorId', 'invited']) expect(text).not.toContain(hidden);
  });

  it('drafts the status report from live data for the team, and for the client without internal-only risks or cost detail', async () => {
    const own = await teamProject(api);
    const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });
    const beta = await api.call('POST', own.at('/milestones'), { token: own.pm.token, body: { name: 'Beta', dueDate: day(-3) } });
    const launch = await api.call('POST', own.at('/milestones'), { token: own.pm.token, body: { name: 'Launch', dueDate: day(30) } });
    const reached = await api.call('PATCH', own.at(`/milestones/${beta.body.id}`), { token: own.pm.token, body: { reachedOn: day(-1) } });
    const copy = await api.call('POST', own.at('/tasks'), { token: own.dev.token, body: { title: 'Write the copy', description: 'Use the internal tone guide', assigneeId: own.dev.id, estimateHours: 8, dueDate: day(5) } });
    const old = await api.call('POST', own.at('/tasks'), { token: own.dev.token, body: { title: 'Collect the logos', estimateHours: 2, dueDate: day(-2) } });
    const far = await api.call('POST', own.at('/tasks'), { token: own.dev.token, body: { title: 'Train the editors', estimateHours: 6, dueDate: day(40) } });
    const shared = await api.call('POST', own.at('/risks'), { token: own.pm.token, body: { title: 'Content late', category: 'client', probability: 3, impact: 4, mitigation: 'Weekly content check' } });
    const internal = await api.call('POST', own.at('/risks'), { token: own.pm.token, body: { title: 'Team overloaded', category: 'resource', probability: 5, impact: 5, internalOnly: true } });
    const line = await api.call('POST', own.at('/budget-lines'), { token: own.pm.token, body: { category: 'labour', name: 'Internal design line', amount: eur(1_000_000) } });
    const cost = await api.call('POST', own.at('/costs'), { token: own.dev.token, body: { lineId: line.body.id, amount: eur(250_000), description: 'Designer at 95/h', incurredOn: day(-1) } });
    const question = await api.call('POST', own.at('/feedback'), { token: own.client.token, body: { kind: 'question', subject: 'When is the beta?', body: 'We need a date' } });
    const published = await api.call('POST', own.at('/status-reports'), { token: own.pm.token, body: { period: 'Week 1', summary: 'On track', nextSteps: 'Copy and logos' } });
    expect([beta, launch, reached, copy, old, far, shared, internal, line, cost, question, published].map((answer) => answer.status)).toEqual([201, 201, 200, 201, 201, 201, 201, 201, 201, 201, 201, 201]);

    const team = await viewAt('report', own.pm, published.body.revision, own.at);
    const figures = team.data.figures;
    expect(figures.asOf).toBe(day(0));
    expect(figures.progress).toMatchObject({ percent: 0, tasks: 3, done: 0 });
    expect(figures.milestones).toEqual([
      { milestoneId: beta.body.id, name: 'Beta', dueDate: day(-3), baselineDueDate: null, reachedOn: day(-1), status: 'reached', onTime: false },
      { milestoneId: launch.body.id, name: 'Launch', dueDate: day(30), baselineDueDate: null, reachedOn: null, status: 'on-time', onTime: true },
    ]);
    expect(figures.onTimeMilestoneRate).toBe(0);
    expect(figures.topRisks.map((risk: { title: string; exposure: number }) => [risk.title, risk.exposure])).toEqual([['Team overloaded', 25], ['Content late', 12]]);
    expect(figures.riskExposure).toBe(37);
    expect(figures.budget).toMatchObject({ currency: 'EUR', budgetMinor: 1_000_000, actualMinor: 250_000, burnPercent: 25 });
    expect(figures.openFeedback).toMatchObject({ count: 1, overdue: 0, items: [{ feedbackId: question.body.id, subject: 'When is the beta?', answered: false }] });
    expect(figures.nextSteps).toEqual([{ taskId: copy.body.id, title: 'Write the copy', dueDate: day(5), status: 'todo', percentDone: 0 }]);
    expect(figures.overdueTasks.map((task: { title: string }) => task.title)).toEqual(['Collect the logos']);
    expect(team.data.lastReport).toMatchObject({ reportId: published.body.id, period: 'Week 1', summary: 'On track', nextSteps: 'Copy and logos', by: own.pm.id, revision: published.body.revision });

    const seen = await viewAt('report', own.client, published.body.revision, own.at);
    expect(seen.data.figures.topRisks).toEqual([{ riskId: shared.body.id, title: 'Content late', category: 'client', probability: 3, impact: 4, exposure: 12, status: 'open', mitigation: 'Weekly content check' }]);
    expect(seen.data.figures.riskExposure).toBe(12);
    expect(seen.data.figures.budget).toEqual(figures.budget);
    expect(seen.data.figures.nextSteps).toEqual(figures.nextSteps);
    expect(seen.data.figures.milestones).toEqual(figures.milestones);
    expect(seen.data.totals).toEqual({ budgetMinor: 1_000_000, actualMinor: 250_000 });
    expect(seen.data.lastReport).toEqual({ reportId: published.body.id, period: 'Week 1', summary: 'On track', nextSteps: 'Copy and logos', publishedAt: team.data.lastReport.publishedAt, revision: published.body.revision });
    const text = JSON.stringify(seen.data);
    for (const hidden of ['Team overloaded', internal.body.id, 'Internal design line', 'Designer at 95/h', cost.body.id, 'internal tone guide', own.dev.id, own.pm.id]) expect(text).not.toContain(hidden);
  });

  it('shows the team any earlier state of a view, by revision or by instant, folded from the log', async () => {
    const added = await api.call('POST', at('/tasks'), { token: pm.token, body: { title: 'Write the copy', estimateHours: 4 } });
    const before = added.body.revision as number;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const between = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const renamed = await api.call('PATCH', at(`/tasks/${added.body.id}`), { token: pm.token, body: { title: 'Write the final copy' } });
    expect(renamed.status).toBe(200);

    const then = await api.call('GET', at(`/views/board?at=${before}`), { token: dev.token });
    expect(then.status).toBe(200);
    expect(then.body.revision).toBe(before);
    expect(then.body.data.tasks[added.body.id]).toMatchObject({ title: 'Write the copy', version: 1 });

    const asOf = await api.call('GET', at(`/views/board?asOf=${encodeURIComponent(between)}`), { token: pm.token });
    expect(asOf.status).toBe(200);
    expect(asOf.body).toEqual(then.body); // the last event at or before the instant is the task's creation

    const now = await viewAt('board', pm, renamed.body.revision);
    const latest = await api.call('GET', at(`/views/board?at=${renamed.body.revision}`), { token: pm.token });
    expect(latest.body).toEqual(now);
  });

  it('refuses time travel to a client, a revision not reached, both at once, and values that are not a revision or an instant', async () => {
    const client403 = await api.call('GET', at('/views/board?at=0'), { token: client.token });
    expect(client403.status).toBe(403);
    const ahead = await api.call('GET', at('/views/board?at=100000'), { token: pm.token });
    expect(ahead.status).toBe(404);
    expect(ahead.body.type).toBe('https://client-projects.dev/problems/revision.not-found');
    const both = await api.call('GET', at(`/views/board?at=1&asOf=${encodeURIComponent(new Date().toISOString())}`), { token: pm.token });
    expect(both.status).toBe(400);
    for (const bad of ['at=-1', 'at=two', 'at=1.5', 'asOf=yesterday', 'asOf=2027-13-45T00:00:00Z', 'when=now']) {
      const answer = await api.call('GET', at(`/views/board?${bad}`), { token: pm.token });
      expect({ bad, status: answer.status, type: answer.headers.get('content-type') }).toEqual({ bad, status: 400, type: expect.stringContaining('application/problem+json') });
    }
  });

  it('answers what changed in a view between two revisions as a JSON Patch: applied to the one, it gives the other, either way', async () => {
    const own = await teamProject(api);
    const first = await api.call('POST', own.at('/tasks'), { token: own.dev.token, body: { title: 'Draft the sitemap', estimateHours: 6 } });
    const second = await api.call('POST', own.at('/tasks'), { token: own.dev.token, body: { title: 'Write the copy', estimateHours: 4 } });
    const done = await api.call('PATCH', own.at(`/tasks/${first.body.id}`), { token: own.dev.token, body: { status: 'done', title: 'Draft the final sitemap' } });
    expect([first.status, second.status, done.status]).toEqual([201, 201, 200]);
    const from = first.body.revision as number;
    const to = done.body.revision as number;

    const diff = await api.call('GET', own.at(`/views/board/diff?from=${from}&to=${to}`), { token: own.pm.token });
    expect(diff.status).toBe(200);
    expect(diff.body).toMatchObject({ view: 'board', from, to });
    expect(diff.body.ops).toEqual(expect.arrayContaining([expect.objectContaining({ op: 'add', path: `/tasks/${second.body.id}` })]));
    const then = await api.call('GET', own.at(`/views/board?at=${from}`), { token: own.pm.token });
    const now = await api.call('GET', own.at(`/views/board?at=${to}`), { token: own.dev.token });
    expect(applyPatch(structuredClone(then.body.data), diff.body.ops).newDocument).toEqual(now.body.data);

    const back = await api.call('GET', own.at(`/views/board/diff?from=${to}&to=${from}`), { token: own.dev.token });
    expect(back.status).toBe(200);
    expect(applyPatch(structuredClone(now.body.data), back.body.ops).newDocument).toEqual(then.body.data);
    const none = await api.call('GET', own.at(`/views/activity/diff?from=${to}&to=${to}`), { token: own.dev.token });
    expect(none.body).toEqual({ view: 'activity', from: to, to, ops: [] });
  });

  it('refuses a diff to a client, without both revisions, with a revision not reached or not a revision, and of a view that does not exist', async () => {
    const refused = await api.call('GET', at('/views/board/diff?from=0&to=1'), { token: client.token });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    for (const query of ['', '?from=0', '?to=1', '?from=-1&to=1', '?from=0&to=two', '?from=0&to=1.5', '?from=0&to=1&at=1']) {
      const answer = await api.call('GET', at(`/views/board/diff${query}`), { token: pm.token });
      expect({ query, status: answer.status, type: answer.headers.get('content-type') }).toEqual({ query, status: 400, type: expect.stringContaining('application/problem+json') });
    }
    for (const query of ['?from=0&to=100000', '?from=100000&to=0']) {
      const ahead = await api.call('GET', at(`/views/board/diff${query}`), { token: pm.token });
      expect(ahead.status).toBe(404);
      expect(ahead.body).toMatchObject({ type: 'https://client-projects.dev/problems/revision.not-found', detail: expect.stringContaining('no revision 100000') });
    }
    const unknown = await api.call('GET', at('/views/gantt/diff?from=0&to=1'), { token: pm.token });
    expect(unknown.status).toBe(404);
    expect(unknown.body.type).toBe('https://client-projects.dev/problems/view.not-found');
  });

  it('answers 404 with a problem for a view that does not exist', async () => {
    const answer = await api.call('GET', at('/views/gantt'), { token: pm.token });
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ type: 'https://client-projects.dev/problems/view.not-found', status: 404 });
    expect(answer.body.detail).toContain('board');
  });
});
