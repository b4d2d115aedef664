import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Caller } from './auth.service';

export const PUBLIC_ROUTE = 'auth:public';
export const AUTH_RATE_LIMITED = 'auth:rate-limited';
export const ACCOUNT_RATE_LIMITED = 'auth:account-rate-limited';

/** The route needs no access token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** The route takes credentials (sign-up, login, refresh): held to the strict per-address limit. */
export const AuthRateLimited = (): MethodDecorator => SetMetadata(AUTH_RATE_LIMITED, true);

/** The route tries a password for an account: also limited per account, whatever the address. */
export const AccountRateLimited = (): MethodDecorator => SetMetadata(ACCOUNT_RATE_LIMITED, true);

/** The signed-in caller. */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<{ caller?: Caller }>().caller;
  if (caller === undefined) throw new Error('CurrentCaller used on a route without authentication');
  return caller;
});
