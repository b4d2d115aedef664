import { extend } from './extend';

describe('extend', () => {
  it('is the spread: the source keys in their order, a key of both in its place with the new value, new keys after', () => {
    const source = JSON.parse('{"title":"T","dependsOn":["a"],"dueDate":null}') as { title: string; dependsOn: string[]; dueDate: null };
    const extra = { status: 'todo', dependsOn: ['a', 'b'], version: 1 };
    const out = extend(source, extra);
    expect(JSON.stringify(out)).toBe(JSON.stringify({ ...source, ...extra }));
    expect(Object.keys(out)).toEqual(['title', 'dependsOn', 'dueDate', 'status', 'version']);
    expect(out).not.toBe(source);
    expect(source.dependsOn).toEqual(['a']);
  });

  it('keeps an own __proto__ key as a key, as the spread does, without touching the prototype', () => {
    const source = JSON.parse('{"__proto__":{"polluted":true},"a":1}') as Record<string, unknown>;
    const out = extend(source, { b: 2 });
    expect(JSON.stringify(out)).toBe('{"__proto__":{"polluted":true},"a":1,"b":2}');
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});
