import { DeciderSpecification } from '../testing/decider-specification';
import { emailClaimDecider } from './email-claim';
import { userDecider, type UserEvent } from './user';

const spec = DeciderSpecification(userDecider);
const registered: UserEvent = {
  type: 'UserRegistered',
  data: { userId: 'u1', email: 'ada@example.com', name: 'Ada', passwordHash: '$argon2id$x' },
};
const started: UserEvent = { type: 'SessionStarted', data: { sessionId: 's1', refreshTokenHash: 'h1', expiresAt: '2026-12-01T00:00:00.000Z' } };
const refresh = (presentedHash: string, now = '2026-11-26T00:00:00.000Z') => ({
  type: 'RefreshSession' as const,
  data: { sessionId: 's1', presentedHash, refreshTokenHash: 'h2', expiresAt: '2026-12-02T00:00:00.000Z', now },
});

describe('user decider', () => {
  it('registers a new user once', () => {
    spec.given([]).when({ type: 'RegisterUser', data: registered.data }).then([registered]);
    spec.given([registered]).when({ type: 'RegisterUser', data: registered.data }).thenThrows('user.exists');
  });

  it('starts a session for a registered user only, with a fresh id', () => {
    spec.given([registered]).when({ type: 'StartSession', data: started.data }).then([started]);
    spec.given([]).when({ type: 'StartSession', data: started.data }).thenThrows('user.not-found');
    spec.given([registered, started]).when({ type: 'StartSession', data: started.data }).thenThrows('session.exists');
  });

  it('refreshes with the current token, replacing it', () => {
    spec
      .given([registered, started])
      .when(refresh('h1'))
      .then([{ type: 'SessionRefreshed', data: { sessionId: 's1', refreshTokenHash: 'h2', expiresAt: '2026-12-02T00:00:00.000Z' } }]);
  });

  it('ends the session when a replaced refresh token is presented again', () => {
    const refreshed: UserEvent = { type: 'SessionRefreshed', data: { sessionId: 's1', refreshTokenHash: 'h2', expiresAt: '2026-12-02T00:00:00.000Z' } };
    spec
      .given([registered, started, refreshed])
      .when(refresh('h1'))
      .then([{ type: 'SessionEnded', data: { sessionId: 's1', reason: 'refresh-token-reused' } }]);
  });

  it('refuses unknown tokens, expired sessions and ended sessions', () => {
    spec.given([registered, started]).when(refresh('nope')).thenThrows('session.invalid-token');
    spec.given([registered, started]).when(refresh('h1', '2026-12-01T00:00:00.000Z')).thenThrows('session.expired');
    const ended: UserEvent = { type: 'SessionEnded', data: { sessionId: 's1', reason: 'logout' } };
    spec.given([registered, started, ended]).when(refresh('h1')).thenThrows('session.ended');
    spec.given([registered]).when(refresh('h1')).thenThrows('session.ended');
  });

  it('ends a session on logout, and a second logout changes nothing', () => {
    spec
      .given([registered, started])
      .when({ type: 'EndSession', data: { sessionId: 's1' } })
      .then([{ type: 'SessionEnded', data: { sessionId: 's1', reason: 'logout' } }]);
    spec
      .given([registered, started, { type: 'SessionEnded', data: { sessionId: 's1', reason: 'logout' } }])
      .when({ type: 'EndSession', data: { sessionId: 's1' } })
      .then([]);
  });
});

describe('email claim decider', () => {
  const claim = DeciderSpecification(emailClaimDecider);
  it('lets the first claim of an address through and refuses every later one', () => {
    const data = { email: 'ada@example.com', userId: 'u1' };
    claim.given([]).when({ type: 'ClaimEmail', data }).then([{ type: 'EmailClaimed', data }]);
    claim
      .given([{ type: 'EmailClaimed', data }])
      .when({ type: 'ClaimEmail', data: { ...data, userId: 'u2' } })
      .thenThrows('user.email-taken');
  });
});
