import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes } from 'node:crypto';
import { AppConfigService } from '@app/config';

export const TOKEN_ISSUER = 'client-projects';
export const TOKEN_AUDIENCE = 'client-projects-api';
export const TOKEN_ALGORITHM = 'HS256';

export interface AccessClaims {
  /** The user id. */
  readonly sub: string;
  /** The session the token belongs to: ending the session revokes the token. */
  readonly sid: string;
}

export interface VerifiedAccess extends AccessClaims {
  /** When the token expires (epoch seconds). */
  readonly exp: number;
}

/** Valid access tokens remembered, so that a token is checked once rather than on every request. */
const VERIFIED_TOKENS = 10_000;

/** Access tokens (short-lived JWTs) and refresh tokens (opaque, single-use, stored hashed). */
@Injectable()
export class TokenService {
  /** Tokens found valid, with their claims, oldest first: the same token with the same key verifies the same until it expires. */
  private readonly verified = new Map<string, VerifiedAccess>();

  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfigService,
  ) {}

  get accessTokenTtlSeconds(): number {
    return this.config.values.auth.accessTokenTtlSeconds;
  }

  signAccess(claims: AccessClaims): Promise<string> {
    return this.jwt.signAsync(
      { sid: claims.sid },
      {
        subject: claims.sub,
        algorithm: TOKEN_ALGORITHM,
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        expiresIn: this.accessTokenTtlSeconds,
      },
    );
  }

  /** The claims of a valid token, or `null`: wrong algorithm, signature, issuer, audience, or expired. */
  async verifyAccess(token: string): Promise<VerifiedAccess | null> {
    const known = this.verified.get(token);
    if (known !== undefined) {
      // Expired as the JWT library judges it: at the second `exp`.
      if (Math.floor(Date.now() / 1000) < known.exp) return known;
      this.verified.delete(token);
      return null;
    }
    try {
      const payload = await this.jwt.verifyAsync<{ sub?: unknown; sid?: unknown; exp?: unknown }>(token, {
        algorithms: [TOKEN_ALGORITHM],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
      });
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || typeof payload.exp !== 'number') return null;
      const claims = { sub: payload.sub, sid: payload.sid, exp: payload.exp };
      if (this.verified.size >= VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, claims);
      return claims;
    } catch {
      return null;
    }
  }

  /** A new refresh token for a session: `<sessionId>.<secret>`, and the hash that is stored. */
  newRefreshToken(sessionId: string): { token: string; hash: string } {
    const secret = randomBytes(32).toString('base64url');
    return { token: `${sessionId}.${secret}`, hash: hashSecret(secret) };
  }

  /** Splits a presented refresh token; `null` when it is not of our shape. */
  parseRefreshToken(token: string): { sessionId: string; hash: string } | null {
    const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
    return match === null ? null : { sessionId: match[1]!, hash: hashSecret(match[2]!) };
  }

  /** A single-use token for an invitation e-mail, and the hash that is stored. */
  newInvitationToken(): { token: string; hash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: hashSecret(token) };
  }

  hashInvitationToken(token: string): string {
    return hashSecret(token);
  }
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
