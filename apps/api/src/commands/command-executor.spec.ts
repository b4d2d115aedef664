import fc from 'fast-check';
import { storedHash, verifyStream } from '@app/audit';
import {
  DomainError,
  projectDecider,
  streamName,
  type PlanCommand,
  type ProjectCommand,
  type ProjectEvent,
  type ProjectState,
} from '@app/domain';
import { MemoryEventStore } from '@app/event-store';
import { CommandExecutor } from './command-executor';
import type { ReadModelSync } from './read-model-sync';

const noViews = { mustWait: () => false, waitFor: async () => undefined } as unknown as ReadModelSync;
const actor = { actor: { id: 'pm', role: 'manager' } };

const TASKS = ['t1', 't2', 't3', 't4'] as const;
const PHASES = ['ph1', 'ph2'] as const;
const MILESTONES = ['m1', 'm2'] as const;
const CHANGES = ['c1', 'c2'] as const;
const PEOPLE = ['pm', 'dev', 'cli', 'nobody'] as const;
const DATES = ['2027-01-04', '2027-01-15', '2027-02-01', '2027-02-30', '2027-03-01'] as const;

const date = fc.constantFrom(...DATES);
const optionalDate = fc.option(date, { nil: null });

const planCommand: fc.Arbitrary<PlanCommand> = fc.oneof(
  fc.record({ type: fc.constant('AddPhase' as const), data: fc.record({ phaseId: fc.constantFrom(...PHASES), name: fc.string({ maxLength: 8 }) }) }),
  fc.record({
    type: fc.constant('AddMilestone' as const),
    data: fc.record({ milestoneId: fc.constantFrom(...MILESTONES), phaseId: fc.option(fc.constantFrom(...PHASES), { nil: null }), name: fc.constant('M'), dueDate: date }),
  }),
  fc.record({
    type: fc.constant('RescheduleMilestone' as const),
    data: fc.record({ milestoneId: fc.constantFrom(...MILESTONES), dueDate: date, changeId: fc.option(fc.constantFrom(...CHANGES), { nil: null }) }),
  }),
  fc.record({ type: fc.constant('MarkMilestoneReached' as const), data: fc.record({ milestoneId: fc.constantFrom(...MILESTONES), reachedOn: date }) }),
  fc.record({
    type: fc.constant('AddTask' as const),
    data: fc.record({
      taskId: fc.constantFrom(...TASKS),
      phaseId: fc.option(fc.constantFrom(...PHASES), { nil: null }),
      title: fc.string({ maxLength: 8 }),
      description: fc.constant(''),
      assigneeId: fc.option(fc.constantFrom(...PEOPLE), { nil: null }),
      startDate: optionalDate,
      dueDate: optionalDate,
      estimateHours: fc.option(fc.integer({ min: -2, max: 40 }), { nil: null }),
      dependsOn: fc.subarray([...TASKS]),
    }),
  }),
  fc.record({
    type: fc.constant('UpdateTask' as const),
    data: fc.record({
      taskId: fc.constantFrom(...TASKS),
      changes: fc.record({ title: fc.string({ maxLength: 8 }), dependsOn: fc.subarray([...TASKS]), estimateHours: fc.integer({ min: 0, max: 40 }) }, { requiredKeys: [] }),
      ifVersion: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
    }),
  }),
  fc.record({
    type: fc.constant('ChangeTaskStatus' as const),
    data: fc.record({ taskId: fc.constantFrom(...TASKS), status: fc.constantFrom('todo' as const, 'in_progress' as const, 'blocked' as const, 'done' as const) }),
  }),
  fc.record({ type: fc.constant('ReportTaskProgress' as const), data: fc.record({ taskId: fc.constantFrom(...TASKS), percentDone: fc.integer({ min: -5, max: 105 }) }) }),
  fc.record({
    type: fc.constant('BaselinePlan' as const),
    data: fc.record({ reason: fc.constant('r'), changeId: fc.option(fc.constantFrom(...CHANGES), { nil: null }), by: fc.constantFrom(...PEOPLE) }),
  }),
  fc.record({
    type: fc.constant('RequestChange' as const),
    data: fc.record({
      changeId: fc.constantFrom(...CHANGES),
      title: fc.constant('C'),
      description: fc.constant(''),
      impact: fc.record({ scope: fc.constant('s'), scheduleDays: fc.integer({ min: -5, max: 30 }), costMinor: fc.integer({ min: 0, max: 100_000 }) }),
      requestedBy: fc.constantFrom(...PEOPLE),
    }),
  }),
  fc.record({
    type: fc.constantFrom('ApproveChange' as const, 'RejectChange' as const),
    data: fc.record({ changeId: fc.constantFrom(...CHANGES), reason: fc.constant('r'), by: fc.constantFrom(...PEOPLE) }),
  }),
);

async function setUp(executor: CommandExecutor, stream: string): Promise<void> {
  const setup: ProjectCommand[] = [
    { type: 'CreateProject', data: { projectId: 'p', name: 'P', currency: 'EUR', createdBy: 'pm', creatorEmail: 'pm@x.example' } },
    { type: 'InviteMember', data: { invitationId: 'i1', email: 'dev@x.example', role: 'member', tokenHash: 'h1', expiresAt: '2999-01-01T00:00:00.000Z', invitedBy: 'pm' } },
    { type: 'AcceptInvitation', data: { invitationId: 'i1', userId: 'dev', email: 'dev@x.example', now: '2026-01-01T00:00:00.000Z' } },
    { type: 'InviteMember', data: { invitationId: 'i2', email: 'cli@x.example', role: 'client', tokenHash: 'h2', expiresAt: '2999-01-01T00:00:00.000Z', invitedBy: 'pm' } },
    { type: 'AcceptInvitation', data: { invitationId: 'i2', userId: 'cli', email: 'cli@x.example', now: '2026-01-01T00:00:00.000Z' } },
    ...PHASES.map((phaseId): ProjectCommand => ({ type: 'AddPhase', data: { phaseId, name: phaseId } })),
    ...MILESTONES.map((milestoneId): ProjectCommand => ({ type: 'AddMilestone', data: { milestoneId, phaseId: 'ph1', name: milestoneId, dueDate: '2027-02-01' } })),
    ...TASKS.map(
      (taskId): ProjectCommand => ({
        type: 'AddTask',
        data: { taskId, phaseId: 'ph1', title: taskId, description: '', assigneeId: 'dev', startDate: '2027-01-04', dueDate: '2027-01-15', estimateHours: 8, dependsOn: [] },
      }),
    ),
  ];
  for (const command of setup) await executor.execute(stream, projectDecider, command, actor);
}

/** Project creation (2 events), two invitations accepted (4), phases, milestones and tasks. */
const SETUP_EVENTS = 2 + 4 + PHASES.length + MILESTONES.length + TASKS.length;

describe('CommandExecutor', () => {
  it('any sequence of commands, through two nodes with their own caches, is decided as on the log (accepted or refused alike), leaves each cache equal to a fold of the log, and the log one hash chain', async () => {
    let acceptedOverall = 0;
    let decidedOverall = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.boolean(), planCommand), { minLength: 10, maxLength: 60 }), async (steps) => {
        const store = new MemoryEventStore();
        const nodeA = new CommandExecutor(store, noViews);
        const nodeB = new CommandExecutor(store, noViews);
        const stream = streamName('project', 'p');
        await setUp(nodeA, stream);
        // The model: every command decided on the log as it stands, whichever node took it and whatever its cache held.
        let model: ProjectState = projectDecider.initialState();
        for await (const event of store.readStream<ProjectEvent>(stream)) model = projectDecider.evolve(model, { type: event.type, data: event.data } as ProjectEvent);
        let accepted = 0;
        for (const [onA, command] of steps) {
          let expected: string[] | string;
          try {
            const events = projectDecider.decide(command, model);
            expected = events.map((event) => event.type);
            model = events.reduce(projectDecider.evolve, model);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            expected = error.code;
          }
          try {
            const result = await (onA ? nodeA : nodeB).execute(stream, projectDecider, command, actor);
            expect(result.events.map((event) => event.type)).toEqual(expected);
            accepted += result.events.length;
            decidedOverall += 1;
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            expect(error.code).toEqual(expected);
          }
        }
        let folded: ProjectState = projectDecider.initialState();
        let revision = -1;
        let lastHash: string | null = null;
        for await (const event of store.readStream<ProjectEvent>(stream)) {
          folded = projectDecider.evolve(folded, { type: event.type, data: event.data } as ProjectEvent);
          revision = event.revision;
          lastHash = storedHash(event);
        }
        expect(revision).toBe(SETUP_EVENTS - 1 + accepted);
        // Every event chained to the one before it, whichever node wrote it and however often it had to catch up.
        expect(await verifyStream(store.readStream(stream))).toEqual({ ok: true, checked: revision + 1, lastHash });
        for (const node of [nodeA, nodeB]) {
          const cached = await node.load(stream, projectDecider);
          expect(cached.revision).toBe(revision);
          expect(cached.state).toEqual(folded);
          expect(cached.lastHash).toBe(lastHash);
        }
        acceptedOverall += accepted;
        await store.close();
      }),
      { numRuns: 100 },
    );
    // The sequences exercise the plan, not only its refusals.
    expect(acceptedOverall).toBeGreaterThan(200);
    process.stdout.write(`property: ${decidedOverall} commands accepted (${acceptedOverall} events) over 100 sequences\n`);
  });

  it('commands on one stream from one node take turns: 50 at once, no conflict reaches the caller', async () => {
    const store = new MemoryEventStore();
    const sut = new CommandExecutor(store, noViews);
    const stream = streamName('project', 'p');
    await setUp(sut, stream);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        sut.execute(stream, projectDecider, { type: 'AddPhase', data: { phaseId: `extra${i}`, name: `Phase ${i}` } }, actor),
      ),
    );
    expect(results.map((r) => r.revision).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => SETUP_EVENTS + i));
  });

  it('commands that arrive while the stream is busy go in one append; one its decider refuses fails alone', async () => {
    const store = new MemoryEventStore();
    let appends = 0;
    const append = store.append.bind(store);
    store.append = ((...args: Parameters<typeof append>) => ((appends += 1), append(...args))) as typeof store.append;
    const sut = new CommandExecutor(store, noViews);
    const stream = streamName('project', 'p');
    await setUp(sut, stream);
    appends = 0;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        // The sixth adds a phase that already exists.
        sut.execute(stream, projectDecider, { type: 'AddPhase', data: { phaseId: i === 5 ? 'ph1' : `batch${i}`, name: `Phase ${i}` } }, { ...actor, commandId: `cmd-${i}` }),
      ),
    );
    expect(appends).toBeLessThanOrEqual(2); // the first alone, then the nine that waited for it
    const refused = outcomes[5]!;
    expect(refused.status === 'rejected' && refused.reason instanceof DomainError && refused.reason.code).toBe('phase.exists');
    const stored = outcomes.filter((o) => o.status === 'fulfilled').map((o) => (o as PromiseFulfilledResult<{ revision: number }>).value.revision);
    expect(stored).toEqual(Array.from({ length: 9 }, (_, i) => SETUP_EVENTS + i)); // in the order they were sent, contiguous
    const log = [];
    for await (const event of store.readStream(stream, { from: SETUP_EVENTS })) log.push(event);
    expect(log.map((e) => [(e.data as { phaseId: string }).phaseId, e.metadata.commandId])).toEqual(
      [0, 1, 2, 3, 4, 6, 7, 8, 9].map((i) => [`batch${i}`, `cmd-${i}`]),
    );
    await expect(verifyStream(store.readStream(stream))).resolves.toMatchObject({ ok: true, checked: SETUP_EVENTS + 9 });
  });

  it('a batch whose append fails stores none of it, and the next command decides on the log as it is', async () => {
    const store = new MemoryEventStore();
    const sut = new CommandExecutor(store, noViews);
    const stream = streamName('project', 'p');
    await setUp(sut, stream);
    const append = store.append.bind(store);
    let failNext = true;
    store.append = (async (...args: Parameters<typeof append>) => {
      if (failNext) {
        failNext = false;
        throw new Error('disk full');
      }
      return append(...args);
    }) as typeof store.append;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => sut.execute(stream, projectDecider, { type: 'AddPhase', data: { phaseId: `lost${i}`, name: 'Lost' } }, actor)),
    );
    // The first ran alone and failed; the four that waited ran together and were stored.
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect((outcomes[0] as PromiseRejectedResult).reason.message).toBe('disk full');
    const again = await sut.execute(stream, projectDecider, { type: 'AddPhase', data: { phaseId: 'lost0', name: 'Again' } }, actor);
    expect(again.revision).toBe(SETUP_EVENTS + 4);
    const fresh = await new CommandExecutor(store, noViews).load(stream, projectDecider);
    expect((await sut.load(stream, projectDecider)).state).toEqual(fresh.state);
    expect(fresh.state.status === 'active' && [...fresh.state.plan.phases.keys()]).toEqual([...PHASES, 'lost1', 'lost2', 'lost3', 'lost4', 'lost0']);
    // The failed append left no hole in the chain: what came next linked to what was stored.
    await expect(verifyStream(store.readStream(stream))).resolves.toMatchObject({ ok: true, checked: SETUP_EVENTS + 5 });
  });

  it('writes the metadata every event carries: actor, command and correlation ids, the cause when the command names one, and when', async () => {
    const store = new MemoryEventStore();
    const sut = new CommandExecutor(store, noViews);
    const stream = streamName('project', 'p');
    await setUp(sut, stream);
    await sut.execute(stream, projectDecider, { type: 'AddPhase', data: { phaseId: 'caused', name: 'Caused' } }, { ...actor, commandId: 'cmd-c', causationId: 'decision-1' });
    await sut.execute(stream, projectDecider, { type: 'AddPhase', data: { phaseId: 'plain', name: 'Plain' } }, { ...actor, commandId: 'cmd-p' });
    const [caused, plain] = await (async () => {
      const events = [];
      for await (const event of store.readStream(stream, { from: SETUP_EVENTS })) events.push(event);
      return events;
    })();
    expect(caused!.metadata).toEqual({ actor: actor.actor, commandId: 'cmd-c', correlationId: 'cmd-c', causationId: 'decision-1', occurredAt: expect.any(String), hash: expect.any(String) });
    expect(plain!.metadata).not.toHaveProperty('causationId');
    await expect(verifyStream(store.readStream(stream))).resolves.toMatchObject({ ok: true, checked: SETUP_EVENTS + 2 });
  });
});
