import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { redactPath } from '../http/redact';

/** The header that carries a request's id in (from a proxy or a client) and out (on every answer). */
export const REQUEST_ID_HEADER = 'x-request-id';
/** An id taken from a request as it is: short, and nothing a log line or a header could misread. */
const GIVEN_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Paths not logged per request: probes and scrapes, every few seconds. */
const QUIET = /^\/(health|metrics)\/?(\?|$)/i;

/**
 * A request's id (Fastify's `genReqId`): the `X-Request-Id` it came with when
 * that is a plain token (a proxy's or a caller's), else a new UUID. Fastify's
 * per-request logger writes it on every line as `requestId`, and the signed-in
 * caller carries it, so the events the request writes get it as their
 * correlation id.
 */
export function requestIdFor(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && GIVEN_ID.test(given) ? given : randomUUID();
}

/**
 * Every answer carries its request's id (`X-Request-Id`), and every request
 * ends with one log line: method, path (secrets in paths redacted), status and
 * time; `info` for 1xx–3xx, `warn` for 4xx, `error` for 5xx. No header or body
 * is ever logged.
 */
export function identifyAndLogRequests(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('X-Request-Id', request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const url = request.originalUrl;
    if (!QUIET.test(url)) {
      const status = reply.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      const log = request.log as Logger;
      if (!log.isLevelEnabled(level)) return done();
      const path = redactPath(url);
      log[level]({ method: request.method, path, status, ms: Math.round(reply.elapsedTime * 10) / 10 }, `${request.method} ${path} ${status}`);
    }
    done();
  });
}
