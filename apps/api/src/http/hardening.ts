import cors from '@fastify/cors';
import { HttpException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyServerOptions } from 'fastify';
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppConfig } from '@app/config';
import { PROBLEM_CONTENT_TYPE } from '@app/contracts';
import { READ_STORE, type ReadStore } from '@app/read-models';
import { requestIdFor } from '../observability/request-log';
import { completeAnswers } from './answers';
import { recordIdempotentAnswers } from './idempotency';
import { acceptJsonBodies } from './json-body';
import { refuseUndecodableParams, routing } from './paths';
import { problemFor } from './problem-details.filter';
import { redactPath } from './redact';

/**
 * `TRUST_PROXY` for Fastify: addresses and subnets as they are; a number of
 * hops as Express read it (and `proxy-addr`'s own hop rule): the nearest
 * `hops` proxies are trusted to name the address before them. Fastify 5.12
 * reads a bare number as "trust no proxy at all", so it gets the rule itself.
 */
function trustedProxies(setting: number | string): string | ((address: string, hop: number) => boolean) {
  if (typeof setting === 'string') return setting;
  return (_address, hop) => hop < setting;
}

/**
 * How the HTTP server is made: which proxies may name the client's address
 * (`TRUST_PROXY`, read as Express read it: hops, addresses, subnets), how
 * paths are matched, the connection timeouts of Node's own server, and
 * requests on open connections still served (not refused) while it closes.
 */
export function serverOptions(config: AppConfig): FastifyServerOptions {
  return {
    trustProxy: trustedProxies(config.http.trustProxy),
    genReqId: requestIdFor,
    bodyLimit: config.http.bodyLimitBytes,
    ...routing(),
    keepAliveTimeout: 5_000,
    requestTimeout: 300_000,
    return503OnClosing: false,
    // What the router itself refuses is a problem too (`routing()` leaves it nothing to refuse).
    frameworkErrors: (error, request, reply) => {
      const problem = problemFor(new HttpException(error.message, error.statusCode ?? 400), redactPath(request.originalUrl));
      void (reply as FastifyReply).status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
    },
  };
}

/**
 * helmet's default security headers, as helmet itself writes them: its
 * middleware run once on a response that only records them. They depend on
 * nothing in the request, so every answer gets the same set; running helmet's
 * eleven middlewares per request (what `@fastify/helmet` does) cost 3–4% of
 * the api's time under load (bench:commands).
 */
export function helmetDefaults(): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let done = false;
  helmet()({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error !== undefined && error !== null) throw error instanceof Error ? error : new Error(String(error));
    done = true;
  });
  if (!done) throw new Error('helmet did not finish synchronously: its headers cannot be computed once');
  return Object.freeze(headers);
}

/** Every answer, errors and preflights included, carries helmet's headers (set first, so a route may still override one). */
function sendSecurityHeaders(fastify: FastifyInstance): void {
  const headers = helmetDefaults();
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
}

/**
 * The boundary, in this order: security headers (helmet's defaults), CORS
 * from an allow-list, JSON bodies up to the configured size with keys that
 * could reach a prototype refused while parsing (the object is never built),
 * every failure answered as a problem, and answers completed with a charset
 * and a validator.
 */
export async function harden(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  sendSecurityHeaders(fastify);
  const allowed = new Set(config.http.corsOrigins);
  // Registered after helmet (not with app.enableCors(), whose hook runs first), so preflight answers carry its headers too.
  await app.register(cors, {
    // None allowed: no CORS header at all (not even `Vary: Origin`).
    origin: allowed.size === 0 ? false : (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: 'GET,POST,PATCH,DELETE',
    allowedHeaders: 'Authorization,Content-Type,If-Match,Idempotency-Key,Caused-By',
    exposedHeaders: 'ETag,Location,Retry-After',
    maxAge: 600,
    // Any OPTIONS from an allowed origin is answered as a preflight.
    strictPreflight: false,
  });
  refuseUndecodableParams(fastify);
  acceptJsonBodies(fastify, config.http.bodyLimitBytes);
  completeAnswers(fastify);
  // After completeAnswers: the answer is recorded as it is sent.
  recordIdempotentAnswers(fastify, app.get<ReadStore>(READ_STORE));
}
