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

  it('forgets a user who asks: every live session ends, no session starts again, and asking twice changes nothing', () => {
    const second: UserEvent = { type: 'SessionStarted', data: { sessionId: 's2', refreshTokenHash: 'h3', expiresAt: '2026-12-01T00:00:00.000Z' } };
    const third: UserEvent = { type: 'SessionStarted', data: { sessionId: 's3', refreshTokenHash: 'h4', expiresAt: '2026-12-01T00:00:00.000Z' } };
    const loggedOut: UserEvent = { type: 'SessionEnded', data: { sessionId: 's2', reason: 'logout' } };
    const forgotten: UserEvent[] = [
      { type: 'SessionEnded', data: { sessionId: 's1', reason: 'user-forgotten' } },
      { type: 'SessionEnded', data: { sessionId: 's3', reason: 'user-forgotten' } },
      { type: 'UserForgotten', data: { userId: 'u1' } },
    ];
    const forget = { type: 'ForgetUser' as const, data: { userId: 'u1' } };
    spec.given([registered, started, second, loggedOut, third]).when(forget).then(forgotten);
    spec.given([registered, started, second, loggedOut, third, ...forgotten]).when(forget).then([]);
    spec.given([registered, ...forgotten.slice(2)]).when({ type: 'StartSession', data: { ...started.data, sessionId: 's9' } }).thenThrows('user.forgotten');
    spec.given([]).when(forget).thenThrows('user.not-found');
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

  it('is released by its owner’s erasure only, once, and can then be claimed again', () => {
    const data = { email: 'sealed:v1:…', userId: 'u1' };
    const released = { type: 'EmailReleased' as const, data: { userId: 'u1' } };
    claim.given([{ type: 'EmailClaimed', data }]).when({ type: 'ReleaseEmail', data: { userId: 'u2' } }).then([]);
    claim.given([{ type: 'EmailClaimed', data }]).when({ type: 'ReleaseEmail', data: { userId: 'u1' } }).then([released]);
    claim.given([{ type: 'EmailClaimed', data }, released]).when({ type: 'ReleaseEmail', data: { userId: 'u1' } }).then([]);
    claim.given([]).when({ type: 'ReleaseEmail', data: { userId: 'u1' } }).then([]);
    const again = { email: 'sealed:v1:…', userId: 'u2' };
    claim.given([{ type: 'EmailClaimed', data }, released]).when({ type: 'ClaimEmail', data: again }).then([{ type: 'EmailClaimed', data: again }]);
  });
});
