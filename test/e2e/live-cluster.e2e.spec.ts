import { spawn, spawnSync, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../apps/api/src/demo/demo';
import { Watcher } from '../support/live-watcher';
import { captureOutput, eventually, exited, spawnTs } from '../support/ts-child';

const REDIS_SERVER = process.env.REDIS_SERVER_PATH ?? 'redis-server';

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface PresenceList {
  projectId: string;
  members: Array<{ userId: string; name: string; editing: { kind: string; id: string } | null }>;
}

/**
 * Two api processes on the same embedded store, sharing presence through a
 * real Redis (`REDIS_URL`, the Socket.IO Redis Streams adapter): who is here
 * and what they edit, set on one node, is seen on the other; Redis is
 * restarted mid-test and what was said while it was down arrives once it is
 * back. (`redis-server` must be installed: `.ci/run` installs it.)
 */
describe('presence across api nodes through Redis', () => {
  let dir: string;
  let redisPort: number;
  let redis: ChildProcess | null = null;
  const apis: ChildProcessWithoutNullStreams[] = [];
  const watchers: Watcher[] = [];

  const startRedis = async (): Promise<void> => {
    const child = spawn(REDIS_SERVER, ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'pipe' });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    redis = child;
    await eventually(() => /Ready to accept connections/.test(out), { timeoutMs: 10_000, describe: () => out });
  };

  beforeAll(async () => {
    const found = spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' });
    if (found.error !== undefined) throw new Error(`${REDIS_SERVER} is not installed (apt-get install redis-server; .ci/run does): ${found.error.message}`);
    dir = mkdtempSync(join(tmpdir(), 'live-cluster-'));
    redisPort = await freePort();
    await startRedis();
  });

  afterAll(async () => {
    for (const watcher of watchers) watcher.close();
    for (const api of apis) api.kill('SIGTERM');
    await Promise.all(apis.map((api) => exited(api)));
    redis?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const startApi = async (seed: boolean): Promise<{ url: string; output: { text: () => string } }> => {
    const child = spawnTs('apps/api/src/main.ts', {
      DATA_DIR: dir,
      PORT: '0',
      HOST: '127.0.0.1',
      SEED_DEMO: String(seed),
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      LOG_FORMAT: 'json',
    });
    apis.push(child);
    const output = captureOutput(child);
    const url = await eventually(() => /Listening on (http:\/\/[^\s]+)/.exec(output.text())?.[1], { timeoutMs: 60_000, describe: output.text });
    await eventually(() => output.text().includes('presence is shared with the other nodes'), { timeoutMs: 30_000, describe: output.text });
    return { url: url.replace('localhost', '127.0.0.1'), output };
  };

  const signIn = async (url: string, role: string): Promise<{ token: string; userId: string }> => {
    const account = DEMO_ACCOUNTS.find((candidate) => candidate.role === role)!;
    const response = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: account.email, password: DEMO_PASSWORD }),
    });
    const { accessToken } = (await response.json()) as { accessToken: string };
    const me = (await (await fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as { id: string };
    return { token: accessToken, userId: me.id };
  };

  /** The last presence list a watcher got for the project. */
  const latest = (watcher: Watcher, projectId: string): PresenceList | undefined =>
    (watcher.presence as PresenceList[]).filter((list) => list.projectId === projectId).at(-1);
  const editing = (watcher: Watcher, projectId: string, userId: string): string | null | undefined =>
    latest(watcher, projectId)?.members.find((member) => member.userId === userId)?.editing?.id ?? (latest(watcher, projectId)?.members.some((m) => m.userId === userId) ? null : undefined);

  it('shows who is here and what they edit across nodes, and loses nothing when Redis restarts', async () => {
    const a = await startApi(true);
    const b = await startApi(false);
    const logs = () => `A:\n${a.output.text()}\nB:\n${b.output.text()}`;
    const manager = await signIn(a.url, 'manager');
    const member = await signIn(b.url, 'member');
    const projectId = ((await (await fetch(`${a.url}/api/projects`, { headers: { authorization: `Bearer ${manager.token}` } })).json()) as { items: Array<{ id: string }> })
      .items[0]!.id;

    const onA = new Watcher(a.url, manager.token);
    const onB = new Watcher(b.url, member.token);
    watchers.push(onA, onB);
    await Promise.all([onA.connected(), onB.connected()]);
    expect(await onA.subscribe(projectId, 'board')).toMatchObject({ ok: true });
    expect(await onB.subscribe(projectId, 'board')).toMatchObject({ ok: true });

    // Each sees the other, though they are on different nodes.
    await eventually(() => editing(onB, projectId, manager.userId) === null && editing(onA, projectId, member.userId) === null, { describe: logs });
    onA.socket.emit('presence', { projectId, editing: { kind: 'task', id: 'task-before' } });
    await eventually(() => editing(onB, projectId, manager.userId) === 'task-before', { describe: logs });

    // Redis goes away; the manager starts editing another task meanwhile.
    redis!.kill('SIGTERM');
    await exited(redis as ChildProcessWithoutNullStreams);
    onA.socket.emit('presence', { projectId, editing: { kind: 'task', id: 'task-while-down' } });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(editing(onB, projectId, manager.userId)).toBe('task-before');
    // The sockets stay connected to their nodes: only node-to-node packets wait.
    expect(onA.socket.connected && onB.socket.connected).toBe(true);

    await startRedis();
    const back = Date.now();
    await eventually(() => editing(onB, projectId, manager.userId) === 'task-while-down', { timeoutMs: 30_000, describe: logs });
    console.log(`[live cluster] what was said while Redis was down reached the other node ${Date.now() - back} ms after Redis was back`);

    // And everything after it flows as before, both ways.
    onB.socket.emit('presence', { projectId, editing: { kind: 'task', id: 'task-after' } });
    await eventually(() => editing(onA, projectId, member.userId) === 'task-after', { describe: logs });
    onB.close();
    await eventually(() => editing(onA, projectId, member.userId) === undefined, { describe: logs });
  }, 150_000);
});
