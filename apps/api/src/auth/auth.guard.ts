import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthService, type Caller } from './auth.service';
import { PUBLIC_ROUTE } from './auth.decorators';

/**
 * Authentication for every route, unless it is marked `@Public()`: a bearer
 * access token with a valid signature, algorithm, issuer, audience and expiry,
 * whose session is still live.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { caller?: Caller }>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]{1,4096})$/.exec(header) : null;
    const caller = match === null ? null : await this.auth.authenticate(match[1]!);
    if (caller === null) {
      context.switchToHttp().getResponse<FastifyReply>().header('WWW-Authenticate', 'Bearer');
      throw new UnauthorizedException(
        match === null ? 'Sign in first: this needs an access token (Authorization: Bearer …)' : 'This access token is not valid, has expired, or its session has ended',
      );
    }
    request.caller = { ...caller, requestId: request.id };
    return true;
  }
}
