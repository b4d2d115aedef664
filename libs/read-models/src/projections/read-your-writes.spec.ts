import { allProjections, readYourWritesEventTypes } from '..';

describe('read-your-writes', () => {
  it('writes that change who may do what wait for their views; plan and other project work does not', () => {
    const awaited = readYourWritesEventTypes(allProjections);
    for (const type of ['UserRegistered', 'SessionStarted', 'SessionRefreshed', 'SessionEnded', 'ProjectCreated', 'MemberInvited', 'MemberJoined', 'MemberRoleChanged', 'MemberRemoved']) {
      expect(awaited.has(type)).toBe(true);
    }
    for (const type of ['TaskAdded', 'TaskUpdated', 'RiskIdentified', 'CostRecorded']) expect(awaited.has(type)).toBe(false);
  });
});
