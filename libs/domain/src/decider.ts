import type { DomainCommand, DomainEvent } from './event';

/**
 * A decider in the Emmett shape: `decide` turns a command and the current state
 * into the events that record it (or throws a domain error), `evolve` folds one
 * event into the state, and `initialState` is where every stream starts.
 * Both functions are pure: time, ids and outside facts arrive with the command.
 */
export interface Decider<State, Command extends DomainCommand, Event extends DomainEvent> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/** Folds events into a state with a decider's `evolve`. */
export function fold<State, Event extends DomainEvent>(
  decider: Pick<Decider<State, never, Event>, 'evolve' | 'initialState'>,
  events: Iterable<Event>,
  from: State = decider.initialState(),
): State {
  let state = from;
  for (const event of events) state = decider.evolve(state, event);
  return state;
}

/**
 * Decides several commands as one: each is decided on the state the events
 * before it produced, and all the events are returned together, so they are
 * appended atomically — or none, if any command is refused.
 */
export function decideAll<State, Command extends DomainCommand, Event extends DomainEvent>(
  decider: Decider<State, Command, Event>,
  commands: readonly Command[],
  state: State,
): Event[] {
  const events: Event[] = [];
  let current = state;
  for (const command of commands) {
    const decided = decider.decide(command, current);
    for (const event of decided) current = decider.evolve(current, event);
    events.push(...decided);
  }
  return events;
}
