/**
 * `{ ...source, ...extra }`: the keys of `source` in its order, then those of
 * `extra` it lacks (one it has keeps its place and takes the new value) — the
 * same object, key for key and in the same order, hence the same JSON.
 *
 * Written with `Object.assign` because V8 (Node 20) gives an object literal
 * that spreads an object and then adds properties a hidden class of its own,
 * every time: every task, milestone, cost or risk a view folded had its own,
 * so every later read or write of one missed V8's caches, JSON.stringify took
 * its slow path, and the classes filled the old space. `Object.assign` onto
 * `{}` shares one class among objects of the same keys.
 */
export function extend<S extends object, E extends object>(source: S, extra: E): Omit<S, keyof E> & E {
  // Assigning an own `__proto__` key would set the prototype instead: spread, as before.
  if (Object.prototype.hasOwnProperty.call(source, '__proto__')) return { ...source, ...extra };
  return Object.assign(Object.assign({}, source), extra) as Omit<S, keyof E> & E;
}
