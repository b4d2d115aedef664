import type { INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from '@app/contracts';
import type { AppConfig } from '@app/config';
import { redactPath } from './redact';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

class ForbiddenKeyError extends Error {
  constructor(readonly key: string) {
    super(`The key "${key}" is not allowed in a request body`);
  }
}

/**
 * The boundary: security headers, CORS from an allow-list, JSON bodies up to the
 * configured size, keys that could reach a prototype refused while parsing (the
 * object is never built), and every parsing failure answered as a problem.
 */
export function harden(app: INestApplication, config: AppConfig): void {
  const instance = app.getHttpAdapter().getInstance() as express.Express;
  instance.disable('x-powered-by');
  instance.set('trust proxy', config.http.trustProxy);
  app.use(helmet());
  const allowed = new Set(config.http.corsOrigins);
  app.enableCors({
    origin: (origin: string | undefined, callback: (error: Error | null, allow?: boolean) => void) =>
      callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'Caused-By'],
    exposedHeaders: ['ETag', 'Location', 'Retry-After'],
    maxAge: 600,
  });
  app.use(
    express.json({
      limit: config.http.bodyLimitBytes,
      strict: true,
      reviver: (key: string, value: unknown) => {
        if (FORBIDDEN_KEYS.has(key)) throw new ForbiddenKeyError(key);
        return value;
      },
    }),
  );
  app.use((error: unknown, request: Request, response: Response, next: NextFunction) => {
    if (response.headersSent) return next(error);
    const { status, type, detail } = describeBodyError(error);
    const problem: ProblemDetails = {
      type: `https://client-projects.dev/problems/${type}`,
      title: status === 413 ? 'Content Too Large' : status === 415 ? 'Unsupported Media Type' : 'Bad Request',
      status,
      detail,
      instance: redactPath(request.originalUrl),
    };
    response.status(status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  });
}

function describeBodyError(error: unknown): { status: number; type: string; detail: string } {
  const e = error as { type?: string; status?: number; limit?: number; cause?: unknown; message?: string };
  if (e.type === 'entity.too.large') {
    return { status: 413, type: 'body-too-large', detail: `The body is larger than the ${e.limit ?? ''} bytes this api accepts` };
  }
  if (e instanceof ForbiddenKeyError || (e.message !== undefined && /^The key ".*" is not allowed/.test(e.message))) {
    return { status: 400, type: 'forbidden-key', detail: e.message ?? 'A key in the body is not allowed' };
  }
  if (e.type === 'charset.unsupported' || e.type === 'encoding.unsupported') {
    return { status: 415, type: 'unsupported-encoding', detail: 'Send JSON in UTF-8' };
  }
  return { status: 400, type: 'malformed-json', detail: 'The body is not valid JSON' };
}
