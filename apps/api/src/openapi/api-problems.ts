import { applyDecorators } from '@nestjs/common';
import { ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ProblemDetailsDto } from './problem-details.dto';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input; `errors` lists each field',
  401: 'No valid access token',
  403: 'Your role in this project does not allow this',
  404: 'No such thing — also for a project you are not a member of',
  409: 'A rule of the domain was broken; `code` says which',
  412: 'The item changed since the version you sent',
  413: 'The body is too large',
  422: 'The idempotency key was used with a different body',
  429: 'Too many requests; slow down',
};

/** Documents the RFC 9457 problem answers a route can give. */
export function ApiProblems(...statuses: number[]): MethodDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status],
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
      }),
    ),
  );
}
