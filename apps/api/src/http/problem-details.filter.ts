import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '@app/domain';
import { EventStoreUnavailableError } from '@app/event-store';
import { ReadStoreUnavailableError } from '@app/read-models';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from '@app/contracts';
import { redactPath } from './redact';

export const PROBLEM_BASE = 'https://client-projects.dev/problems/';

/**
 * Turns every error into problem details. Known errors say what went wrong;
 * anything unexpected is logged here and answered with a bare 500, so no stack
 * trace or internal detail ever reaches a caller.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const response = http.getResponse<FastifyReply>();
    if (exception instanceof StoredResponse) {
      // A repeated Idempotency-Key: the first answer, exactly as it was.
      if (response.sent) return;
      for (const [name, value] of Object.entries(exception.headers)) response.header(name, value);
      response.header('Idempotent-Replayed', 'true');
      response.status(exception.status).type(exception.contentType).send(JSON.stringify(exception.body));
      return;
    }
    const problem = problemFor(exception, redactPath(request.originalUrl));
    if (problem.status >= 500 && problem.status !== 503) {
      this.logger.error(`${request.method} ${redactPath(request.originalUrl)}: ${describe(exception)}`, stackOf(exception));
    }
    if (response.sent) return;
    if (problem.status === 503) response.header('Retry-After', '1');
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}

/** The answer a first request got, to be sent again for a repeated Idempotency-Key. */
export class StoredResponse {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly contentType: string,
    readonly headers: Readonly<Record<string, string>>,
  ) {}
}

/** The problem details for any error: the one mapping, used by the filter and by idempotency records. */
export function problemFor(exception: unknown, instance: string): ProblemDetails {
  if (exception instanceof EventStoreUnavailableError || exception instanceof ReadStoreUnavailableError) {
    return {
      type: `${PROBLEM_BASE}store-unavailable`,
      title: 'Service Unavailable',
      status: 503,
      detail: 'The store cannot take this request right now; nothing was written. Try again shortly.',
      instance,
    };
  }
  if (exception instanceof DomainError) {
    const status = statusForDomainError(exception.code);
    return {
      type: `${PROBLEM_BASE}${exception.code}`,
      title: titleFor(status),
      status,
      detail: exception.message,
      instance,
      code: exception.code,
      ...(exception.details ?? {}),
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const title = titleFor(status);
    const extra = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const message = extra.message ?? (typeof body === 'string' ? body : undefined);
    const detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' && message !== title ? message : undefined;
    const { message: _m, statusCode: _s, error: _e, ...extensions } = extra;
    return {
      type: typeof extensions.type === 'string' ? extensions.type : `${PROBLEM_BASE}${slug(title)}`,
      title,
      status,
      ...(detail !== undefined ? { detail } : {}),
      instance,
      ...extensions,
    };
  }
  return {
    type: `${PROBLEM_BASE}internal-error`,
    title: 'Internal Server Error',
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    instance,
  };
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * A missing thing is 404, an act the actor may not do is 403, an edit of a
 * version that is no longer current is 412 (with the current state); any other
 * broken rule is 409.
 */
function statusForDomainError(code: string): number {
  if (code.endsWith('.not-found')) return 404;
  if (code.endsWith('.version-conflict')) return 412;
  if (code.endsWith('.forbidden')) return 403;
  return 409;
}

function titleFor(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Request Error');
}

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

function describe(exception: unknown): string {
  return exception instanceof Error ? `${exception.name}: ${exception.message}` : String(exception);
}

function stackOf(exception: unknown): string | undefined {
  return exception instanceof Error ? exception.stack : undefined;
}
