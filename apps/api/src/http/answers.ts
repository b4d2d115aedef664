import etag from 'etag';
import type { FastifyInstance } from 'fastify';
import fresh from 'fresh';

const CHARSET = /;\s*charset\s*=/i;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every answer with a body, as the api has sent it since it first ran (on
 * Express, whose `etag` and `fresh` modules these are): text says it is
 * UTF-8; a validator, a write's revision as its ETag, or else a
 * weak one computed from the body; and a GET or HEAD whose `If-None-Match`
 * still matches gets `304 Not Modified` and no body, so a client (or a
 * browser's cache) may revalidate a view instead of downloading it again.
 */
export function completeAnswers(fastify: FastifyInstance): void {
  // Every write that answers a `revision` carries it as its ETag: the project's revision after the write.
  fastify.addHook('preSerialization', (request, reply, payload, done) => {
    const revision = (payload as { revision?: unknown } | null)?.revision;
    if (WRITES.has(request.method) && typeof revision === 'number' && !reply.sent) reply.header('ETag', `"${revision}"`);
    done(null, payload);
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return done(null, payload);
    const type = reply.getHeader('content-type');
    if (typeof payload === 'string' && typeof type === 'string' && !CHARSET.test(type)) reply.header('content-type', `${type}; charset=utf-8`);
    let tag = reply.getHeader('etag');
    if (tag === undefined) {
      tag = etag(payload, { weak: true });
      reply.header('etag', tag);
    }
    const status = reply.statusCode;
    const validates = (request.method === 'GET' || request.method === 'HEAD') && ((status >= 200 && status < 300) || status === 304);
    if (!validates || !fresh(request.headers, { etag: String(tag), 'last-modified': reply.getHeader('last-modified') as string | undefined })) {
      return done(null, payload);
    }
    reply.code(304);
    reply.removeHeader('content-type');
    reply.removeHeader('content-length');
    reply.removeHeader('transfer-encoding');
    done(null, null);
  });
}
