import type { Decider } from '../decider';
import { DomainError } from '../domain-error';
import type { DomainCommand, DomainEvent } from '../event';

/**
 * Given some past events, when a command is decided, then these events (or this
 * domain error) follow — the Emmett way of testing a decider.
 */
export function DeciderSpecification<S, C extends DomainCommand, E extends DomainEvent>(decider: Decider<S, C, E>) {
  return {
    given: (events: readonly E[]) => ({
      when: (command: C) => {
        const run = (): E[] => decider.decide(command, events.reduce(decider.evolve, decider.initialState()));
        return {
          then: (expected: readonly E[]): void => {
            expect(run()).toEqual(expected);
          },
          thenThrows: (code: string): void => {
            let error: unknown;
            try {
              run();
            } catch (caught) {
              error = caught;
            }
            expect(error).toBeInstanceOf(DomainError);
            expect((error as DomainError).code).toBe(code);
          },
        };
      },
    }),
  };
}
