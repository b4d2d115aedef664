import { DomainError } from '../domain-error';
import { noEntities, type Entities } from '../entities';
import type { DomainEvent } from '../event';

/** A signed-in session: its current refresh token (hashed) and those it replaced. */
export interface Session {
  readonly refreshTokenHash: string;
  readonly expiresAt: string;
  readonly previousHashes: readonly string[];
  readonly ended: boolean;
}

export type UserState =
  | { readonly status: 'none' }
  | {
      readonly status: 'registered';
      readonly userId: string;
      readonly email: string;
      readonly name: string;
      /** One per sign-in, kept once ended: grows with every login. */
      readonly sessions: Entities<Session>;
      /** They asked to be forgotten: every session ended, none starts again, and their personal data is erased (docs/privacy.md). */
      readonly forgotten: boolean;
    };

export type UserEvent =
  | DomainEvent<'UserRegistered', { userId: string; email: string; name: string; passwordHash: string }>
  | DomainEvent<'SessionStarted', { sessionId: string; refreshTokenHash: string; expiresAt: string }>
  | DomainEvent<'SessionRefreshed', { sessionId: string; refreshTokenHash: string; expiresAt: string }>
  | DomainEvent<'SessionEnded', { sessionId: string; reason: 'logout' | 'refresh-token-reused' | 'user-forgotten' }>
  | DomainEvent<'UserForgotten', { userId: string }>;

export type UserCommand =
  | { type: 'RegisterUser'; data: { userId: string; email: string; name: string; passwordHash: string } }
  | { type: 'StartSession'; data: { sessionId: string; refreshTokenHash: string; expiresAt: string } }
  | {
      type: 'RefreshSession';
      data: { sessionId: string; presentedHash: string; refreshTokenHash: string; expiresAt: string; now: string };
    }
  | { type: 'EndSession'; data: { sessionId: string } }
  | { type: 'ForgetUser'; data: { userId: string } };

export const initialUserState = (): UserState => ({ status: 'none' });

type Registered = Extract<UserState, { status: 'registered' }>;

function registered(state: UserState): Registered {
  if (state.status !== 'registered') throw new DomainError('user.not-found', 'No such user');
  return state;
}

/**
 * Accounts and their sessions. A refresh token is single-use: each refresh
 * replaces it, and presenting one already replaced ends the session (the token
 * was stolen, or the client is confused; either way nobody keeps it).
 */
export function decideUser(command: UserCommand, state: UserState): UserEvent[] {
  switch (command.type) {
    case 'RegisterUser':
      if (state.status !== 'none') throw new DomainError('user.exists', 'This user is already registered');
      return [{ type: 'UserRegistered', data: command.data }];
    case 'StartSession': {
      const user = registered(state);
      if (user.forgotten) throw new DomainError('user.forgotten', 'This user asked to be forgotten');
      if (user.sessions.has(command.data.sessionId)) {
        throw new DomainError('session.exists', 'This session already exists');
      }
      return [{ type: 'SessionStarted', data: command.data }];
    }
    case 'RefreshSession': {
      const session = registered(state).sessions.get(command.data.sessionId);
      if (session === undefined || session.ended) throw new DomainError('session.ended', 'This session has ended');
      if (session.previousHashes.includes(command.data.presentedHash)) {
        return [{ type: 'SessionEnded', data: { sessionId: command.data.sessionId, reason: 'refresh-token-reused' } }];
      }
      if (session.refreshTokenHash !== command.data.presentedHash) {
        throw new DomainError('session.invalid-token', 'This refresh token is not valid');
      }
      if (session.expiresAt <= command.data.now) throw new DomainError('session.expired', 'This session has expired');
      return [
        {
          type: 'SessionRefreshed',
          data: {
            sessionId: command.data.sessionId,
            refreshTokenHash: command.data.refreshTokenHash,
            expiresAt: command.data.expiresAt,
          },
        },
      ];
    }
    case 'EndSession': {
      const session = registered(state).sessions.get(command.data.sessionId);
      if (session === undefined || session.ended) return [];
      return [{ type: 'SessionEnded', data: { sessionId: command.data.sessionId, reason: 'logout' } }];
    }
    case 'ForgetUser': {
      // Their personal data is erased outside the log (their key is deleted); the log records that it was asked, and ends every session.
      const user = registered(state);
      if (user.forgotten) return [];
      return [
        ...user.sessions
          .filter((session) => !session.ended)
          .keySeq()
          .map((sessionId): UserEvent => ({ type: 'SessionEnded', data: { sessionId, reason: 'user-forgotten' } })),
        { type: 'UserForgotten', data: { userId: user.userId } },
      ];
    }
  }
}

function withSession(user: Registered, sessionId: string, session: Session): Registered {
  return { ...user, sessions: user.sessions.set(sessionId, session) };
}

export function evolveUser(state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'UserRegistered':
      return { status: 'registered', userId: event.data.userId, email: event.data.email, name: event.data.name, sessions: noEntities(), forgotten: false };
    case 'SessionStarted':
      return withSession(registered(state), event.data.sessionId, {
        refreshTokenHash: event.data.refreshTokenHash,
        expiresAt: event.data.expiresAt,
        previousHashes: [],
        ended: false,
      });
    case 'SessionRefreshed': {
      const user = registered(state);
      const session = user.sessions.get(event.data.sessionId)!;
      return withSession(user, event.data.sessionId, {
        refreshTokenHash: event.data.refreshTokenHash,
        expiresAt: event.data.expiresAt,
        previousHashes: [...session.previousHashes, session.refreshTokenHash],
        ended: false,
      });
    }
    case 'SessionEnded': {
      const user = registered(state);
      return withSession(user, event.data.sessionId, { ...user.sessions.get(event.data.sessionId)!, ended: true });
    }
    case 'UserForgotten':
      return { ...registered(state), email: '', name: '', forgotten: true };
  }
}

export const userDecider = { decide: decideUser, evolve: evolveUser, initialState: initialUserState };
