import { BadRequestException, ConflictException, Inject, Injectable, UnprocessableEntityException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { READ_STORE, type ReadStore } from '@app/read-models';
import type { Caller } from '../auth/auth.service';
import { StoredResponse } from './problem-details.filter';

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

/** What the guard leaves on a request whose key it claimed: where its answer is to be recorded. */
interface Claimed {
  readonly id: string;
  readonly fingerprint: string;
}

type IdempotentRequest = FastifyRequest & { caller?: Caller; idempotency?: Claimed };

/**
 * The headers that change what a write means, as part of its fingerprint: the
 * same key sent with another `If-Match` (another version expected) or another
 * `Caused-By` is another request (422), not a repeat. Empty when neither is
 * sent, so fingerprints of plain requests are what they always were.
 */
function preconditions(request: FastifyRequest): string {
  const ifMatch = request.headers['if-match'];
  const causedBy = request.headers['caused-by'];
  if (ifMatch === undefined && causedBy === undefined) return '';
  return `If-Match: ${String(ifMatch ?? '')}\nCaused-By: ${String(causedBy ?? '')}\n`;
}

/**
 * `Idempotency-Key` on any write: the first request with a key runs and its
 * answer (success or problem) is recorded; a repeat with the same key and the
 * same request gets that answer again and writes nothing; the same key with a
 * different request is a 422; a repeat while the first is still running is a
 * 409. Keys belong to the caller (another user's same key is another key).
 * A server error (5xx) is not recorded: the request may simply be retried.
 *
 * The last guard claims the key (after the caller and their role are known,
 * before validation and the handler); `recordIdempotentAnswers` records the
 * answer as it is sent, whatever produced it. A guard and a hook rather than
 * an interceptor: a request without a key then costs nothing here.
 */
@Injectable()
export class IdempotencyGuard implements CanActivate {
  constructor(@Inject(READ_STORE) private readonly store: ReadStore) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<IdempotentRequest>();
    const header = request.headers['idempotency-key'];
    if (header === undefined || !WRITES.has(request.method)) return true;
    if (typeof header !== 'string' || !KEY.test(header)) {
      throw new BadRequestException('Idempotency-Key must be 1 to 255 visible ASCII characters');
    }
    const owner = request.caller?.userId ?? `address:${request.ip}`;
    const id = sha256(`${owner}\n${header}`);
    const fingerprint = sha256(`${request.method} ${request.originalUrl}\n${preconditions(request)}${JSON.stringify(request.body ?? null)}`);
    await this.begin(id, fingerprint);
    request.idempotency = { id, fingerprint };
    return true;
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

/**
 * Records the answer to a request whose key was claimed, as it is sent (status,
 * body, content type, ETag and Location), before it leaves: a retry that
 * arrives after the answer always finds it. A 5xx releases the key instead.
 */
export function recordIdempotentAnswers(fastify: FastifyInstance, store: ReadStore): void {
  fastify.addHook('onSend', async (request: IdempotentRequest, reply, payload) => {
    const claimed = request.idempotency;
    if (claimed === undefined) return payload;
    request.idempotency = undefined;
    const status = reply.statusCode;
    if (status >= 500) {
      await store.put(IDEMPOTENCY_VIEW, claimed.id, null).catch(() => undefined);
      return payload;
    }
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = reply.getHeader(name);
      if (typeof value === 'string') headers[name] = value;
    }
    const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '';
    const type = reply.getHeader('content-type');
    await store.put(IDEMPOTENCY_VIEW, claimed.id, {
      state: 'completed',
      fingerprint: claimed.fingerprint,
      at: Date.now(),
      status,
      body: text === '' ? null : (JSON.parse(text) as unknown),
      contentType: typeof type === 'string' ? type : 'application/json',
      headers,
    } satisfies IdempotencyRecord);
    return payload;
  });
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
