import { gzipSync } from 'node:zlib';
import { person, startApi, type Person, type RunningApi } from '../support/api';

/** What a careless or hostile client can send, and what it gets back. */
describe('the HTTP boundary', () => {
  let api: RunningApi;
  let ada: Person;

  beforeAll(async () => {
    api = await startApi({ BODY_LIMIT_BYTES: '8192', CORS_ORIGINS: 'https://app.example.com' });
    ada = await person(api, 'Ada');
  });

  afterAll(async () => {
    await api.close();
  });

  const createProject = (body: unknown) => api.call('POST', '/api/projects', { token: ada.token, body });

  it('answers an oversized body with 413 and writes nothing', async () => {
    const response = await createProject({ name: 'x'.repeat(10_000), currency: 'EUR' });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 413, title: 'Content Too Large' });
    expect((await api.call('GET', '/api/projects', { token: ada.token })).body.items).toEqual([]);
  });

  it('refuses unknown fields, naming them', async () => {
    const response = await createProject({ name: 'Relaunch', currency: 'EUR', owner: 'someone-else', isAdmin: true });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'owner', messages: ['owner is not a known field'] },
        { field: 'isAdmin', messages: ['isAdmin is not a known field'] },
      ]),
    );
  });

  it('refuses wrong types and out-of-range values, field by field', async () => {
    const response = await createProject({ name: ['not', 'a', 'string'], currency: 42 });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['currency', 'name']);
    const tooLong = await createProject({ name: 'x'.repeat(201), currency: 'EUR' });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0].field).toBe('name');
    const badRole = await api.call('POST', '/api/auth/signup', { body: { email: 'not-an-address', password: 'short', name: '' } });
    expect(badRole.status).toBe(400);
    expect(badRole.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'name', 'password']);
  });

  it.each([
    ['__proto__ at the top', '{"name":"P","currency":"EUR","__proto__":{"polluted":true}}'],
    ['constructor.prototype', '{"name":"P","currency":"EUR","constructor":{"prototype":{"polluted":true}}}'],
    ['__proto__ nested deep', '{"name":"P","currency":"EUR","meta":{"a":[{"__proto__":{"polluted":true}}]}}'],
    ['__proto__ spelled with \\u escapes', '{"name":"P","currency":"EUR","\\u005f\\u005fproto\\u005f\\u005f":{"polluted":true}}'],
    ['constructor spelled with a \\u escape', '{"name":"P","currency":"EUR","\\u0063onstructor":{"polluted":true}}'],
  ])('refuses %s without touching any prototype', async (_, raw) => {
    const response = await createProject(raw);
    expect(response.status).toBe(400);
    expect(response.body.type).toBe('https://client-projects.dev/problems/forbidden-key');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers malformed JSON with a problem, not a stack', async () => {
    const response = await createProject('{"name": "P", "currency": ');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ type: 'https://client-projects.dev/problems/malformed-json', status: 400 });
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.js|SyntaxError|node_modules/);
  });

  it('refuses a non-UUID id in a path', async () => {
    const response = await api.call('GET', '/api/projects/not-a-uuid', { token: ada.token });
    expect(response.status).toBe(404);
  });

  it('sends security headers, and CORS only to allowed origins', async () => {
    const allowed = await api.call('GET', '/health', { headers: { origin: 'https://app.example.com' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('x-content-type-options')).toBe('nosniff');
    expect(allowed.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(allowed.headers.get('x-powered-by')).toBeNull();
    const foreign = await api.call('GET', '/health', { headers: { origin: 'https://evil.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a preflight from an allowed origin with the security headers too, and no other', async () => {
    const preflight = (origin: string) =>
      api.call('OPTIONS', '/api/projects', { headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    const allowed = await preflight('https://app.example.com');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-methods')).toBe('GET,POST,PATCH,DELETE');
    expect(allowed.headers.get('access-control-allow-headers')).toBe('Authorization,Content-Type,If-Match,Idempotency-Key,Caused-By');
    expect(allowed.headers.get('x-content-type-options')).toBe('nosniff');
    const foreign = await preflight('https://evil.example');
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect(foreign.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('reads JSON bodies only: an empty one is {}, another type is not read, a compressed one is inflated', async () => {
    const post = (headers: Record<string, string>, body: string | Buffer) =>
      fetch(`${api.url}/api/projects`, { method: 'POST', headers: { authorization: `Bearer ${ada.token}`, ...headers }, body });
    const fields = async (response: Response) => ((await response.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field).sort();
    const empty = await post({ 'content-type': 'application/json' }, '');
    expect(empty.status).toBe(400);
    expect(await fields(empty)).toEqual(['currency', 'name']);
    const text = await post({ 'content-type': 'text/plain' }, JSON.stringify({ name: 'P', currency: 'EUR' }));
    expect(text.status).toBe(400);
    expect(await fields(text)).toEqual(['currency', 'name']);
    const gzipped = await post({ 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipSync(JSON.stringify({ name: 'Zipped', currency: 'EUR' })));
    expect(gzipped.status).toBe(201);
    const utf16 = await post({ 'content-type': 'application/json; charset=utf-16le' }, Buffer.from(JSON.stringify({ name: 'Wide', currency: 'EUR' }), 'utf16le'));
    expect(utf16.status).toBe(201);
  });

  it.each([
    ['a top-level string', { 'content-type': 'application/json' }, '"P"', 400, 'malformed-json'],
    ['a charset that is not UTF', { 'content-type': 'application/json; charset=latin1' }, '{}', 415, 'unsupported-encoding'],
    ['an unknown content encoding', { 'content-type': 'application/json', 'content-encoding': 'zip' }, '{}', 415, 'unsupported-encoding'],
  ])('refuses %s as a problem, and keeps the connection open', async (_, headers, body, status, type) => {
    const response = await api.call('POST', '/api/projects', { token: ada.token, headers, body });
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ type: `https://client-projects.dev/problems/${type}`, status });
    expect(response.headers.get('connection')).not.toBe('close');
  });

  it('gives every answer a validator, and a fresh GET a 304', async () => {
    const first = await api.call('GET', '/api/me', { token: ada.token });
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"/);
    // fetch adds `Cache-Control: no-cache` to a conditional request unless told otherwise: it asks for a reload.
    const again = await api.call('GET', '/api/me', { token: ada.token, headers: { 'if-none-match': etag!, 'cache-control': 'max-age=0' } });
    expect(again.status).toBe(304);
    expect(again.body).toBeUndefined();
    const reload = await api.call('GET', '/api/me', { token: ada.token, headers: { 'if-none-match': etag!, 'cache-control': 'no-cache' } });
    expect(reload.status).toBe(200);
  });

  it('matches paths whatever their case and trailing slash; an undecodable parameter is a 400, an undecodable path a 404', async () => {
    expect((await api.call('GET', '/API/Me/', { token: ada.token })).status).toBe(200);
    const parameter = await api.call('GET', '/api/projects/%E0%A4%A', { token: ada.token });
    expect(parameter.body).toMatchObject({ status: 400, detail: "Failed to decode param '%E0%A4%A'", instance: '/api/projects/%E0%A4%A' });
    const path = await api.call('GET', '/api/%E0%A4%A', { token: ada.token });
    expect(path.body).toMatchObject({ status: 404, detail: 'Cannot GET /api/%E0%A4%A' });
    expect(path.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('rate limits', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi({ AUTH_RATE_LIMIT_PER_MINUTE: '20', WRITE_RATE_LIMIT_PER_MINUTE: '5' });
  });

  afterAll(async () => {
    await api.close();
  });

  it('10,000 login attempts in a loop are cut off at the limit, and everyone else is still served', async () => {
    const bob = await person(api, 'Bob');
    const victim = 'victim@example.com';
    let stop = false;
    const others: number[] = [];
    // Another signed-in user keeps working throughout the attack.
    const bystander = (async () => {
      while (!stop) {
        others.push((await api.call('GET', '/api/me', { token: bob.token })).status);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();

    const counts = new Map<number, number>();
    let next = 0;
    const attempts = 10_000;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < attempts) {
          next += 1;
          const response = await fetch(`${api.url}/api/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: victim, password: `guess ${next}` }),
          });
          await response.arrayBuffer();
          counts.set(response.status, (counts.get(response.status) ?? 0) + 1);
        }
      }),
    );
    stop = true;
    await bystander;
    const elapsed = Date.now() - started;

    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(attempts);
    // The budget is per route and address: 20 logins a minute. Bob used one; the attacker got
    // the other 19 tries (each a plain 401), then nothing but 429s. (On a machine so loaded that
    // the loop outlasts the minute, each new minute gives 20 tries more: still the limit.)
    const minutes = Math.ceil(elapsed / 60_000);
    if (minutes > 1) console.log(`[login flood] the loop took ${elapsed} ms: ${minutes} one-minute budgets`);
    const tries = counts.get(401) ?? 0;
    expect(tries).toBeGreaterThanOrEqual(19);
    expect(tries).toBeLessThanOrEqual(19 + 20 * (minutes - 1));
    expect(counts.get(429)).toBe(attempts - tries);
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((status) => status === 200)).toBe(true);
  }, 180_000);

});

describe('write limits', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi({ WRITE_RATE_LIMIT_PER_MINUTE: '5' });
  });

  afterAll(async () => {
    await api.close();
  });

  it('limits writes per user, not per address', async () => {
    const [a, b] = await Promise.all([person(api, 'Ann'), person(api, 'Ben')]);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      statuses.push((await api.call('POST', '/api/projects', { token: a.token, body: { name: `P${i}`, currency: 'EUR' } })).status);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429]);
    const limited = await api.call('POST', '/api/projects', { token: a.token, body: { name: 'again', currency: 'EUR' } });
    expect(limited.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
    // The budget spans every write route, not each route apart.
    const projectId = (await api.call('GET', '/api/projects', { token: a.token })).body.items[0].id;
    const invite = await api.call('POST', `/api/projects/${projectId}/members`, { token: a.token, body: { email: 'x@example.com', role: 'member' } });
    expect(invite.status).toBe(429);
    // Reads are not writes, and another user on the same address has a budget of their own.
    expect((await api.call('GET', '/api/projects', { token: a.token })).status).toBe(200);
    expect((await api.call('POST', '/api/projects', { token: b.token, body: { name: 'Mine', currency: 'EUR' } })).status).toBe(201);
  });
});

describe('password guesses', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi({ AUTH_RATE_LIMIT_PER_MINUTE: '20' });
  });

  afterAll(async () => {
    await api.close();
  });

  it('limits password guesses per account as well as per address', async () => {
    const target = await person(api, 'Target');
    const fromManyPlaces = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        api.call('POST', '/api/auth/login', {
          body: { email: target.email.toUpperCase(), password: `guess ${i}` },
          headers: { 'x-forwarded-for': `203.0.113.${i}` },
        }),
      ),
    );
    // One login of the 20 went to Target's own sign-in; the guesses get the other 19.
    expect(fromManyPlaces.filter((r) => r.status === 401)).toHaveLength(19);
    expect(fromManyPlaces.filter((r) => r.status === 429)).toHaveLength(6);
  });
});

describe('TRUST_PROXY as a number of hops', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi({ TRUST_PROXY: '1', AUTH_RATE_LIMIT_PER_MINUTE: '3' });
  });

  afterAll(async () => {
    await api.close();
  });

  const login = (i: number, from: string) =>
    api.call('POST', '/api/auth/login', { body: { email: `nobody-${i}@example.com`, password: 'not a password' }, headers: { 'x-forwarded-for': from } });

  it('takes the client address from the one proxy it trusts, as Express read a hop count', async () => {
    // Three sign-ins from one address use its budget; the fourth from it is limited.
    const first = [await login(0, '203.0.113.7'), await login(1, '203.0.113.7'), await login(2, '203.0.113.7')];
    expect(first.map((r) => r.status)).toEqual([401, 401, 401]);
    expect((await login(3, '203.0.113.7')).status).toBe(429);
    // Another address named by the proxy has a budget of its own: the proxy's own address is not the client's.
    expect((await login(4, '198.51.100.9')).status).toBe(401);
    // Only the nearest hop is trusted: an address further back, which a client can write itself, is not the client's.
    expect((await login(5, '192.0.2.1, 203.0.113.7')).status).toBe(429);
  });
});
