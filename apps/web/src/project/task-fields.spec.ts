import { detailsChanges, draftOf, fieldText, inPlanOrder, waitsForChain, whenText, type FieldWords } from './task-fields';

const task = {
  startDate: '2027-01-04',
  dueDate: '2027-01-08',
  assigneeId: 'u-mara',
  estimateHours: 16,
  dependsOn: ['t-a', 't-b'],
};

const words: FieldWords = {
  names: new Map([
    ['u-mara', 'Mara Manager'],
    ['u-milo', 'Milo Member'],
  ]),
  titleOf: (id) => ({ 't-a': 'Write the brief', 't-b': 'Interview stakeholders' })[id] ?? 'a removed task',
};

describe('the task details form', () => {
  it('starts from the task as it is, and sends nothing when nothing changed', () => {
    const draft = draftOf(task);
    expect(draft).toEqual({ startDate: '2027-01-04', dueDate: '2027-01-08', assigneeId: 'u-mara', estimate: '16', dependsOn: ['t-a', 't-b'] });
    expect(detailsChanges(task, draft)).toEqual({ changes: {} });
    // The same dependencies in another order are no change.
    expect(detailsChanges(task, { ...draft, dependsOn: ['t-b', 't-a'] })).toEqual({ changes: {} });
    // " 16 " and "16.0" are the estimate it has.
    expect(detailsChanges(task, { ...draft, estimate: ' 16.0 ' })).toEqual({ changes: {} });
  });

  it('sends only what changed, with null for what was cleared', () => {
    const draft = draftOf(task);
    expect(detailsChanges(task, { ...draft, dueDate: '2027-01-12', estimate: '' })).toEqual({ changes: { dueDate: '2027-01-12', estimateHours: null } });
    expect(detailsChanges(task, { ...draft, assigneeId: '', startDate: '' })).toEqual({ changes: { startDate: null, assigneeId: null } });
    expect(detailsChanges(task, { ...draft, assigneeId: 'u-milo', estimate: '7.5', dependsOn: ['t-a'] })).toEqual({
      changes: { assigneeId: 'u-milo', estimateHours: 7.5, dependsOn: ['t-a'] },
    });
    expect(detailsChanges(task, { ...draft, dependsOn: [] })).toEqual({ changes: { dependsOn: [] } });
  });

  it('treats a task with no assignee in its form (the client form) as nobody assigned', () => {
    const bare = { startDate: null, dueDate: null, estimateHours: null, dependsOn: [] };
    expect(draftOf(bare)).toEqual({ startDate: '', dueDate: '', assigneeId: '', estimate: '', dependsOn: [] });
    expect(detailsChanges(bare, draftOf(bare))).toEqual({ changes: {} });
    expect(detailsChanges(bare, { ...draftOf(bare), estimate: '0' })).toEqual({ changes: { estimateHours: 0 } });
  });

  it('says what is wrong with an estimate that is not a number, and leaves ranges and date order to the server', () => {
    expect(detailsChanges(task, { ...draftOf(task), estimate: 'ten' })).toEqual({ problem: 'The estimate is a number of hours (or empty for none).' });
    // Out of range, and due before it starts: sent as typed, for the server's own words.
    expect(detailsChanges(task, { ...draftOf(task), estimate: '200000' })).toEqual({ changes: { estimateHours: 200_000 } });
    expect(detailsChanges(task, { ...draftOf(task), dueDate: '2027-01-01' })).toEqual({ changes: { dueDate: '2027-01-01' } });
  });
});

describe('a task field in words', () => {
  it('says dates, names, hours and tasks by title', () => {
    expect(fieldText('startDate', '2027-01-04', words)).toBe('4 Jan 2027');
    expect(fieldText('dueDate', null, words)).toBe('None');
    expect(fieldText('assigneeId', 'u-milo', words)).toBe('Milo Member');
    expect(fieldText('assigneeId', null, words)).toBe('Nobody');
    expect(fieldText('assigneeId', 'u-gone', words)).toBe('Someone no longer on the project');
    expect(fieldText('estimateHours', 7.5, words)).toBe('7.5 h');
    expect(fieldText('estimateHours', null, words)).toBe('None');
    expect(fieldText('dependsOn', ['t-a', 't-b'], words)).toBe('Interview stakeholders, Write the brief');
    expect(fieldText('dependsOn', [], words)).toBe('None');
    expect(fieldText('status', 'in_progress', words)).toBe('In progress');
    expect(fieldText('percentDone', 40, words)).toBe('40%');
    expect(fieldText('title', 'Draft the sitemap', words)).toBe('Draft the sitemap');
  });

  it('says when a task runs', () => {
    expect(whenText({ startDate: '2027-01-04', dueDate: '2027-01-08' })).toBe('4 Jan 2027 → 8 Jan 2027');
    expect(whenText({ startDate: '2027-01-08', dueDate: '2027-01-08' })).toBe('on 8 Jan 2027');
    expect(whenText({ startDate: '2027-01-04', dueDate: null })).toBe('starts 4 Jan 2027');
    expect(whenText({ startDate: null, dueDate: '2027-01-08' })).toBe('due 8 Jan 2027');
    expect(whenText({ startDate: null, dueDate: null })).toBeNull();
  });
});

describe('dependencies', () => {
  // a ← b ← c (c waits for b, b waits for a); d on its own.
  const tasks = { a: { dependsOn: [] }, b: { dependsOn: ['a'] }, c: { dependsOn: ['b'] }, d: { dependsOn: [] } };

  it('finds the chain by which a candidate already waits for the task, so choosing it would close a loop', () => {
    expect(waitsForChain(tasks, 'c', 'a')).toEqual(['c', 'b', 'a']);
    expect(waitsForChain(tasks, 'b', 'a')).toEqual(['b', 'a']);
    expect(waitsForChain(tasks, 'a', 'a')).toEqual(['a']);
    expect(waitsForChain(tasks, 'a', 'c')).toBeNull();
    expect(waitsForChain(tasks, 'd', 'a')).toBeNull();
    // A dependency on a task the view does not hold ends the walk there.
    expect(waitsForChain({ x: { dependsOn: ['gone'] } }, 'x', 'y')).toBeNull();
  });

  it('lists tasks in plan order: by phase, then due date (undated last), then title', () => {
    const order = (phaseId: string | null) => (phaseId === null ? 99 : { p1: 1, p2: 2 }[phaseId] ?? 98);
    const list = [
      { title: 'Z', phaseId: 'p2', dueDate: '2027-01-01' },
      { title: 'B', phaseId: 'p1', dueDate: null },
      { title: 'A', phaseId: 'p1', dueDate: null },
      { title: 'C', phaseId: 'p1', dueDate: '2027-03-01' },
      { title: 'N', phaseId: null, dueDate: '2026-01-01' },
    ];
    expect(inPlanOrder(list, order).map((t) => t.title)).toEqual(['C', 'A', 'B', 'Z', 'N']);
  });
});
