import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  UnprocessableEntityException,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { catchError, from, mergeMap, type Observable } from 'rxjs';
import { PROBLEM_CONTENT_TYPE } from '@app/contracts';
import { READ_STORE, type ReadStore } from '@app/read-models';
import type { Caller } from '../auth/auth.service';
import { problemFor, StoredResponse } from './problem-details.filter';
import { redactPath } from './redact';

/** Where idempotency records live: operational state, not a projected view, and not in the event log. */
export const IDEMPOTENCY_VIEW = 'idempotency';
/** A key is remembered this long. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A request still "in progress" after this long was lost (its process stopped); the key may be used again. */
const ABANDONED_AFTER_MS = 60 * 1000;
const KEY = /^[\x21-\x7e]{1,255}$/;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const REPLAYED_HEADERS = ['etag', 'location'];

type IdempotencyRecord =
  | { readonly state: 'pending'; readonly fingerprint: string; readonly at: number }
  | {
      readonly state: 'completed';
      readonly fingerprint: string;
      readonly at: number;
      readonly status: number;
      readonly body: unknown;
      readonly contentType: string;
      readonly headers: Record<string, string>;
    };

/**
 * `Idempotency-Key` on any write: the first request with a key runs and its
 * answer (success or problem) is recorded; a repeat with the same key and the
 * same request gets that answer again and writes nothing; the same key with a
 * different request is a 422; a repeat while the first is still running is a
 * 409. Keys belong to the caller (another user's same key is another key).
 * A server error (5xx) is not recorded: the request may simply be retried.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@Inject(READ_STORE) private readonly store: ReadStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { caller?: Caller }>();
    const response = http.getResponse<FastifyReply>();
    const header = request.headers['idempotency-key'];
    if (header === undefined || !WRITES.has(request.method)) return next.handle();
    if (typeof header !== 'string' || !KEY.test(header)) {
      throw new BadRequestException('Idempotency-Key must be 1 to 255 visible ASCII characters');
    }
    const owner = request.caller?.userId ?? `address:${request.ip}`;
    const id = sha256(`${owner}\n${header}`);
    const fingerprint = sha256(`${request.method} ${request.originalUrl}\n${JSON.stringify(request.body ?? null)}`);

    return from(this.begin(id, fingerprint)).pipe(
      mergeMap(() =>
        next.handle().pipe(
          mergeMap(async (body: unknown) => {
            const headers: Record<string, string> = {};
            for (const name of REPLAYED_HEADERS) {
              const value = response.getHeader(name);
              if (typeof value === 'string') headers[name] = value;
            }
            await this.store.put(IDEMPOTENCY_VIEW, id, {
              state: 'completed',
              fingerprint,
              at: Date.now(),
              status: response.statusCode,
              body: body ?? null,
              contentType: 'application/json',
              headers,
            } satisfies IdempotencyRecord);
            return body;
          }),
          catchError(async (error: unknown) => {
            const problem = problemFor(error, redactPath(request.originalUrl));
            if (problem.status >= 500) {
              await this.store.put(IDEMPOTENCY_VIEW, id, null).catch(() => undefined);
            } else {
              await this.store.put(IDEMPOTENCY_VIEW, id, {
                state: 'completed',
                fingerprint,
                at: Date.now(),
                status: problem.status,
                body: problem,
                contentType: PROBLEM_CONTENT_TYPE,
                headers: {},
              } satisfies IdempotencyRecord);
            }
            throw error;
          }),
        ),
      ),
    );
  }

  /** Claims the key, or answers for the request that claimed it first. */
  private async begin(id: string, fingerprint: string): Promise<void> {
    const claim: IdempotencyRecord = { state: 'pending', fingerprint, at: Date.now() };
    if (await this.store.insertIfAbsent(IDEMPOTENCY_VIEW, id, claim)) return;
    const existing = await this.store.get<IdempotencyRecord>(IDEMPOTENCY_VIEW, id);
    const now = Date.now();
    const stale =
      existing === null ||
      now - existing.at > IDEMPOTENCY_TTL_MS ||
      (existing.state === 'pending' && now - existing.at > ABANDONED_AFTER_MS);
    if (stale) {
      await this.store.put(IDEMPOTENCY_VIEW, id, claim);
      return;
    }
    if (existing.fingerprint !== fingerprint) {
      throw new UnprocessableEntityException('This Idempotency-Key was used with a different request');
    }
    if (existing.state === 'pending') {
      throw new ConflictException('A request with this Idempotency-Key is still being processed; retry shortly');
    }
    throw new StoredResponse(existing.status, existing.body, existing.contentType, existing.headers);
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
