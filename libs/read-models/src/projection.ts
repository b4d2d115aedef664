import type { RecordedEvent } from '@app/event-store';

/**
 * A view as a pure fold. For each event, `documentIds` names the documents of
 * the view it touches (none: the event does not concern the view), and
 * `evolve` folds the event into each of them. No I/O, no clock: the same code
 * serves the projector, live updates and time travel.
 */
export interface Projection<Doc = unknown> {
  /** The view's name: lower-case letters, digits, `_` and `-`. */
  readonly view: string;
  documentIds(event: RecordedEvent): readonly string[];
  /**
   * The api answers a write that holds one of these event types only once this
   * view holds it (read-your-writes): for the views that decide who may do what
   * — sign-in, sessions, memberships — so the next request sees the change.
   * Every other view catches up on its own and says which revision it shows.
   */
  readonly readYourWrites?: ReadonlySet<string>;
  /** The document after `event`; `null` deletes it. */
  evolve(doc: Doc | null, event: RecordedEvent, id: string): Doc | null;
}

/** `documentIds` of an event that touches none: one shared empty list, not a new one per event and view. */
export const NO_DOCUMENTS: readonly string[] = Object.freeze([]);

/** Every event type whose write waits for a view (see `Projection.readYourWrites`). */
export function readYourWritesEventTypes(projections: readonly Projection[]): ReadonlySet<string> {
  return new Set(projections.flatMap((projection) => [...(projection.readYourWrites ?? [])]));
}

/** Folds events into the documents of one projection, in memory. */
export function foldProjection<Doc>(
  projection: Projection<Doc>,
  events: Iterable<RecordedEvent>,
  docs: Map<string, Doc> = new Map(),
): Map<string, Doc> {
  for (const event of events) {
    for (const id of projection.documentIds(event)) {
      const next = projection.evolve(docs.get(id) ?? null, event, id);
      if (next === null) docs.delete(id);
      else docs.set(id, next);
    }
  }
  return docs;
}
