import { parseStreamName, streamName } from './streams';
import { fold } from './decider';

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
