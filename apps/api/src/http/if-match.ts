import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * The entity version a writer saw, from `If-Match: "<version>"`; `undefined`
 * when the header is absent (the write then applies to whatever is current).
 */
export const IfMatch = createParamDecorator((_data: unknown, context: ExecutionContext): number | undefined => {
  const header = context.switchToHttp().getRequest<FastifyRequest>().headers['if-match'];
  if (header === undefined) return undefined;
  const match = typeof header === 'string' ? /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header) : null;
  if (match === null) throw new BadRequestException('If-Match must be the version you saw, for example "3"');
  return Number(match[1]);
});
