import type { ProjectRole } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';

/** Who a view is shown to: the delivery team (managers, members, auditors) or the client. */
export type Audience = 'team' | 'client';

/** The audience of a role in a project: a client sees client forms, everyone else the team's. */
export function audienceOf(role: ProjectRole): Audience {
  return role === 'client' ? 'client' : 'team';
}

/** An event of a project's stream, as a view folds it. */
export type ProjectViewEvent = Pick<RecordedEvent, 'type' | 'data' | 'revision' | 'recordedAt'> & {
  readonly metadata?: RecordedEvent['metadata'];
};

/**
 * One board of a project (DOMAIN.md, Views): a fold of the project's events.
 * The same code serves the projector (the read store), live updates and time
 * travel.
 *
 * `apply` changes `data` in place: the caller owns it (a copy it parsed from
 * the read store, or its own fold), so a batch of events costs what the events
 * touch, not a copy of the whole view per event. Given the same events, a fold
 * always ends in the same data.
 */
export interface ProjectView<D> {
  readonly name: string;
  /** The view of a project before its first event. */
  initial(projectId: string): D;
  apply(data: D, event: ProjectViewEvent): void;
  /**
   * What a client may see of this view, as an allow-list (see `forClient`):
   * absent when the view is for the team alone.
   */
  readonly client?: ClientShape;
  /**
   * Figures computed from the view's items (progress, heat map, …), added as
   * `figures` when the view is served — after redaction for a client, so a figure never counts
   * an item the client may not see.
   */
  summarize?(data: D): Record<string, unknown>;
}

/** A view as served to an audience: its items (redacted for a client) and its figures; `null` when the audience may not see it. */
export function present<D>(view: ProjectView<D>, data: D, audience: Audience): Record<string, unknown> | null {
  const items = audience === 'team' ? (data as Record<string, unknown>) : (forClient(view as ProjectView<unknown>, data) as Record<string, unknown> | null);
  if (items === null) return null;
  return view.summarize === undefined ? items : { ...items, figures: view.summarize(items as D) };
}

/**
 * The fields of a view a client may see. `true`: the value as it is (only for
 * values with no internal part); an object: those fields of an object; `{ each: … }`:
 * every value of a list or a record, shaped again, and dropped when it is
 * marked `internalOnly: true`. Anything not named is never sent.
 */
export type ClientShape = true | { readonly each: ClientShape } | { readonly fields: { readonly [field: string]: ClientShape } };

/** Folds events into a fresh view. */
export function foldView<D>(view: ProjectView<D>, projectId: string, events: Iterable<ProjectViewEvent>): D {
  const data = view.initial(projectId);
  for (const event of events) view.apply(data, event);
  return data;
}

/**
 * The client form of a view, derived from the team form by the one redaction
 * every view shares: only what the view's allow-list names, and nothing marked
 * internal. A view with no client shape has no client form (`null`).
 */
export function forClient(view: Pick<ProjectView<unknown>, 'client'>, data: unknown): unknown {
  return view.client === undefined ? null : shape(data, view.client);
}

function shape(value: unknown, allowed: ClientShape): unknown {
  if (allowed === true) return structuredClone(value);
  if (value === null || typeof value !== 'object') return value;
  if ('each' in allowed) {
    if (Array.isArray(value)) return value.filter((item) => !isInternal(item)).map((item) => shape(item, allowed.each));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (!isInternal(item)) out[key] = shape(item, allowed.each);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const [field, inner] of Object.entries(allowed.fields)) {
    if (Object.prototype.hasOwnProperty.call(value, field)) out[field] = shape((value as Record<string, unknown>)[field], inner);
  }
  return out;
}

function isInternal(item: unknown): boolean {
  return typeof item === 'object' && item !== null && (item as { internalOnly?: unknown }).internalOnly === true;
}
