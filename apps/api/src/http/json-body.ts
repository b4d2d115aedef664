import { BadRequestException, HttpException, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import { TextDecoder } from 'node:util';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { PROBLEM_BASE } from './problem-details.filter';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Text in which one of them could be a key: written out, or with a `\u` escape anywhere. */
const MAY_HOLD_FORBIDDEN_KEY = /__proto__|constructor|prototype|\\u/;
const CHARSET = /;\s*charset\s*=\s*(?:"([^"]*)"|([^\s;]+))/i;
/** A `Content-Type` Fastify can read: `type/subtype`, then any parameters. */
const MEDIA_TYPE = /^\s*[\w!#$%&'*+.^`|~-]+\/[\w!#$%&'*+.^`|~-]+\s*(?:;|$)/;
const BOM = '\uFEFF';

class ForbiddenKeyError extends Error {
  constructor(readonly key: string) {
    super(`The key "${key}" is not allowed in a request body`);
  }
}

/**
 * A body that was refused while it was read. Fastify closes the connection
 * after a parser error; the body is read to its end instead (the connection
 * stays usable) and the refusal is raised before validation, as a problem.
 */
class RefusedBody {
  constructor(readonly problem: HttpException) {}
}

const refuse = {
  tooLarge: (limit: number) =>
    new PayloadTooLargeException({ type: `${PROBLEM_BASE}body-too-large`, message: `The body is larger than the ${limit} bytes this api accepts` }),
  encoding: () => new UnsupportedMediaTypeException({ type: `${PROBLEM_BASE}unsupported-encoding`, message: 'Send JSON in UTF-8' }),
  malformed: () => new BadRequestException({ type: `${PROBLEM_BASE}malformed-json`, message: 'The body is not valid JSON' }),
  forbiddenKey: (message: string) => new BadRequestException({ type: `${PROBLEM_BASE}forbidden-key`, message }),
};

/**
 * Request bodies: JSON (`application/json`) up to `limit` bytes, in UTF-8 or
 * UTF-16, identity, gzip, deflate or br encoded; a top-level object or array
 * (an empty body is `{}`); keys that could reach a prototype refused while
 * parsing, so the object is never built. A body of any other type is not read
 * (the route sees none, and validation says what is missing), nor is a body
 * whose `Content-Type` is not a media type at all. Bodies are parsed for every
 * method, GET included.
 */
export function acceptJsonBodies(fastify: FastifyInstance, limit: number): void {
  for (const method of ['GET', 'HEAD', 'TRACE']) fastify.addHttpMethod(method, { hasBody: true, overrideExisting: true });
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', (request: FastifyRequest, payload: IncomingMessage, done: (error: Error | null, body?: unknown) => void) => {
    readJson(request, payload, limit).then(
      (body) => done(null, body),
      (problem: HttpException) => done(null, new RefusedBody(problem)),
    );
  });
  fastify.addContentTypeParser('*', (_request: FastifyRequest, _payload: IncomingMessage, done: (error: Error | null, body?: unknown) => void) => {
    done(null, undefined);
  });
  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    const type = request.headers['content-type'];
    if (type !== undefined && !MEDIA_TYPE.test(type)) delete request.headers['content-type'];
    done(null, payload);
  });
  fastify.addHook('preValidation', (request, _reply, done) => {
    done(request.body instanceof RefusedBody ? request.body.problem : undefined);
  });
}

async function readJson(request: FastifyRequest, payload: IncomingMessage, limit: number): Promise<unknown> {
  // A request that says it has no body has none (not `{}`).
  if (request.headers['content-length'] === undefined && request.headers['transfer-encoding'] === undefined) return undefined;
  const charset = (CHARSET.exec(request.headers['content-type'] ?? '')?.slice(1).find((value) => value !== undefined) ?? 'utf-8').toLowerCase();
  if (!charset.startsWith('utf-')) throw refuse.encoding();
  let decoder: TextDecoder | undefined;
  try {
    if (charset !== 'utf-8') decoder = new TextDecoder(charset);
  } catch {
    throw refuse.encoding();
  }
  const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase();
  const declared = encoding === 'identity' && request.headers['content-length'] !== undefined ? Number(request.headers['content-length']) : undefined;
  const raw = await readAll(payload, encoding, declared, limit);
  let text = decoder === undefined ? raw.toString('utf8') : decoder.decode(raw);
  if (text.startsWith(BOM)) text = text.slice(1);
  if (text.length === 0) return {};
  const first = /^[\x20\x09\x0a\x0d]*(.?)/.exec(text)![1];
  if (first !== '{' && first !== '[') throw refuse.malformed();
  try {
    // A forbidden key is in the text as it is, or spelled with `\u` escapes: without either, no reviver is needed (it costs a call per value).
    if (!MAY_HOLD_FORBIDDEN_KEY.test(text)) return JSON.parse(text);
    return JSON.parse(text, (key: string, value: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) throw new ForbiddenKeyError(key);
      return value;
    });
  } catch (error) {
    throw error instanceof ForbiddenKeyError ? refuse.forbiddenKey(error.message) : refuse.malformed();
  }
}

/** The body's bytes, decompressed; refused past `limit` bytes, or when it is not as long as it said. */
function readAll(request: IncomingMessage, encoding: string, declared: number | undefined, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let decompressor: Transform | undefined;
    if (encoding !== 'identity') {
      decompressor = encoding === 'gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : undefined;
      if (decompressor === undefined) return reject(refuse.encoding());
      request.pipe(decompressor);
    }
    const stream: Readable = decompressor ?? request;
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const finish = (error: HttpException | null): void => {
      if (settled) return;
      settled = true;
      stream.removeListener('data', onData);
      if (error === null) return resolve(Buffer.concat(chunks, received));
      if (decompressor !== undefined) {
        request.unpipe(decompressor);
        decompressor.on('error', () => undefined);
        decompressor.destroy();
      }
      // Read what is left, so the answer leaves the connection usable.
      if (request.readableEnded || request.destroyed) return reject(error);
      request.on('end', () => reject(error));
      request.on('close', () => reject(error));
      request.resume();
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > limit) finish(refuse.tooLarge(limit));
      else chunks.push(chunk);
    };
    if (declared !== undefined && declared > limit) return finish(refuse.tooLarge(limit));
    stream.on('data', onData);
    stream.on('end', () => finish(declared !== undefined && declared !== received ? refuse.malformed() : null));
    stream.on('error', () => finish(refuse.malformed()));
    if (decompressor !== undefined) request.on('error', () => finish(refuse.malformed()));
    // The client went away before the body ended.
    request.on('close', () => {
      if (!request.complete) finish(refuse.malformed());
    });
  });
}
