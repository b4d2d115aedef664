import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { projectWorkload, seeded } from '@app/domain/testing/project-workload';
import { MemoryEventStore, type EventStore, type NewEvent, type RecordedEvent } from '@app/event-store';
import { foldView, projectViews, type ProjectView } from '@app/read-models';
import { ViewHistory } from './view-history';

/**
 * Time travel: whatever the snapshots kept or evicted, and in whatever order
 * the revisions are asked for, the view at revision r is the fold of the
 * project's first r + 1 events, and the view as of an instant is the view at
 * the last event recorded at or before it.
 */
describe('ViewHistory', () => {
  const projectId = randomUUID();
  const store = (() => {
    let now = Date.UTC(2027, 0, 4, 9);
    return { events: new MemoryEventStore({ now: () => new Date(now) }), advance: (ms: number) => (now += ms) };
  })();
  let log: RecordedEvent[] = [];
  const views = Object.values(projectViews);

  beforeAll(async () => {
    const events = projectWorkload({ projectId, events: 1_000 });
    const random = seeded(7);
    // Appended in batches of 1 to 8, a batch a minute or so apart: several events share an instant.
    for (let from = 0; from < events.length; ) {
      const size = 1 + Math.floor(random() * 8);
      const batch = events.slice(from, from + size).map((event): NewEvent => ({ id: randomUUID(), type: event.type, data: event.data, metadata: { actor: { id: 'pm', role: 'manager' } } }));
      await store.events.append(`project-${projectId}`, batch, { expectedRevision: from === 0 ? 'no_stream' : from - 1 });
      store.advance(30_000 + Math.floor(random() * 90_000));
      from += batch.length;
    }
    for await (const event of store.events.readStream(`project-${projectId}`)) log.push(event);
  });

  afterAll(async () => {
    log = [];
    await store.events.close();
  });

  const foldOf = (view: ProjectView<unknown>, revision: number): unknown => foldView(view, projectId, log.slice(0, revision + 1));
  /** Equal views; compared as JSON text first (a deep comparison per revision of a 1,000-event project is slow), in depth only to show a difference. */
  const expectSameView = (got: unknown, want: unknown): void => {
    if (JSON.stringify(got) !== JSON.stringify(want)) expect(got).toEqual(want);
  };

  it('a project of at least 1,000 events, some recorded at the same instant', () => {
    expect(log.length).toBeGreaterThanOrEqual(1_000);
    expect(new Set(log.map((event) => event.recordedAt)).size).toBeLessThan(log.length);
  });

  it.each(views.map((view) => [view.name, view] as const))('%s: at every revision, in order, equals the fold of the events up to it', async (_name, view) => {
    const history = new ViewHistory(store.events, { interval: 50 });
    const reference = view.initial(projectId);
    for (const event of log) {
      view.apply(reference, event);
      const got = await history.at(projectId, view, { revision: event.revision });
      expect(got.revision).toBe(event.revision);
      expectSameView(got.data, reference);
    }
    expect(history.size.snapshots).toBe(Math.floor(log.length / 50));
  });

  it('at any revisions, in any order, with snapshots every few revisions and a budget that evicts them, equals the fold of the events up to it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(projectViews)),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 0, max: 200_000 }),
        fc.array(fc.nat({ max: 1_099 }), { minLength: 1, maxLength: 25 }),
        async (name, interval, budgetChars, revisions) => {
          const view = projectViews[name]!;
          const history = new ViewHistory(store.events, { interval, budgetChars });
          for (const wanted of revisions) {
            const got = await history.at(projectId, view, { revision: wanted });
            const revision = Math.min(wanted, log.length - 1);
            expect(got.revision).toBe(revision);
            expectSameView(got.data, foldOf(view, revision));
            expect(history.size.chars).toBeLessThanOrEqual(budgetChars);
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('as of an instant: the view after the last event recorded at or before it', async () => {
    const first = Date.parse(log[0]!.recordedAt);
    const last = Date.parse(log[log.length - 1]!.recordedAt);
    const lastAtOrBefore = (instant: number): number => {
      let revision = -1;
      for (const event of log) if (Date.parse(event.recordedAt) <= instant) revision = event.revision;
      return revision;
    };
    const instants = fc.oneof(
      fc.integer({ min: first - 60_000, max: last + 60_000 }),
      // Exactly when some events were recorded, and a millisecond before.
      fc.constantFrom(...log.map((event) => Date.parse(event.recordedAt))).chain((at) => fc.constantFrom(at, at - 1)),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(projectViews)), fc.integer({ min: 1, max: 200 }), fc.array(instants, { minLength: 1, maxLength: 10 }), async (name, interval, moments) => {
        const view = projectViews[name]!;
        const history = new ViewHistory(store.events, { interval });
        for (const instant of moments) {
          const got = await history.at(projectId, view, { instant });
          const revision = lastAtOrBefore(instant);
          expect(got.revision).toBe(revision);
          expectSameView(got.data, foldOf(view, revision));
        }
      }),
      { numRuns: 50 },
    );
  });

  it('before the first event: the view as it starts, at revision -1', async () => {
    const history = new ViewHistory(store.events);
    const view = projectViews.board!;
    const got = await history.at(projectId, view, { instant: Date.parse(log[0]!.recordedAt) - 1 });
    expect(got).toEqual({ revision: -1, data: view.initial(projectId) });
  });

  it('hands every caller data of its own: changing one answer changes no snapshot and no other answer', async () => {
    const history = new ViewHistory(store.events, { interval: 10 });
    const view = projectViews.board!;
    const one = (await history.at(projectId, view, { revision: 19 })).data as Record<string, unknown>;
    one.name = 'changed';
    const two = (await history.at(projectId, view, { revision: 19 })).data as Record<string, unknown>;
    expect(two.name).not.toBe('changed');
    expect(two).toEqual(foldOf(view, 19));
  });

  it('folds a project nobody asked about once, however many ask at the same time', async () => {
    let read = 0;
    const counting = {
      readStream: ((stream, options) => {
        const events = store.events.readStream(stream, options);
        return (async function* () {
          for await (const event of events) {
            read += 1;
            yield event;
          }
        })();
      }) as EventStore['readStream'],
    };
    const history = new ViewHistory(counting, { interval: 100 });
    const view = projectViews.risks!;
    const answers = await Promise.all(Array.from({ length: 10 }, () => history.at(projectId, view, { revision: log.length - 1 })));
    for (const answer of answers) expect(answer.data).toEqual(foldOf(view, log.length - 1));
    // The first folds the whole log; each of the others, at most the events after the last snapshot.
    expect(read).toBeLessThanOrEqual(log.length + 9 * 99);
  });
});
