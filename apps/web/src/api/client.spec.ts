import { ApiClient, ApiError, problemText } from './client';

/** A session whose refresh hands out the next token, or fails once there is none. */
function fakeSession(tokens: string[]) {
  const session = {
    token: tokens.shift() ?? null,
    refreshes: 0,
    async refresh() {
      session.refreshes += 1;
      const next = tokens.shift();
      if (next === undefined) return false;
      session.token = next;
      return true;
    },
  };
  return session;
}

const answer = (status: number, body?: unknown) => new Response(body === undefined ? null : JSON.stringify(body), { status });

describe('ApiClient', () => {
  it('sends the token, If-Match as the version quoted, and JSON', async () => {
    const fetchImpl = jest.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => answer(200, { revision: 3, events: [] }));
    const sut = new ApiClient(fakeSession(['t1']), fetchImpl as typeof fetch);

    await expect(sut.request('PATCH', '/projects/p/tasks/t', { body: { title: 'A' }, ifMatch: 4 })).resolves.toEqual({ revision: 3, events: [] });

    expect(fetchImpl).toHaveBeenCalledWith('/api/projects/p/tasks/t', {
      method: 'PATCH',
      headers: { authorization: 'Bearer t1', 'content-type': 'application/json', 'if-match': '"4"' },
      body: '{"title":"A"}',
    });
  });

  it('on a 401 refreshes once and repeats the request once with the new token', async () => {
    const session = fakeSession(['expired', 'fresh']);
    const seen: string[] = [];
    const fetchImpl = jest.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
      const auth = (init?.headers as Record<string, string>).authorization!;
      seen.push(auth);
      return auth === 'Bearer fresh' ? answer(200, { ok: true }) : answer(401, { status: 401, title: 'Unauthorized', type: 'x' });
    });
    const sut = new ApiClient(session, fetchImpl as typeof fetch);

    await expect(sut.get('/me')).resolves.toEqual({ ok: true });
    expect(seen).toEqual(['Bearer expired', 'Bearer fresh']);
    expect(session.refreshes).toBe(1);
  });

  it('gives up after one refresh: a second 401, or a refresh that fails, is the caller’s 401', async () => {
    const fetchImpl = jest.fn(async () => answer(401, { status: 401, title: 'Unauthorized', type: 'x' }));
    const twice = fakeSession(['a', 'b', 'c']);
    await expect(new ApiClient(twice, fetchImpl as typeof fetch).get('/me')).rejects.toMatchObject({ status: 401 });
    expect(twice.refreshes).toBe(1);
    expect(fetchImpl).toHaveBeenCalledTimes(2);

    const over = fakeSession(['a']);
    fetchImpl.mockClear();
    await expect(new ApiClient(over, fetchImpl as typeof fetch).get('/me')).rejects.toBeInstanceOf(ApiError);
    expect(fetchImpl).toHaveBeenCalledTimes(1);
  });

  it('hands a 412 its problem details, with the current item', async () => {
    const conflict = { type: 'x', title: 'Precondition Failed', status: 412, code: 'task.version-conflict', version: 5, current: { title: 'Theirs' } };
    const sut = new ApiClient(fakeSession(['t']), (async () => answer(412, conflict)) as typeof fetch);
    const failure = await sut.request('PATCH', '/x', { body: {}, ifMatch: 4 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).problem).toEqual(conflict);
  });

  it('says what a problem says: its detail, and for an invalid request each field’s message', () => {
    expect(problemText({ type: 'x', title: 'Conflict', status: 409, detail: 'A waiver says why (note)' }, 409)).toBe('A waiver says why (note)');
    const invalid = { type: 'x', title: 'Bad Request', status: 400, detail: 'The request is not valid: see errors', errors: [{ field: 'summary', messages: ['summary must be longer than or equal to 1 characters'] }] };
    expect(problemText(invalid, 400)).toBe('The request is not valid: summary must be longer than or equal to 1 characters.');
    expect(problemText(null, 502)).toBe('Request failed (502)');
  });

  it('fetches a file (an export) with the token, refreshing once on 401; a refusal is an ApiError with its detail', async () => {
    const session = fakeSession(['old', 'new']);
    const fetchImpl = jest.fn(async (_input: RequestInfo | URL, init?: RequestInit) =>
      (init?.headers as Record<string, string>).authorization === 'Bearer new' ? new Response('{"format":"x"}\n', { status: 200 }) : answer(401, { type: 'x', title: 'Unauthorized', status: 401 }),
    );
    const file = await new ApiClient(session, fetchImpl as typeof fetch).file('/projects/p/audit/export');
    expect(await file.text()).toBe('{"format":"x"}\n');
    expect(session.refreshes).toBe(1);

    const refused = new ApiClient(fakeSession(['t']), (async () => answer(403, { type: 'x', title: 'Forbidden', status: 403, detail: 'Not for clients' })) as typeof fetch);
    await expect(refused.file('/projects/p/audit/export')).rejects.toThrow('Not for clients');
  });
});
