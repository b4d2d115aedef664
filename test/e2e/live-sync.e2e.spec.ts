import { applyPatch, deepClone, type Operation } from 'fast-json-patch';
import { io, type Socket } from 'socket.io-client';
import { TEST_JWT_SECRET, person, startApi, teamProject, type Person, type RunningApi } from '../support/api';
import { captureOutput, eventually, spawnTs } from '../support/ts-child';

interface Patch {
  projectId: string;
  view: string;
  from: number;
  to: number;
  ops: Operation[];
}

/** A subscriber as a web page holds it: the view and its revision, kept by snapshots and patches. */
class Watcher {
  readonly socket: Socket;
  state: unknown = undefined;
  revision: number | null = null;
  readonly patches: Patch[] = [];
  readonly presence: any[] = [];
  readonly ended: any[] = [];
  /** A patch whose `from` was not the revision held: must never happen. */
  readonly gaps: string[] = [];

  constructor(url: string, token: string) {
    this.socket = io(`${url}/live`, { auth: { token }, transports: ['websocket'], reconnection: false });
    this.socket.on('snapshot', (snapshot: { revision: number; data: unknown }) => {
      this.state = snapshot.data;
      this.revision = snapshot.revision;
    });
    this.socket.on('patch', (patch: Patch) => {
      this.patches.push(patch);
      if (patch.from !== this.revision) {
        this.gaps.push(`patch ${patch.from}→${patch.to} while at ${this.revision}`);
        return;
      }
      this.state = applyPatch(deepClone(this.state), patch.ops, true).newDocument;
      this.revision = patch.to;
    });
    this.socket.on('presence', (presence: unknown) => this.presence.push(presence));
    this.socket.on('unsubscribed', (notice: unknown) => this.ended.push(notice));
  }

  connected(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.socket.connected) return resolve();
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', reject);
    });
  }

  subscribe(projectId: string, view: string, since?: number): Promise<{ ok: boolean; revision?: number; error?: string }> {
    return this.socket.timeout(10_000).emitWithAck('subscribe', { projectId, view, ...(since === undefined ? {} : { since }) });
  }

  close(): void {
    this.socket.close();
  }
}

describe('live views over Socket.IO (/live)', () => {
  let api: RunningApi;
  let pm: Person;
  let dev: Person;
  let client: Person;
  let projectId: string;
  let at: (path: string) => string;
  const watchers: Watcher[] = [];

  const watcher = async (who: Person, server = api.url): Promise<Watcher> => {
    const w = new Watcher(server, who.token);
    watchers.push(w);
    await w.connected();
    return w;
  };

  /** The view as `GET …/views/:view` serves it to this person, once it shows `revision`. */
  const served = (who: Person, view: string, revision: number) =>
    eventually(async () => {
      const answer = await api.call('GET', at(`/views/${view}`), { token: who.token });
      return answer.body.revision >= revision ? answer.body : undefined;
    });

  beforeAll(async () => {
    api = await startApi();
    ({ pm, dev, client, projectId, at } = await teamProject(api));
  });

  afterAll(async () => {
    for (const w of watchers) w.close();
    await api.close();
  });

  it('sends a snapshot, then contiguous patches that keep each audience equal to the served view', async () => {
    const team = await watcher(dev);
    const portal = await watcher(client);
    expect(await team.subscribe(projectId, 'board')).toMatchObject({ ok: true });
    expect(await portal.subscribe(projectId, 'board')).toMatchObject({ ok: true });
    await eventually(() => team.revision !== null && portal.revision !== null);

    let last = 0;
    for (let i = 0; i < 5; i += 1) {
      const added = await api.call('POST', at('/tasks'), { token: pm.token, body: { title: `Task ${i}`, description: 'internal note', assigneeId: dev.id, estimateHours: 4 + i } });
      const edited = await api.call('PATCH', at(`/tasks/${added.body.id}`), { token: dev.token, body: { percentDone: 10 * i } });
      expect(edited.status).toBe(200);
      last = edited.body.revision;
    }
    await eventually(() => team.revision === last && portal.revision === last, { describe: () => `team at ${team.revision}, client at ${portal.revision}, want ${last}` });
    expect(team.gaps).toEqual([]);
    expect(portal.gaps).toEqual([]);
    expect(team.state).toEqual((await served(dev, 'board', last)).data);
    expect(portal.state).toEqual((await served(client, 'board', last)).data);
    expect(JSON.stringify(portal.state)).not.toContain('internal note');
    expect(JSON.stringify(portal.patches)).not.toContain('internal note');
  });

  it('catches a subscriber up with the patches it missed when it comes back with `since`', async () => {
    const first = await watcher(client);
    await first.subscribe(projectId, 'risks');
    await eventually(() => first.revision !== null);
    const held = first.revision!;
    const state = first.state;
    first.close();

    const risk = await api.call('POST', at('/risks'), { token: pm.token, body: { title: 'Content late', category: 'client', probability: 3, impact: 4, internalOnly: false } });
    const secret = await api.call('POST', at('/risks'), { token: pm.token, body: { title: 'Team overloaded', category: 'resource', probability: 4, impact: 4, internalOnly: true } });
    expect([risk.status, secret.status]).toEqual([201, 201]);

    const again = await watcher(client);
    again.state = state;
    again.revision = held;
    expect(await again.subscribe(projectId, 'risks', held)).toEqual({ ok: true, revision: secret.body.revision });
    await eventually(() => again.revision === secret.body.revision);
    expect(again.patches.length).toBeGreaterThan(0); // patches, not a snapshot
    expect(again.gaps).toEqual([]);
    expect(again.state).toEqual((await served(client, 'risks', secret.body.revision)).data);
    expect(JSON.stringify(again.state)).not.toContain('Team overloaded');
  });

  it('refuses what a caller may not watch', async () => {
    const stranger = await person(api, 'Stranger');
    const outsider = await watcher(stranger);
    expect(await outsider.subscribe(projectId, 'board')).toMatchObject({ ok: false, error: expect.stringMatching(/^not-found/) });
    const portal = await watcher(client);
    expect(await portal.subscribe(projectId, 'decisions')).toMatchObject({ ok: false, error: expect.stringMatching(/^not-found/) });
    expect(await portal.subscribe(projectId, 'gantt')).toMatchObject({ ok: false, error: expect.stringMatching(/^not-found/) });
    expect(await portal.subscribe(projectId, 42 as unknown as string)).toMatchObject({ ok: false, error: expect.stringMatching(/^invalid/) });
  });

  it('shares who is here and what they edit', async () => {
    const a = await watcher(pm);
    const b = await watcher(dev);
    await a.subscribe(projectId, 'board');
    await b.subscribe(projectId, 'board');
    a.socket.emit('presence', { projectId, editing: { kind: 'task', id: 'some-task' } });
    await eventually(() =>
      b.presence.some((p) => p.projectId === projectId && p.members.some((m: any) => m.userId === pm.id && m.editing?.id === 'some-task')),
    );
    a.close();
    await eventually(() => {
      const latest = b.presence[b.presence.length - 1];
      return latest !== undefined && !latest.members.some((m: any) => m.userId === pm.id);
    });
  });

  it('stops delivering to a member removed from the project within a second', async () => {
    const { pm: owner, client: guest, projectId: other, at: path } = await teamProject(api);
    const portal = await watcher(guest);
    await portal.subscribe(other, 'board');
    await eventually(() => portal.revision !== null);
    const removed = await api.call('DELETE', `/api/projects/${other}/members/${guest.id}`, { token: owner.token });
    expect(removed.status).toBeLessThan(300);
    const started = Date.now();
    await eventually(() => portal.ended.length > 0, { timeoutMs: 1000 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(portal.ended[0]).toMatchObject({ projectId: other, view: 'board', reason: 'removed from the project' });
    const before = portal.patches.length;
    await api.call('POST', path('/tasks'), { token: owner.token, body: { title: 'After removal' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(portal.patches.length).toBe(before);
  });

  it('a change written through one api process reaches a socket on another process on the same store', async () => {
    const child = spawnTs('apps/api/src/main.ts', { DATA_DIR: api.dataDir, PORT: '0', HOST: '127.0.0.1', JWT_SECRET: TEST_JWT_SECRET, SEED_DEMO: 'false', LOG_LEVEL: 'log' });
    const output = captureOutput(child);
    try {
      const url = (await eventually(() => /Listening on (http:\/\/[^\s]+)/.exec(output.text())?.[1], { timeoutMs: 30_000, describe: output.text })).replace('localhost', '127.0.0.1');
      const remote = await watcher(dev, url);
      expect(await remote.subscribe(projectId, 'board')).toMatchObject({ ok: true });
      await eventually(() => remote.revision !== null);
      const added = await api.call('POST', at('/tasks'), { token: pm.token, body: { title: 'Written on the other node' } });
      expect(added.status).toBe(201);
      await eventually(() => remote.revision === added.body.revision, { describe: () => `remote at ${remote.revision}\n${output.text()}` });
      expect(JSON.stringify(remote.state)).toContain('Written on the other node');
      expect(remote.gaps).toEqual([]);
      remote.close();
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
