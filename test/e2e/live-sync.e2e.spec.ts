import fc from 'fast-check';
import { TEST_JWT_SECRET, person, startApi, teamProject, viewOnceAt, type Person, type RunningApi } from '../support/api';
import { captureOutput, eventually, spawnTs } from '../support/ts-child';
import { Watcher } from '../support/live-watcher';

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
  const served = (who: Person, view: string, revision: number, project?: string) =>
    viewOnceAt(api, who, `/api/projects/${project ?? projectId}/views/${view}`, revision);

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

  it('property: whatever is written while watchers come and go, each ends equal to the served view, with no gap ever', async () => {
    type Step =
      | { kind: 'task'; by: 0 | 1 }
      | { kind: 'progress'; by: 0 | 1; task: number; percent: number }
      | { kind: 'risk'; internal: boolean }
      | { kind: 'drop'; watcher: number }
      | { kind: 'back'; watcher: number };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ kind: fc.constant('task' as const), by: fc.constantFrom(0 as const, 1 as const) }),
      fc.record({ kind: fc.constant('progress' as const), by: fc.constantFrom(0 as const, 1 as const), task: fc.nat(5), percent: fc.integer({ min: 0, max: 100 }) }),
      fc.record({ kind: fc.constant('risk' as const), internal: fc.boolean() }),
      fc.record({ kind: fc.constant('drop' as const), watcher: fc.nat(3) }),
      fc.record({ kind: fc.constant('back' as const), watcher: fc.nat(3) }),
    );
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 25 }), async (steps) => {
        runs += 1;
        const { pm: owner, dev: member, client: guest, projectId: id, at: path } = await teamProject(api);
        const writers = [owner, member];
        // Who watches what: each in their audience.
        const plan: Array<{ who: Person; view: string }> = [
          { who: owner, view: 'board' },
          { who: guest, view: 'board' },
          { who: member, view: 'risks' },
          { who: guest, view: 'risks' },
        ];
        const held: Array<{ state: unknown; revision: number | null }> = plan.map(() => ({ state: undefined, revision: null }));
        const live: Array<Watcher | null> = plan.map(() => null);
        const gaps: string[] = [];
        const open = async (i: number): Promise<void> => {
          const w = await watcher(plan[i]!.who);
          // Comes back with what it held, as a page does after a reconnect.
          w.state = held[i]!.state;
          w.revision = held[i]!.revision;
          const answer = await w.subscribe(id, plan[i]!.view, held[i]!.revision ?? undefined);
          expect(answer.ok).toBe(true);
          live[i] = w;
        };
        const close = (i: number): void => {
          const w = live[i];
          if (w === null || w === undefined) return;
          held[i] = { state: w.state, revision: w.revision };
          gaps.push(...w.gaps);
          w.close();
          live[i] = null;
        };
        for (let i = 0; i < plan.length; i += 1) await open(i);
        const tasks: string[] = [];
        let last = 0;
        for (const s of steps) {
          if (s.kind === 'drop') close(s.watcher);
          else if (s.kind === 'back') {
            if (live[s.watcher] === null) await open(s.watcher);
          } else if (s.kind === 'task') {
            const added = await api.call('POST', path('/tasks'), { token: writers[s.by]!.token, body: { title: `Task ${tasks.length}`, description: 'internal', estimateHours: 2 } });
            expect(added.status).toBe(201);
            tasks.push(added.body.id);
            last = added.body.revision;
          } else if (s.kind === 'progress' && tasks.length > 0) {
            const edited = await api.call('PATCH', path(`/tasks/${tasks[s.task % tasks.length]}`), { token: writers[s.by]!.token, body: { percentDone: s.percent } });
            expect(edited.status).toBe(200);
            last = Math.max(last, edited.body.revision);
          } else if (s.kind === 'risk') {
            const risk = await api.call('POST', path('/risks'), { token: owner.token, body: { title: s.internal ? 'Secret risk' : 'Shared risk', category: 'technical', probability: 2, impact: 3, internalOnly: s.internal } });
            expect(risk.status).toBe(201);
            last = risk.body.revision;
          }
        }
        for (let i = 0; i < plan.length; i += 1) if (live[i] === null) await open(i);
        for (let i = 0; i < plan.length; i += 1) {
          const w = live[i]!;
          await eventually(() => w.revision !== null && w.revision >= last, { describe: () => `watcher ${i} at ${w.revision}, want ${last}` });
          const view = await served(plan[i]!.who, plan[i]!.view, w.revision!, id);
          // The same revision, the same data: GET serves the projector's copy, the socket the node's own fold.
          await eventually(() => w.revision === view.revision || undefined, { describe: () => `watcher ${i} at ${w.revision}, served ${view.revision}` });
          expect(w.state).toEqual(view.data);
          close(i);
        }
        expect(gaps).toEqual([]);
      }),
      { numRuns: 8, endOnFailure: true },
    );
    expect(runs).toBe(8);
  }, 180_000);
});
