import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../apps/api/src/demo/demo';
import { Watcher } from '../support/live-watcher';
import { captureOutput, eventually, exited, spawnTs } from '../support/ts-child';

/**
 * Two api processes on the same store, as behind a load balancer. One gets
 * SIGTERM while writes are in flight through it and a socket watches a board
 * on it: every write it took is answered in full and stored, the socket is
 * closed so that it reconnects by itself, the process exits 0, and the socket,
 * back on the other node with the revision it held, misses nothing.
 */
describe('graceful shutdown', () => {
  let dir: string;
  const apis: ChildProcessWithoutNullStreams[] = [];
  const watchers: Watcher[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'shutdown-'));
  });

  afterAll(async () => {
    for (const watcher of watchers) watcher.close();
    for (const api of apis) if (api.exitCode === null && api.signalCode === null) api.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async (seed: boolean) => {
    const child = spawnTs('apps/api/src/main.ts', { DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: String(seed), LOG_FORMAT: 'json', WRITE_RATE_LIMIT_PER_MINUTE: '100000' });
    apis.push(child);
    const output = captureOutput(child);
    const url = await eventually(() => /Listening on (http:\/\/[^\s]+)/.exec(output.text())?.[1], { timeoutMs: 60_000, describe: output.text });
    return { child, output, url: url.replace('localhost', '127.0.0.1') };
  };

  it('answers the writes in flight, closes sockets so that they reconnect elsewhere, exits 0, and the socket misses nothing', async () => {
    const a = await start(true);
    const b = await start(false);
    const manager = DEMO_ACCOUNTS.find((account) => account.role === 'manager')!;
    const login = await fetch(`${a.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: manager.email, password: DEMO_PASSWORD }),
    });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const auth = { authorization: `Bearer ${token}` };
    const projectId = ((await (await fetch(`${a.url}/api/projects`, { headers: auth })).json()) as { items: Array<{ id: string }> }).items[0]!.id;

    const onA = new Watcher(a.url, token);
    watchers.push(onA);
    await onA.connected();
    expect(await onA.subscribe(projectId, 'board')).toMatchObject({ ok: true });
    await eventually(() => onA.revision !== null);
    const reasons: string[] = [];
    onA.socket.on('disconnect', (reason) => reasons.push(reason));

    // Writes in flight through A when it is told to stop.
    const writes = Array.from({ length: 20 }, (_, i) =>
      fetch(`${a.url}/api/projects/${projectId}/tasks`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `In flight ${i}` }),
      }).then(
        async (response) => ({ status: response.status, body: (await response.json()) as { revision?: number } }),
        (error: unknown) => ({ status: 0, error: String((error as { cause?: unknown }).cause ?? error) }),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    const stopping = Date.now();
    a.child.kill('SIGTERM');
    const answers = await Promise.all(writes);
    expect(await exited(a.child)).toBe(0);
    const stoppedMs = Date.now() - stopping;
    expect(a.output.text()).toContain('Stopped cleanly');

    // A write it took was answered in full; one it did not take was refused at the door, never cut half-way.
    const taken = answers.filter((answer) => answer.status !== 0);
    for (const answer of taken) expect(answer.status).toBe(201);
    for (const refused of answers.filter((answer) => answer.status === 0)) expect((refused as { error: string }).error).toMatch(/ECONNREFUSED|ECONNRESET|other side closed|SocketError/);
    console.log(`[shutdown] ${taken.length} of 20 writes in flight were taken and answered 201; ${answers.length - taken.length} were refused before they were taken; the process exited ${stoppedMs} ms after SIGTERM`);

    // The socket was closed as a transport, which a Socket.IO client answers by reconnecting (not "io server disconnect", which it would not).
    await eventually(() => reasons.length > 0);
    expect(reasons[0]).toBe('transport close');

    // Back on the other node, from the revision it held: the patches it missed (or a snapshot), in order.
    const onB = new Watcher(b.url, token);
    watchers.push(onB);
    onB.state = onA.state;
    onB.revision = onA.revision;
    await onB.connected();
    expect(await onB.subscribe(projectId, 'board', onA.revision!)).toMatchObject({ ok: true });
    const after = await fetch(`${b.url}/api/projects/${projectId}/tasks`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'After the shutdown' }),
    });
    expect(after.status).toBe(201);
    const last = ((await after.json()) as { revision: number }).revision;
    await eventually(() => onB.revision === last, { timeoutMs: 30_000, describe: b.output.text });
    expect(onB.gaps).toEqual([]);
    const titles = JSON.stringify(onB.state);
    // Every write answered 201 is on the board; none other is.
    const onBoard = Array.from({ length: 20 }, (_, i) => titles.includes(`"In flight ${i}"`)).filter(Boolean).length;
    expect(onBoard).toBe(taken.length);
    expect(titles).toContain('After the shutdown');

    b.child.kill('SIGTERM');
    expect(await exited(b.child)).toBe(0);
  }, 150_000);
});
