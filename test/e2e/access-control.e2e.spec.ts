import { randomUUID } from 'node:crypto';
import type { ProjectRole } from '@app/domain';
import { person, projectWith, startApi, type Person, type RunningApi } from '../support/api';

/**
 * Every route the api serves — read from its router, so a new route cannot
 * escape — called by every kind of caller, against the policy of DOMAIN.md.
 * A route that forgets its policy is refused to everyone (closed by default),
 * so it fails here; a route opened by mistake fails here too.
 */
type Policy = 'public' | 'signed-in' | readonly ProjectRole[];

const ANYONE: readonly ProjectRole[] = ['manager', 'member', 'client', 'auditor'];
const MANAGERS: readonly ProjectRole[] = ['manager'];
const EDITORS: readonly ProjectRole[] = ['manager', 'member'];
const TEAM: readonly ProjectRole[] = ['manager', 'member', 'auditor'];

const POLICY: Record<string, Policy> = {
  'GET /health': 'public',
  'GET /metrics': 'public',
  'POST /api/auth/signup': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/refresh': 'public',
  'POST /api/auth/logout': 'signed-in',
  'GET /api/me': 'signed-in',
  'POST /api/me/erasure': 'signed-in',
  'POST /api/projects': 'signed-in',
  'GET /api/projects': 'signed-in',
  'GET /api/portfolio': 'signed-in',
  'GET /api/projects/:projectId': ANYONE,
  'GET /api/projects/:projectId/members': ANYONE,
  'GET /api/projects/:projectId/views/:view': ANYONE,
  'GET /api/projects/:projectId/views/:view/diff': TEAM,
  'GET /api/projects/:projectId/audit/verify': TEAM,
  'GET /api/projects/:projectId/audit/export': TEAM,
  'GET /api/projects/:projectId/audit/events': TEAM,
  'GET /api/projects/:projectId/events': TEAM,
  'POST /api/projects/:projectId/members': MANAGERS,
  'PATCH /api/projects/:projectId/members/:userId': MANAGERS,
  'DELETE /api/projects/:projectId/members/:userId': MANAGERS,
  'POST /api/invitations/:token/accept': 'signed-in',
  'POST /api/projects/:projectId/phases': EDITORS,
  'PATCH /api/projects/:projectId/phases/:phaseId': EDITORS,
  'POST /api/projects/:projectId/milestones': EDITORS,
  'PATCH /api/projects/:projectId/milestones/:milestoneId': EDITORS,
  'POST /api/projects/:projectId/tasks': EDITORS,
  'PATCH /api/projects/:projectId/tasks/:taskId': EDITORS,
  'POST /api/projects/:projectId/changes': ['manager', 'member', 'client'],
  'PATCH /api/projects/:projectId/changes/:changeId': MANAGERS,
  'POST /api/projects/:projectId/baseline': MANAGERS,
  'POST /api/projects/:projectId/risks': EDITORS,
  'PATCH /api/projects/:projectId/risks/:riskId': EDITORS,
  'POST /api/projects/:projectId/decisions': EDITORS,
  'POST /api/projects/:projectId/decisions/:decisionId/options': EDITORS,
  'PATCH /api/projects/:projectId/decisions/:decisionId': MANAGERS,
  'GET /api/projects/:projectId/decisions/:decisionId/history': TEAM,
  'POST /api/projects/:projectId/budget-lines': MANAGERS,
  'PATCH /api/projects/:projectId/budget-lines/:lineId': MANAGERS,
  'POST /api/projects/:projectId/costs': EDITORS,
  'POST /api/projects/:projectId/feedback': ['manager', 'member', 'client'],
  'PATCH /api/projects/:projectId/feedback/:feedbackId': EDITORS,
  'POST /api/projects/:projectId/surveys': ['client'],
  'POST /api/projects/:projectId/quality-standards': EDITORS,
  'POST /api/projects/:projectId/quality-checks': EDITORS,
  'POST /api/projects/:projectId/acceptance': ['client'],
  'POST /api/projects/:projectId/close': MANAGERS,
  'POST /api/projects/:projectId/reopen': MANAGERS,
  'POST /api/projects/:projectId/documents': EDITORS,
  'PATCH /api/projects/:projectId/documents/:documentId': EDITORS,
  'POST /api/projects/:projectId/comments': ['manager', 'member', 'client'],
  'POST /api/projects/:projectId/status-reports': MANAGERS,
  'POST /api/projects/:projectId/evaluations': MANAGERS,
  'POST /api/projects/:projectId/lessons': EDITORS,
};

/** The OpenAPI description and its UI assets are public documentation. */
const isDocumentation = (path: string): boolean => path === '/api/docs' || path.startsWith('/api/docs/') || path.startsWith('/api/docs-');

type Caller = 'anonymous' | 'stranger' | ProjectRole;
const CALLERS: readonly Caller[] = ['anonymous', 'stranger', 'manager', 'member', 'client', 'auditor'];
const PROJECT_NOT_FOUND = 'https://client-projects.dev/problems/project.not-found';

describe('access control, route by route and role by role', () => {
  let api: RunningApi;
  let people: Record<Exclude<Caller, 'anonymous'>, Person>;
  let projectId: string;
  const password = 'correct horse battery staple';

  beforeAll(async () => {
    api = await startApi();
    const [manager, member, client, auditor, stranger] = await Promise.all(
      ['Manager', 'Member', 'Client', 'Auditor', 'Stranger'].map((name) => person(api, name)),
    );
    people = { manager: manager!, member: member!, client: client!, auditor: auditor!, stranger: stranger! };
    projectId = await projectWith(api, people.manager, [
      { person: people.member, role: 'member' },
      { person: people.client, role: 'client' },
      { person: people.auditor, role: 'auditor' },
    ]);
  });

  afterAll(async () => {
    await api.close();
  });

  it('has a policy for every route the api serves', () => {
    const missing = api.routes.filter((route) => !isDocumentation(route.split(' ')[1]!) && POLICY[route] === undefined);
    expect(missing).toEqual([]);
    // And the router's list is whole: every row of the table is a route it serves.
    expect(Object.keys(POLICY).filter((route) => !api.routes.includes(route))).toEqual([]);
  });

  it('allows and denies exactly as the policy says', async () => {
    const login = async (who: Person): Promise<{ token: string; refreshToken: string }> => {
      const response = await api.call('POST', '/api/auth/login', { body: { email: who.email, password } });
      return { token: response.body.accessToken, refreshToken: response.body.refreshToken };
    };
    const requestFor = async (route: string, caller: Caller) => {
      const [method, template] = route.split(' ') as [string, string];
      const path = template
        .replace(':projectId', projectId)
        .replace(':view', 'board')
        .replace(':userId', randomUUID())
        .replace(':milestoneId', randomUUID())
        .replace(':phaseId', randomUUID())
        .replace(':taskId', randomUUID())
        .replace(':changeId', randomUUID())
        .replace(':riskId', randomUUID())
        .replace(':decisionId', randomUUID())
        .replace(':lineId', randomUUID())
        .replace(':feedbackId', randomUUID())
        .replace(':documentId', randomUUID())
        .replace(':token', 'x'.repeat(43));
      let token = caller === 'anonymous' ? undefined : people[caller].token;
      let body: unknown;
      switch (route) {
        case 'POST /api/auth/signup':
          body = { email: `new.${randomUUID()}@example.com`, password, name: 'New' };
          break;
        case 'POST /api/auth/login':
          body = { email: people.member.email, password };
          break;
        case 'POST /api/auth/refresh':
          body = { refreshToken: (await login(people.member)).refreshToken };
          break;
        case 'POST /api/auth/logout':
          // A session of its own, so the caller's main token stays valid for the other routes.
          if (caller !== 'anonymous') token = (await login(people[caller])).token;
          break;
        case 'POST /api/projects':
          body = { name: 'Another project', currency: 'EUR' };
          break;
        case 'POST /api/projects/:projectId/members':
          body = { email: `invitee.${randomUUID()}@example.com`, role: 'member' };
          break;
        case 'PATCH /api/projects/:projectId/members/:userId':
          body = { role: 'member' };
          break;
        case 'POST /api/projects/:projectId/phases':
        case 'PATCH /api/projects/:projectId/phases/:phaseId':
          body = { name: 'Discovery' };
          break;
        case 'POST /api/projects/:projectId/milestones':
          body = { name: 'Sign-off', dueDate: '2027-02-01' };
          break;
        case 'PATCH /api/projects/:projectId/milestones/:milestoneId':
          body = { dueDate: '2027-02-02' };
          break;
        case 'POST /api/projects/:projectId/tasks':
          body = { title: 'Interview stakeholders' };
          break;
        case 'PATCH /api/projects/:projectId/tasks/:taskId':
          body = { title: 'Renamed' };
          break;
        case 'POST /api/projects/:projectId/changes':
          body = { title: 'More pages', impact: { scope: 'Two more pages', scheduleDays: 3, costMinor: 120_000 } };
          break;
        case 'PATCH /api/projects/:projectId/changes/:changeId':
          body = { decision: 'approve', reason: 'Agreed' };
          break;
        case 'POST /api/projects/:projectId/risks':
          body = { title: 'Late content', category: 'client', probability: 3, impact: 3 };
          break;
        case 'PATCH /api/projects/:projectId/risks/:riskId':
          body = { probability: 2, impact: 3, note: 'Better now' };
          break;
        case 'POST /api/projects/:projectId/decisions':
          body = { title: 'Which CMS?', options: [{ title: 'Headless' }] };
          break;
        case 'POST /api/projects/:projectId/decisions/:decisionId/options':
          body = { title: 'Static site' };
          break;
        case 'PATCH /api/projects/:projectId/decisions/:decisionId':
          body = { chosenOptionId: randomUUID(), rationale: 'Because' };
          break;
        case 'POST /api/projects/:projectId/budget-lines':
          body = { category: 'labour', name: 'Design', amount: { amountMinor: 100_000, currency: 'EUR' } };
          break;
        case 'PATCH /api/projects/:projectId/budget-lines/:lineId':
          body = { amount: { amountMinor: 120_000, currency: 'EUR' }, reason: 'More work' };
          break;
        case 'POST /api/projects/:projectId/costs':
          body = { lineId: randomUUID(), amount: { amountMinor: 5_000, currency: 'EUR' }, description: 'Fonts', incurredOn: '2027-01-08' };
          break;
        case 'POST /api/projects/:projectId/feedback':
          body = { kind: 'question', subject: 'When is the demo?' };
          break;
        case 'PATCH /api/projects/:projectId/feedback/:feedbackId':
          body = { response: 'Friday' };
          break;
        case 'POST /api/projects/:projectId/surveys':
          body = { csat: 4, nps: 8 };
          break;
        case 'POST /api/projects/:projectId/quality-standards':
          body = { deliverable: 'Website', dimension: 'performance', criterion: 'Load', threshold: 'p95 ≤ 2 s' };
          break;
        case 'POST /api/projects/:projectId/quality-checks':
          body = { standardId: randomUUID(), result: 'pass' };
          break;
        case 'POST /api/projects/:projectId/acceptance':
          body = { decision: 'refuse', note: 'Not yet' };
          break;
        case 'POST /api/projects/:projectId/close':
          // The router serves close, then reopen, after every other route: the manager closes and reopens it.
          body = { note: 'Done' };
          break;
        case 'POST /api/projects/:projectId/reopen':
          body = { reason: 'Warranty' };
          break;
        case 'POST /api/projects/:projectId/documents':
          body = { kind: 'minutes', title: 'Kickoff minutes', location: 'https://files.example/minutes.pdf' };
          break;
        case 'PATCH /api/projects/:projectId/documents/:documentId':
          body = { location: 'https://files.example/v2.pdf', summary: 'Typos' };
          break;
        case 'POST /api/projects/:projectId/comments':
          body = { on: { kind: 'project', id: projectId }, body: 'Looks good' };
          break;
        case 'POST /api/projects/:projectId/status-reports':
          body = { period: 'Week 1', summary: 'On track' };
          break;
        case 'POST /api/projects/:projectId/evaluations':
          body = { schedule: 4, cost: 4, quality: 4, satisfaction: 4 };
          break;
        case 'POST /api/projects/:projectId/lessons':
          body = { title: 'Start early', lesson: 'Content first' };
          break;
        case 'POST /api/projects/:projectId/baseline':
          body = { reason: 'Kickoff' };
          break;
        default:
          body = undefined;
      }
      return api.call(method, path, { token, body });
    };

    const mismatches: string[] = [];
    for (const route of api.routes) {
      const path = route.split(' ')[1]!;
      if (isDocumentation(path)) continue;
      const policy = POLICY[route]!;
      for (const caller of CALLERS) {
        const response = await requestFor(route, caller);
        const denied =
          response.status === 401 ||
          response.status === 403 ||
          (response.status === 404 && response.body?.type === PROJECT_NOT_FOUND);
        let expected: 'allowed' | 401 | 403 | 404;
        if (policy === 'public') expected = 'allowed';
        else if (caller === 'anonymous') expected = 401;
        else if (policy === 'signed-in') expected = 'allowed';
        else if (caller === 'stranger') expected = 404;
        else expected = policy.includes(caller) ? 'allowed' : 403;

        const ok = expected === 'allowed' ? !denied && response.status < 500 : response.status === expected && denied;
        if (!ok) mismatches.push(`${route} as ${caller}: expected ${expected}, got ${response.status} ${JSON.stringify(response.body)?.slice(0, 160)}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 120_000);

  it('refuses every write to an auditor, whatever the route', async () => {
    const writes = api.routes.filter((route) => !route.startsWith('GET ') && route.includes(':projectId'));
    expect(writes.length).toBeGreaterThan(0);
    for (const route of writes) {
      expect(POLICY[route]).not.toContain('auditor');
    }
  });
});
