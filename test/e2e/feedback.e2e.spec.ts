import { person, projectWith, startApi, type Person, type RunningApi } from '../support/api';

/** Client feedback and satisfaction over HTTP, on the embedded store. */
describe('feedback and satisfaction (HTTP, embedded store)', () => {
  let api: RunningApi;
  let pm: Person;
  let client: Person;
  let projectId: string;
  const at = (path: string): string => `/api/projects/${projectId}${path}`;

  beforeAll(async () => {
    api = await startApi();
    [pm, client] = await Promise.all([person(api, 'Pat'), person(api, 'Cleo')]);
    projectId = await projectWith(api, pm, [{ person: client, role: 'client' }]);
  });

  afterAll(async () => {
    await api.close();
  });

  it('the client raises an issue, the team answers and resolves it, the client rates the service', async () => {
    const raised = await api.call('POST', at('/feedback'), { token: client.token, body: { kind: 'issue', subject: 'Logo looks blurry', body: 'On retina screens' } });
    expect(raised.status).toBe(201);
    expect((await api.call('PATCH', at(`/feedback/${raised.body.id}`), { token: client.token, body: { response: 'Me again' } })).status).toBe(403);
    const early = await api.call('PATCH', at(`/feedback/${raised.body.id}`), { token: pm.token, body: { resolution: 'Fixed' } });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('feedback.unanswered');
    const both = await api.call('PATCH', at(`/feedback/${raised.body.id}`), { token: pm.token, body: { response: 'SVG logo today', resolution: 'SVG logo live' } });
    expect(both.status).toBe(200);
    expect(both.body.events.map((e: { type: string }) => e.type)).toEqual(['FeedbackResponded', 'FeedbackResolved']);

    const survey = await api.call('POST', at('/surveys'), { token: client.token, body: { csat: 5, nps: 9, comment: 'Quick fix' } });
    expect(survey.status).toBe(201);
    expect((await api.call('POST', at('/surveys'), { token: pm.token, body: { csat: 5, nps: 10 } })).status).toBe(403);
    const bad = await api.call('POST', at('/surveys'), { token: client.token, body: { csat: 0, nps: 11 } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['csat', 'nps']);
  });
});
