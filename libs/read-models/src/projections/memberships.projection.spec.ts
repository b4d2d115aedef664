import type { RecordedEvent } from '@app/event-store';
import { foldProjection } from '../projection';
import { membershipsProjection, type MembershipsDoc } from './identity.projections';

let position = 0n;
const event = (projectId: string, type: string, data: Record<string, unknown>): RecordedEvent => ({
  id: `e${++position}`,
  type,
  data,
  metadata: {},
  streamId: `project-${projectId}`,
  revision: 0,
  position,
  recordedAt: '2026-01-01T00:00:00.000Z',
});

describe('memberships projection', () => {
  const log = [
    event('a', 'MemberJoined', { userId: 'u1', role: 'manager' }),
    event('b', 'MemberJoined', { userId: 'u1', role: 'member' }),
    event('c', 'MemberJoined', { userId: 'u2', role: 'client' }),
    event('a', 'MemberRoleChanged', { userId: 'u1', role: 'auditor' }),
    event('b', 'MemberRemoved', { userId: 'u1', role: 'member' }),
    event('d', 'MemberJoined', { userId: 'u1', role: 'member' }),
  ];

  it('folds each user’s projects and roles, in the order joined', () => {
    const docs = foldProjection(membershipsProjection, log);
    expect(JSON.stringify(docs.get('u1'))).toBe('{"userId":"u1","projects":{"a":"auditor","d":"member"}}');
    expect(JSON.stringify(docs.get('u2'))).toBe('{"userId":"u2","projects":{"c":"client"}}');
  });

  it('leaves a frozen document (the store’s cached copy, shared with its readers) as it was, and folds a copy', () => {
    const cached = Object.freeze({ userId: 'u1', projects: Object.freeze({ a: 'manager' }) }) as MembershipsDoc;
    const next = membershipsProjection.evolve(cached, event('e', 'MemberJoined', { userId: 'u1', role: 'member' }), 'u1');
    expect(next).toEqual({ userId: 'u1', projects: { a: 'manager', e: 'member' } });
    expect(cached).toEqual({ userId: 'u1', projects: { a: 'manager' } });
  });
});
