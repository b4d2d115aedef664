import { createHmac, randomUUID } from 'node:crypto';
import { startApi, person, projectWith, TEST_JWT_SECRET, type RunningApi } from '../support/api';

/** A JWT built by hand, to present what an attacker or a stale client would. */
function jwt(header: object, payload: object, key: string | null): string {
  const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${encode(header)}.${encode(payload)}`;
  const signature = key === null ? '' : createHmac('sha256', key).update(body).digest('base64url');
  return `${body}.${signature}`;
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
}

describe('accounts and sessions (HTTP, embedded store)', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api.close();
  });

  it('signs up, signs in and answers /me; never returns the password or its hash', async () => {
    const email = `ada.${randomUUID()}@example.com`;
    const signup = await api.call('POST', '/api/auth/signup', { body: { email: ` ${email.toUpperCase()} `, password: 'correct horse battery', name: 'Ada' } });
    expect(signup.status).toBe(201);
    expect(signup.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/) });

    const login = await api.call('POST', '/api/auth/login', { body: { email, password: 'correct horse battery' } });
    expect(login.status).toBe(200);
    expect(login.body).toEqual({
      accessToken: expect.any(String),
      expiresIn: 900,
      refreshToken: expect.any(String),
      refreshExpiresAt: expect.any(String),
    });
    expect(claimsOf(login.body.accessToken)).toMatchObject({ sub: signup.body.id, iss: 'client-projects', aud: 'client-projects-api' });

    const me = await api.call('GET', '/api/me', { token: login.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ id: signup.body.id, email, name: 'Ada', projects: 0 });
    expect(JSON.stringify([signup.body, login.body, me.body])).not.toMatch(/argon2|correct horse/);
  });

  it('refuses a second account for the same address, whatever its case', async () => {
    const email = `dup.${randomUUID()}@example.com`;
    expect((await api.call('POST', '/api/auth/signup', { body: { email, password: 'correct horse battery', name: 'A' } })).status).toBe(201);
    const again = await api.call('POST', '/api/auth/signup', { body: { email: email.toUpperCase(), password: 'another password!!', name: 'B' } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ status: 409, code: 'user.email-taken' });
  });

  it('answers a wrong password and an unknown address alike', async () => {
    const ada = await person(api, 'Ada');
    const wrong = await api.call('POST', '/api/auth/login', { body: { email: ada.email, password: 'not the password' } });
    const unknown = await api.call('POST', '/api/auth/login', { body: { email: `nobody.${randomUUID()}@example.com`, password: 'whatever it is' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.detail).toBe('Wrong e-mail address or password');
    expect(unknown.body.detail).toBe(wrong.body.detail);
  });

  describe('access tokens', () => {
    let ada: Awaited<ReturnType<typeof person>>;
    let claims: Record<string, unknown>;

    beforeAll(async () => {
      ada = await person(api, 'Ada');
      claims = claimsOf(ada.token);
    });

    const refused = async (token: string): Promise<void> => {
      const response = await api.call('GET', '/api/me', { token });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    };

    it('accepts the real one', async () => {
      expect((await api.call('GET', '/api/me', { token: ada.token })).status).toBe(200);
    });

    it('refuses an expired token', async () => {
      const now = Math.floor(Date.now() / 1000);
      await refused(jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now - 3600, exp: now - 60 }, TEST_JWT_SECRET));
    });

    it('refuses a token once it expires, though it was accepted before (valid tokens are remembered)', async () => {
      const expiresAt = Math.floor(Date.now() / 1000) + 2;
      const token = jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, exp: expiresAt }, TEST_JWT_SECRET);
      expect((await api.call('GET', '/api/me', { token })).status).toBe(200);
      expect((await api.call('GET', '/api/me', { token })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, expiresAt * 1000 - Date.now() + 50));
      await refused(token);
    });

    it('refuses a tampered token', async () => {
      const [header, , signature] = ada.token.split('.');
      const forged = Buffer.from(JSON.stringify({ ...claims, sub: randomUUID() })).toString('base64url');
      await refused(`${header}.${forged}.${signature}`);
    });

    it('refuses alg: none', async () => {
      await refused(jwt({ alg: 'none', typ: 'JWT' }, claims, null));
    });

    it('refuses a token signed with another key', async () => {
      await refused(jwt({ alg: 'HS256', typ: 'JWT' }, claims, 'another-key-that-is-long-enough-0123456789'));
    });

    it('refuses another algorithm, issuer or audience even with the right key', async () => {
      const body = (alg: string) => jwt({ alg, typ: 'JWT' }, claims, TEST_JWT_SECRET);
      const hs512 = (() => {
        const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
        const head = `${encode({ alg: 'HS512', typ: 'JWT' })}.${encode(claims)}`;
        return `${head}.${createHmac('sha512', TEST_JWT_SECRET).update(head).digest('base64url')}`;
      })();
      await refused(hs512);
      await refused(jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, iss: 'someone-else' }, TEST_JWT_SECRET));
      await refused(jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, aud: 'another-api' }, TEST_JWT_SECRET));
      expect(body('HS256')).toBeDefined();
    });

    it('refuses garbage and a missing token', async () => {
      await refused('not-a-token');
      const none = await api.call('GET', '/api/me');
      expect(none.status).toBe(401);
    });
  });

  it('logout ends the session: the access token and the refresh token stop working at once', async () => {
    const ada = await person(api, 'Ada');
    expect((await api.call('POST', '/api/auth/logout', { token: ada.token })).status).toBe(204);
    expect((await api.call('GET', '/api/me', { token: ada.token })).status).toBe(401);
    expect((await api.call('POST', '/api/auth/refresh', { body: { refreshToken: ada.refreshToken } })).status).toBe(401);
  });

  it('refresh tokens work once; presenting a spent one ends the whole session', async () => {
    const ada = await person(api, 'Ada');
    const first = await api.call('POST', '/api/auth/refresh', { body: { refreshToken: ada.refreshToken } });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(ada.refreshToken);
    expect((await api.call('GET', '/api/me', { token: first.body.accessToken })).status).toBe(200);

    const replay = await api.call('POST', '/api/auth/refresh', { body: { refreshToken: ada.refreshToken } });
    expect(replay.status).toBe(401);
    expect(replay.body.detail).toMatch(/already used/);
    // The thief's replay ended the session for everyone holding it.
    expect((await api.call('GET', '/api/me', { token: first.body.accessToken })).status).toBe(401);
    expect((await api.call('POST', '/api/auth/refresh', { body: { refreshToken: first.body.refreshToken } })).status).toBe(401);
  });

  it('20 simultaneous sign-ups for one address: exactly one account', async () => {
    const email = `race.${randomUUID()}@example.com`;
    const attempts = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api.call('POST', '/api/auth/signup', { body: { email, password: `password number ${i}`, name: `Racer ${i}` } }),
      ),
    );
    const statuses = attempts.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect(new Set(attempts.filter((a) => a.status === 409).map((a) => a.body.code))).toEqual(new Set(['user.email-taken']));
    const winner = attempts.findIndex((a) => a.status === 201);
    const login = await api.call('POST', '/api/auth/login', { body: { email, password: `password number ${winner}` } });
    expect(login.status).toBe(200);
    const me = await api.call('GET', '/api/me', { token: login.body.accessToken });
    expect(me.body).toMatchObject({ id: attempts[winner]!.body.id, name: `Racer ${winner}` });
  });
});

describe('invitations and membership changes (HTTP, embedded store)', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi({ INVITATION_TTL_SECONDS: '2' });
  });

  afterAll(async () => {
    await api.close();
  });

  it('an invitation lets its invitee in once, with the role it names', async () => {
    const pm = await person(api, 'Pat');
    const client = await person(api, 'Cleo');
    const other = await person(api, 'Otto');
    const projectId = await projectWith(api, pm, []);
    const invited = await api.call('POST', `/api/projects/${projectId}/members`, { token: pm.token, body: { email: client.email, role: 'client' } });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ invitationId: expect.any(String), token: expect.any(String), events: [{ type: 'MemberInvited' }] });

    const notForYou = await api.call('POST', `/api/invitations/${invited.body.token}/accept`, { token: other.token });
    expect(notForYou.status).toBe(409);
    expect(notForYou.body.code).toBe('invitation.email-mismatch');

    const accepted = await api.call('POST', `/api/invitations/${invited.body.token}/accept`, { token: client.token });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ projectId, role: 'client', events: [{ type: 'MemberJoined' }] });
    expect((await api.call('GET', `/api/projects/${projectId}`, { token: client.token })).body).toMatchObject({ id: projectId, role: 'client' });

    const reused = await api.call('POST', `/api/invitations/${invited.body.token}/accept`, { token: client.token });
    expect(reused.status).toBe(409);
    expect(reused.body.code).toBe('invitation.used');

    const unknown = await api.call('POST', `/api/invitations/${'x'.repeat(43)}/accept`, { token: client.token });
    expect(unknown.status).toBe(404);
    // The token never comes back in an answer.
    expect(JSON.stringify([notForYou.body, reused.body, unknown.body])).not.toContain(invited.body.token);
    expect(reused.body.instance).toBe('/api/invitations/{token}/accept');
  });

  it('an expired invitation lets nobody in', async () => {
    const pm = await person(api, 'Pat');
    const late = await person(api, 'Lou');
    const projectId = await projectWith(api, pm, []);
    const invited = await api.call('POST', `/api/projects/${projectId}/members`, { token: pm.token, body: { email: late.email, role: 'member' } });
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const accepted = await api.call('POST', `/api/invitations/${invited.body.token}/accept`, { token: late.token });
    expect(accepted.status).toBe(409);
    expect(accepted.body.code).toBe('invitation.expired');
    expect((await api.call('GET', `/api/projects/${projectId}`, { token: late.token })).status).toBe(404);
  });

  it('a role change and a removal take effect on the very next request', async () => {
    const pm = await person(api, 'Pat');
    const cleo = await person(api, 'Cleo');
    const projectId = await projectWith(api, pm, [{ person: cleo, role: 'client' }]);
    const invite = (token: string) =>
      api.call('POST', `/api/projects/${projectId}/members`, { token, body: { email: `guest.${randomUUID()}@example.com`, role: 'member' } });

    expect((await invite(cleo.token)).status).toBe(403);
    const promoted = await api.call('PATCH', `/api/projects/${projectId}/members/${cleo.id}`, { token: pm.token, body: { role: 'manager' } });
    expect(promoted.status).toBe(200);
    expect(promoted.body.events).toEqual([{ type: 'MemberRoleChanged', revision: expect.any(Number) }]);
    expect(promoted.headers.get('etag')).toBe(`"${promoted.body.revision}"`);
    expect((await invite(cleo.token)).status).toBe(201);

    const removed = await api.call('DELETE', `/api/projects/${projectId}/members/${cleo.id}`, { token: pm.token });
    expect(removed.status).toBe(200);
    const after = await api.call('GET', `/api/projects/${projectId}`, { token: cleo.token });
    expect(after.status).toBe(404);
    expect((await invite(cleo.token)).status).toBe(404);
    expect((await api.call('GET', '/api/projects', { token: cleo.token })).body.items).toEqual([]);
  });

  it('a project keeps its last manager', async () => {
    const pm = await person(api, 'Pat');
    const projectId = await projectWith(api, pm, []);
    const demote = await api.call('PATCH', `/api/projects/${projectId}/members/${pm.id}`, { token: pm.token, body: { role: 'member' } });
    expect(demote.status).toBe(409);
    expect(demote.body.code).toBe('member.last-manager');
    const leave = await api.call('DELETE', `/api/projects/${projectId}/members/${pm.id}`, { token: pm.token });
    expect(leave.status).toBe(409);
  });

  it('a stranger gets exactly the answer a missing project gets', async () => {
    const pm = await person(api, 'Pat');
    const stranger = await person(api, 'Sam');
    const projectId = await projectWith(api, pm, []);
    const theirs = await api.call('GET', `/api/projects/${projectId}`, { token: stranger.token });
    const missing = await api.call('GET', `/api/projects/${randomUUID()}`, { token: stranger.token });
    expect(theirs.status).toBe(404);
    const { instance: _a, ...a } = theirs.body;
    const { instance: _b, ...b } = missing.body;
    expect(a).toEqual(b);
    expect((await api.call('GET', '/api/projects', { token: stranger.token })).body.items).toEqual([]);
  });
});
