/**
 * A domain event: a fact in the past tense, named by `type`, carrying `data`.
 * Each stream kind declares its events as a discriminated union of these,
 * for example `type ProjectEvent = DomainEvent<'ProjectCreated', {...}> | ...`.
 */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** A command: an intention, named by `type`, carrying `data`. */
export interface DomainCommand<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** The `type` strings of an event union. */
export type EventType<E extends DomainEvent> = E['type'];

/** Narrows an event union to one member by its type. */
export type EventOfType<E extends DomainEvent, T extends E['type']> = Extract<E, { type: T }>;
