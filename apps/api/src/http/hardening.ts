import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import { HttpException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyServerOptions } from 'fastify';
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
 * How the HTTP server is made: which proxies may name the client's address
 * (`TRUST_PROXY`, read as Express read it: hops, addresses, subnets), how
 * paths are matched, the connection timeouts of Node's own server, and
 * requests on open connections still served (not refused) while it closes.
 */
export function serverOptions(config: AppConfig): FastifyServerOptions {
  return {
    trustProxy: config.http.trustProxy,
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
 * The boundary, in this order: security headers (helmet's defaults), CORS
 * from an allow-list, JSON bodies up to the configured size with keys that
 * could reach a prototype refused while parsing (the object is never built),
 * every failure answered as a problem, and answers completed with a charset
 * and a validator.
 */
export async function harden(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  await app.register(helmet);
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
