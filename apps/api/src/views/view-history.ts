import { setImmediate as nextTurn } from 'node:timers/promises';
import { streamName } from '@app/domain';
import type { EventStore } from '@app/event-store';
import type { ProjectView } from '@app/read-models';

/** Where in a project's history: after the event at a revision, or after the last event recorded at or before an instant (epoch ms). */
export type Moment = { readonly revision: number } | { readonly instant: number };

/** A view folded up to a revision (-1: before the first event). The data is the caller's own. */
export interface FoldedView {
  readonly revision: number;
  readonly data: unknown;
}

export interface ViewHistoryOptions {
  /** A snapshot of the fold is kept after every `interval` revisions (after revisions interval − 1, 2·interval − 1, …). */
  readonly interval?: number;
  /** Most characters of snapshot text kept across every project and view; the least recently used go first. */
  readonly budgetChars?: number;
}

/** The fold after the event at `revision`, as JSON text; `until` is the latest `recordedAt` (epoch ms) of the events up to it. */
interface Snapshot {
  readonly revision: number;
  readonly until: number;
  readonly text: string;
}

export const SNAPSHOT_INTERVAL = 1_000;
export const SNAPSHOT_BUDGET_CHARS = 64 * 1024 * 1024;
/** Events folded between two turns of the event loop, so a long fold never holds up other requests. */
const EVENTS_PER_TURN = 2_000;

/**
 * Time travel (docs/audit.md): a project view as it was at a revision or an
 * instant, folded from the log with the view's own code (`view.apply`, the
 * same fold as the projector and live updates).
 *
 * So that a slider over a long project stays fast, every fold leaves behind
 * snapshots of itself every `interval` revisions, kept as JSON text in an LRU
 * bounded in characters across all projects and views. A later request starts
 * from the last snapshot at or before where it goes, and folds at most
 * `interval` − 1 events from the log. A project's history never changes, so a
 * snapshot never goes stale. Folds of one (project, view) take turns: a burst
 * of requests on a project nobody asked about yet folds its log once.
 */
export class ViewHistory {
  private readonly interval: number;
  private readonly budget: number;
  /** Per `projectId \0 view`: its snapshots, by revision. */
  private readonly timelines = new Map<string, Snapshot[]>();
  /** Every snapshot kept, least recently used first: `projectId \0 view \0 revision`. */
  private readonly lru = new Map<string, { readonly timeline: string; readonly snapshot: Snapshot }>();
  private chars = 0;
  private readonly turns = new Map<string, Promise<unknown>>();

  constructor(
    private readonly events: Pick<EventStore, 'readStream'>,
    options: ViewHistoryOptions = {},
  ) {
    this.interval = options.interval ?? SNAPSHOT_INTERVAL;
    this.budget = options.budgetChars ?? SNAPSHOT_BUDGET_CHARS;
    if (!Number.isSafeInteger(this.interval) || this.interval < 1) throw new RangeError(`interval must be a positive integer, got ${this.interval}`);
  }

  /**
   * The view folded up to the moment: to `revision` (or the project's last
   * revision, if it has not reached it: compare the answer's revision), or
   * through every event from revision 0 on recorded at or before `instant`,
   * stopping at the first recorded after it.
   */
  at<D>(projectId: string, view: ProjectView<D>, moment: Moment): Promise<FoldedView & { readonly data: D }> {
    const timeline = `${projectId}\u0000${view.name}`;
    return this.inTurn(timeline, () => this.fold(timeline, projectId, view, moment));
  }

  /** Snapshots kept, and their characters (for tests and health). */
  get size(): { readonly snapshots: number; readonly chars: number } {
    return { snapshots: this.lru.size, chars: this.chars };
  }

  private async fold<D>(timeline: string, projectId: string, view: ProjectView<D>, moment: Moment): Promise<FoldedView & { readonly data: D }> {
    const target = 'revision' in moment ? moment.revision : null;
    const instant = 'instant' in moment ? moment.instant : null;
    const start = this.startFor(timeline, target, instant);
    let data: D = start === null ? view.initial(projectId) : (JSON.parse(start.text) as D);
    let revision = start?.revision ?? -1;
    let until = start?.until ?? Number.NEGATIVE_INFINITY;
    if (target !== null && revision >= target) return { revision, data };
    let folded = 0;
    for await (const event of this.events.readStream(streamName('project', projectId), { from: revision + 1, ...(target === null ? {} : { to: target }) })) {
      const recorded = Date.parse(event.recordedAt);
      if (instant !== null && recorded > instant) break;
      view.apply(data, event);
      revision = event.revision;
      until = Math.max(until, recorded);
      if ((revision + 1) % this.interval === 0) this.keep(timeline, { revision, until, text: JSON.stringify(data) });
      if (++folded % EVENTS_PER_TURN === 0) await nextTurn();
    }
    // Snapshots are text, so `data` is the caller's own wherever the fold ended.
    return { revision, data };
  }

  /** The last snapshot at or before the target revision, or whose events were all recorded at or before the instant. */
  private startFor(timeline: string, target: number | null, instant: number | null): Snapshot | null {
    const snapshots = this.timelines.get(timeline);
    if (snapshots === undefined) return null;
    // Both keys grow with the revision: binary search for the last snapshot that qualifies.
    const qualifies = (snapshot: Snapshot): boolean => (target !== null ? snapshot.revision <= target : snapshot.until <= instant!);
    let low = 0;
    let high = snapshots.length - 1;
    let found: Snapshot | null = null;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (qualifies(snapshots[mid]!)) {
        found = snapshots[mid]!;
        low = mid + 1;
      } else high = mid - 1;
    }
    if (found !== null) this.touch(timeline, found);
    return found;
  }

  private keep(timeline: string, snapshot: Snapshot): void {
    const key = `${timeline}\u0000${snapshot.revision}`;
    if (this.lru.has(key)) return;
    const snapshots = this.timelines.get(timeline) ?? [];
    let at = snapshots.length;
    while (at > 0 && snapshots[at - 1]!.revision > snapshot.revision) at -= 1;
    snapshots.splice(at, 0, snapshot);
    this.timelines.set(timeline, snapshots);
    this.lru.set(key, { timeline, snapshot });
    this.chars += snapshot.text.length;
    while (this.chars > this.budget && this.lru.size > 0) this.evictOldest();
  }

  private touch(timeline: string, snapshot: Snapshot): void {
    const key = `${timeline}\u0000${snapshot.revision}`;
    const entry = this.lru.get(key);
    if (entry === undefined) return;
    this.lru.delete(key);
    this.lru.set(key, entry);
  }

  private evictOldest(): void {
    const [key, { timeline, snapshot }] = this.lru.entries().next().value!;
    this.lru.delete(key);
    this.chars -= snapshot.text.length;
    const snapshots = this.timelines.get(timeline)!;
    snapshots.splice(snapshots.indexOf(snapshot), 1);
    if (snapshots.length === 0) this.timelines.delete(timeline);
  }

  /** Runs `work` once every earlier fold of the same timeline has finished. */
  private async inTurn<T>(timeline: string, work: () => Promise<T>): Promise<T> {
    const before = this.turns.get(timeline) ?? Promise.resolve();
    const run = before.then(work);
    const settled = run.catch(() => undefined);
    this.turns.set(timeline, settled);
    try {
      return await run;
    } finally {
      if (this.turns.get(timeline) === settled) this.turns.delete(timeline);
    }
  }
}
