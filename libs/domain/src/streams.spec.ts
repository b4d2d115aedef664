import { parseStreamName, streamName } from './streams';
import { decideAll, fold } from './decider';

describe('stream names', () => {
  it('joins kind and id, and splits them back', () => {
    const sut = streamName('project', '1b4e28ba-2fa1-11d2-883f-0016d3cca427');
    expect(sut).toBe('project-1b4e28ba-2fa1-11d2-883f-0016d3cca427');
    expect(parseStreamName(sut)).toEqual({ kind: 'project', id: '1b4e28ba-2fa1-11d2-883f-0016d3cca427' });
  });

  it('refuses an empty id and does not parse unknown kinds', () => {
    expect(() => streamName('user', '')).toThrow(RangeError);
    expect(parseStreamName('invoice-1')).toBeNull();
    expect(parseStreamName('project-')).toBeNull();
    expect(parseStreamName('-1')).toBeNull();
  });
});

describe('fold', () => {
  it('applies evolve to every event in order from the initial state', () => {
    type E = { type: 'Added'; data: number };
    const sut = fold<number[], E>(
      { initialState: () => [], evolve: (s, e) => [...s, e.data] },
      [{ type: 'Added', data: 1 }, { type: 'Added', data: 2 }],
    );
    expect(sut).toEqual([1, 2]);
  });
});

describe('decideAll', () => {
  type E = { type: 'Added'; data: number };
  type C = { type: 'Add'; data: number };
  const decider = {
    initialState: () => 0,
    evolve: (s: number, e: E) => s + e.data,
    decide: (c: C, s: number): E[] => {
      if (s + c.data > 10) throw new Error('too much');
      return [{ type: 'Added', data: c.data }];
    },
  };

  it('decides each command on the state the ones before it made', () => {
    expect(decideAll(decider, [{ type: 'Add', data: 4 }, { type: 'Add', data: 5 }], 0)).toEqual([
      { type: 'Added', data: 4 },
      { type: 'Added', data: 5 },
    ]);
  });

  it('refuses all when one is refused', () => {
    expect(() => decideAll(decider, [{ type: 'Add', data: 4 }, { type: 'Add', data: 7 }], 0)).toThrow('too much');
  });
});
