import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { FORGOTTEN } from '@app/audit';
import {
  DomainError,
  emailClaimDecider,
  normalizeEmail,
  streamName,
  userDecider,
} from '@app/domain';
import { AppConfigService } from '@app/config';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { READ_STORE, type AccountDoc, type MembershipsDoc, type ReadStore, type SessionDoc, type UserDoc } from '@app/read-models';
import { CommandExecutor } from '../commands/command-executor';
import { PersonalData } from '../privacy/personal-data';
import { PasswordHasher } from './password-hasher';
import { TokenService } from './token.service';

export interface SignedIn {
  readonly accessToken: string;
  readonly expiresIn: number;
  readonly refreshToken: string;
  readonly refreshExpiresAt: string;
}

/** The signed-in caller, as the auth guard puts it on the request. */
export interface Caller {
  readonly userId: string;
  readonly sessionId: string;
  readonly email: string;
  readonly name: string;
  /** When the access token used expires (epoch seconds); `null` for internal callers. */
  readonly accessExpiresAt: number | null;
  /** The request being served (its `X-Request-Id`): the events it writes carry it as their correlation id. */
  readonly requestId?: string;
}

/** What a caller's writes record about them: who, in which role, and the request as the correlation id. */
export function actorContext(caller: Caller, role: string): { actor: { id: string; role: string }; correlationId?: string } {
  return { actor: { id: caller.userId, role }, ...(caller.requestId === undefined ? {} : { correlationId: caller.requestId }) };
}

const SELF = 'self';
/** A claim this old without its user was left by a crash, not by a sign-up still in progress. */
const ORPHANED_CLAIM_MS = 60_000;

@Injectable()
export class AuthService {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(READ_STORE) private readonly views: ReadStore,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly config: AppConfigService,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly personal: PersonalData,
  ) {}

  /**
   * Claims the address (first writer wins, however many sign up at once), then
   * registers the user. A claim left without its user (a crash between the two
   * appends) is completed by the next sign-up for that address.
   */
  async signup(input: { email: string; password: string; name: string }): Promise<{ userId: string }> {
    const email = normalizeEmail(input.email);
    const passwordHash = await this.hasher.hash(input.password);
    let userId: string = randomUUID();
    // Named by the address's subject: the address itself never appears in a stream's name (docs/privacy.md).
    const claimStream = streamName('email', await this.personal.subject(email));
    // An account registered before addresses were sealed is found by its address.
    if ((await this.views.get<AccountDoc>('accounts', email)) !== null) throw new DomainError('user.email-taken', 'An account with this e-mail address exists');
    try {
      await this.executor.execute(claimStream, emailClaimDecider, { type: 'ClaimEmail', data: { email, userId } }, { actor: { id: userId, role: SELF } });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'user.email-taken') throw error;
      const claim = await this.executor.load(claimStream, emailClaimDecider);
      if (claim.state.status !== 'claimed') throw error;
      const owner = await this.executor.load(streamName('user', claim.state.userId), userDecider);
      if (owner.state.status !== 'none' || !(await this.claimIsOrphaned(claimStream))) throw error;
      userId = claim.state.userId;
    }
    try {
      await this.executor.execute(
        streamName('user', userId),
        userDecider,
        { type: 'RegisterUser', data: { userId, email, name: input.name, passwordHash } },
        { actor: { id: userId, role: SELF } },
      );
    } catch (error) {
      // Two sign-ups adopting the same orphaned claim: the second is told what everyone else is.
      if (error instanceof DomainError && error.code === 'user.exists') {
        throw new DomainError('user.email-taken', 'An account with this e-mail address exists');
      }
      throw error;
    }
    return { userId };
  }

  private async claimIsOrphaned(claimStream: string): Promise<boolean> {
    for await (const claim of this.events.readStream(claimStream, { limit: 1 })) {
      return Date.parse(claim.recordedAt) < Date.now() - ORPHANED_CLAIM_MS;
    }
    return false;
  }

  async login(input: { email: string; password: string }): Promise<SignedIn> {
    const userId = await this.passwordOwner(input.email, input.password);
    if (userId === null) throw new UnauthorizedException('Wrong e-mail address or password');
    const sessionId = randomUUID();
    const refresh = this.tokens.newRefreshToken(sessionId);
    const refreshExpiresAt = this.refreshExpiry();
    await this.executor.execute(
      streamName('user', userId),
      userDecider,
      { type: 'StartSession', data: { sessionId, refreshTokenHash: refresh.hash, expiresAt: refreshExpiresAt } },
      { actor: { id: userId, role: SELF } },
    );
    return this.signedIn(userId, sessionId, refresh.token, refreshExpiresAt);
  }

  /**
   * Whose account this is, when the password is right for the account of
   * this address; `null` otherwise, in the same time whether the account
   * exists or not. A forgotten user's password hash reads `forgotten user`:
   * no account, as for an unknown address.
   */
  async passwordOwner(email: string, password: string): Promise<string | null> {
    // By the address's subject; an account registered before addresses were sealed, by the address.
    const account =
      (await this.views.get<AccountDoc>('accounts', await this.personal.subject(email))) ?? (await this.views.get<AccountDoc>('accounts', normalizeEmail(email)));
    const [passwordHash] = account === null ? [null] : await this.personal.reveal([account.passwordHash]);
    const usable = passwordHash === null || passwordHash === FORGOTTEN ? null : passwordHash;
    const ok = await this.hasher.verify(usable, password);
    return ok && account !== null && usable !== null ? account.userId : null;
  }

  /** Exchanges a refresh token for new tokens; the old refresh token is spent. */
  async refresh(refreshToken: string): Promise<SignedIn> {
    const presented = this.tokens.parseRefreshToken(refreshToken);
    const session = presented === null ? null : await this.views.get<SessionDoc>('sessions', presented.sessionId);
    if (presented === null || session === null) throw new UnauthorizedException('This refresh token is not valid');
    const next = this.tokens.newRefreshToken(session.sessionId);
    const refreshExpiresAt = this.refreshExpiry();
    let result;
    try {
      result = await this.executor.execute(
        streamName('user', session.userId),
        userDecider,
        {
          type: 'RefreshSession',
          data: {
            sessionId: session.sessionId,
            presentedHash: presented.hash,
            refreshTokenHash: next.hash,
            expiresAt: refreshExpiresAt,
            now: new Date().toISOString(),
          },
        },
        { actor: { id: session.userId, role: SELF } },
      );
    } catch (error) {
      if (error instanceof DomainError && error.code.startsWith('session.')) throw new UnauthorizedException(error.message);
      throw error;
    }
    if (result.events.some((event) => event.type === 'SessionEnded')) {
      throw new UnauthorizedException('This refresh token was already used; the session has been ended for safety');
    }
    return this.signedIn(session.userId, session.sessionId, next.token, refreshExpiresAt);
  }

  /** Ends the caller's session: its access and refresh tokens stop working at once. */
  async logout(caller: Caller): Promise<void> {
    await this.executor.execute(
      streamName('user', caller.userId),
      userDecider,
      { type: 'EndSession', data: { sessionId: caller.sessionId } },
      actorContext(caller, SELF),
    );
  }

  /** Who carries this access token, or `null` when it is invalid, expired, or its session ended. */
  async authenticate(accessToken: string): Promise<Caller | null> {
    const claims = await this.tokens.verifyAccess(accessToken);
    if (claims === null) return null;
    const [session, user] = await Promise.all([
      this.views.get<SessionDoc>('sessions', claims.sid),
      this.views.get<UserDoc>('users', claims.sub),
    ]);
    if (session === null || user === null || session.ended || session.userId !== claims.sub) return null;
    if (session.expiresAt <= new Date().toISOString()) return null;
    const [email, name] = await this.personal.reveal([user.email, user.name]);
    return { userId: user.userId, sessionId: session.sessionId, email: email!, name: name!, accessExpiresAt: claims.exp };
  }

  async me(caller: Caller): Promise<{ id: string; email: string; name: string; projects: number }> {
    const memberships = await this.views.get<MembershipsDoc>('memberships', caller.userId);
    return {
      id: caller.userId,
      email: caller.email,
      name: caller.name,
      projects: Object.keys(memberships?.projects ?? {}).length,
    };
  }

  private refreshExpiry(): string {
    return new Date(Date.now() + this.config.values.auth.refreshTokenTtlSeconds * 1000).toISOString();
  }

  private async signedIn(userId: string, sessionId: string, refreshToken: string, refreshExpiresAt: string): Promise<SignedIn> {
    return {
      accessToken: await this.tokens.signAccess({ sub: userId, sid: sessionId }),
      expiresIn: this.tokens.accessTokenTtlSeconds,
      refreshToken,
      refreshExpiresAt,
    };
  }
}
