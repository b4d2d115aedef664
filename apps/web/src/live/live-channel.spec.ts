import { LiveChannel } from './live-channel';

describe('LiveChannel', () => {
  it('applies patches that follow the revision it holds, each into a new document', () => {
    const sut = new LiveChannel<{ tasks: Record<string, { title: string }> }>('p', 'board');
    sut.snapshot({ revision: 4, data: { tasks: { a: { title: 'Old' } } } });
    const before = sut.data;

    expect(sut.patch({ from: 4, to: 6, ops: [{ op: 'replace', path: '/tasks/a/title', value: 'New' }] })).toBe('applied');

    expect(sut.revision).toBe(6);
    expect(sut.data).toEqual({ tasks: { a: { title: 'New' } } });
    expect(before).toEqual({ tasks: { a: { title: 'Old' } } });
  });

  it('moves on with an empty patch', () => {
    const sut = new LiveChannel('p', 'board');
    sut.snapshot({ revision: 1, data: { x: 1 } });
    expect(sut.patch({ from: 1, to: 2, ops: [] })).toBe('applied');
    expect(sut.revision).toBe(2);
  });

  it('refuses a patch from another revision, or before any snapshot, and keeps what it holds', () => {
    const sut = new LiveChannel('p', 'board');
    expect(sut.patch({ from: 0, to: 1, ops: [] })).toBe('gap');
    sut.snapshot({ revision: 3, data: { x: 1 } });
    expect(sut.patch({ from: 5, to: 6, ops: [{ op: 'replace', path: '/x', value: 2 }] })).toBe('gap');
    expect(sut.revision).toBe(3);
    expect(sut.data).toEqual({ x: 1 });
  });
});
