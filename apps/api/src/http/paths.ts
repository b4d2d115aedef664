import { BadRequestException } from '@nestjs/common';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { IncomingMessage } from 'node:http';

/** Requests whose path held a `%` sequence that decodes to no character. */
const undecodable = new WeakSet<IncomingMessage>();

/**
 * Paths as the api has always matched them: whatever their case, with or
 * without a trailing slash, parameters of any length. A path that cannot be
 * percent-decoded is not refused by the router: it is routed with its `%`
 * taken literally, so it meets the same answers as any other path (404 for
 * a path the api does not serve, security headers and all), and a route
 * parameter that cannot be decoded is a 400 (see `refuseUndecodableParams`).
 */
export function routing(): Pick<FastifyServerOptions, 'routerOptions' | 'rewriteUrl'> {
  return {
    // Node reads at most 16 KiB of headers, request line included: no parameter is longer.
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 16 * 1024 },
    rewriteUrl: (request) => {
      const url = request.url ?? '/';
      if (!url.includes('%')) return url;
      const end = url.search(/[?#]/);
      const path = end === -1 ? url : url.slice(0, end);
      try {
        decodeURI(path);
        return url;
      } catch {
        undecodable.add(request);
        return path.replaceAll('%', '%25') + (end === -1 ? '' : url.slice(end));
      }
    },
  };
}

/** A route parameter that cannot be percent-decoded: 400, naming it as sent. */
export function refuseUndecodableParams(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    // A path no route serves is a 404, whatever it holds.
    if (!undecodable.has(request.raw) || request.is404) return done();
    for (const value of Object.values((request.params ?? {}) as Record<string, string>)) {
      try {
        decodeURIComponent(value);
      } catch {
        return done(new BadRequestException(`Failed to decode param '${value}'`));
      }
    }
    done();
  });
}
