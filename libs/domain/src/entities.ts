import { OrderedMap } from 'immutable';

/**
 * A keyed collection held in a stream's state (a project's tasks, risks,
 * members…): a persistent map, so that an event changing one entity costs
 * O(log n) and shares the rest with the state before it, instead of copying the
 * whole collection (see docs/architecture.md). The entities themselves stay
 * plain readonly objects.
 *
 * Ordered: it iterates in insertion order (setting an existing key keeps its
 * place, a removed key that comes back goes last), as the plain records it
 * replaced did for our ids, so what is built by iterating one (a baseline, a
 * list in an error) is unchanged. An unordered `Map` iterates in hash order.
 *
 * Only state uses it: event data stays plain JSON.
 */
export type Entities<T> = OrderedMap<string, T>;

/** An empty collection. */
export function noEntities<T>(): Entities<T> {
  return OrderedMap<string, T>();
}
