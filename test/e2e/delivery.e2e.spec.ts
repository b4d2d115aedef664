import { startApi, teamProject, type Person, type RunningApi } from '../support/api';
import { eventually } from '../support/ts-child';

/** Quality, acceptance and closure over HTTP, on the embedded store. */
describe('quality, acceptance and closure (HTTP, embedded store)', () => {
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

  it('the client accepts only once every standard passed or was waived; then the project closes read-only', async () => {
    const speed = await api.call('POST', at('/quality-standards'), { token: dev.token, body: { deliverable: 'Website', dimension: 'performance', criterion: 'Home page load', threshold: 'p95 ≤ 2 s' } });
    const a11y = await api.call('POST', at('/quality-standards'), { token: dev.token, body: { deliverable: 'Website', dimension: 'usability', criterion: 'Accessibility', threshold: 'WCAG 2.2 AA' } });
    expect(speed.status).toBe(201);
    await api.call('POST', at('/quality-checks'), { token: dev.token, body: { standardId: speed.body.id, result: 'pass', measured: 'p95 1.4 s' } });

    const early = await api.call('POST', at('/acceptance'), { token: client.token, body: { decision: 'accept', note: 'Looks good' } });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'acceptance.quality-open', standards: [a11y.body.id] });

    expect((await api.call('POST', at('/quality-checks'), { token: dev.token, body: { standardId: a11y.body.id, result: 'waived', note: 'x' } })).status).toBe(403);
    const waived = await api.call('POST', at('/quality-checks'), { token: pm.token, body: { standardId: a11y.body.id, result: 'waived', note: 'Client agreed to audit after launch' } });
    expect(waived.status).toBe(201);

    expect((await api.call('POST', at('/acceptance'), { token: pm.token, body: { decision: 'accept' } })).status).toBe(403);
    const accepted = await api.call('POST', at('/acceptance'), { token: client.token, body: { decision: 'accept', note: 'Signed off' } });
    expect(accepted.status).toBe(200);
    expect(accepted.body.events).toEqual([{ type: 'DeliveryAccepted', revision: accepted.body.revision }]);
    // The quality view says where acceptance stands, to the team and to the client alike.
    const acceptanceAt = (reader: Person, revision: number) =>
      eventually(async () => {
        const quality = await api.call('GET', at('/views/quality'), { token: reader.token });
        return quality.body.revision >= revision && quality.body.data.acceptance;
      });
    for (const reader of [pm, client]) {
      expect(await acceptanceAt(reader, accepted.body.revision)).toEqual({
        status: 'accepted',
        answers: [{ decision: 'accepted', by: client.id, comment: 'Signed off', revision: accepted.body.revision, at: expect.any(String) }],
        closed: false,
      });
    }

    const closed = await api.call('POST', at('/close'), { token: pm.token, body: { note: 'Delivered and accepted' } });
    expect(closed.status).toBe(200);
    expect(await acceptanceAt(client, closed.body.revision)).toMatchObject({ status: 'accepted', closed: true });
    const afterwards = await api.call('POST', at('/tasks'), { token: dev.token, body: { title: 'One more thing' } });
    expect(afterwards.status).toBe(409);
    expect(afterwards.body.code).toBe('project.closed');
    expect((await api.call('GET', at(''), { token: client.token })).status).toBe(200);

    expect((await api.call('POST', at('/reopen'), { token: dev.token, body: { reason: 'x' } })).status).toBe(403);
    expect((await api.call('POST', at('/reopen'), { token: pm.token, body: { reason: 'Warranty fix' } })).status).toBe(200);
    expect((await api.call('POST', at('/tasks'), { token: dev.token, body: { title: 'Warranty fix' } })).status).toBe(201);
  });

  it('once accepted, the delivery cannot be refused', async () => {
    const refused = await api.call('POST', at('/acceptance'), { token: client.token, body: { decision: 'refuse' } });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('acceptance.given');
  });
});
