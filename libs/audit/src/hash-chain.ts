import { hash as digest } from 'node:crypto';
import { canonicalize } from 'json-canonicalize';

/*
 * The tamper-evidence rule, in one place (docs/audit.md states it for
 * auditors): every event's metadata holds `hash`, the SHA-256 (lowercase hex)
 * of the RFC 8785 (JCS) canonical JSON of
 *
 *   { previousHash, streamId, revision, id, type, data, metadata }
 *
 * where `metadata` is the event's metadata without `hash`, and `previousHash`
 * is the `hash` of the event one revision earlier in the same stream, or
 * GENESIS_HASH for revision 0. Pure: the api uses it at append, the api's
 * verify route and the offline verifier to check, the projector to refuse a
 * broken link.
 */

/** The previous hash of a stream's first event (revision 0): 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** The metadata key that holds an event's hash. */
export const HASH_FIELD = 'hash';

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** An event as the chain sees it: what is stored of it, with its metadata (which may hold its hash). */
export interface ChainedEvent {
  readonly streamId: string;
  /** 0-based revision in its stream. */
  readonly revision: number;
  /** The event's id (a lowercase UUID). */
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** The outcome of checking one event against the hash of the event before it. */
export type LinkCheck =
  | { readonly ok: true; readonly hash: string }
  | { readonly ok: false; readonly code: 'unhashed' | 'mismatch'; readonly reason: string };

/** The object whose canonical JSON is hashed. */
export function hashedContent(previousHash: string, event: ChainedEvent): Record<string, unknown> {
  const { [HASH_FIELD]: _hash, ...metadata } = event.metadata ?? {};
  return {
    previousHash,
    streamId: event.streamId,
    revision: event.revision,
    id: event.id,
    type: event.type,
    // A store keeps absent data as JSON null; hash it as such.
    data: event.data === undefined ? null : event.data,
    metadata,
  };
}

/** The exact text that is hashed: RFC 8785 canonical JSON, as UTF-8. */
export function canonicalContent(previousHash: string, event: ChainedEvent): string {
  const content = hashedContent(previousHash, event);
  const ordered = orderedJson(content);
  // Plain JSON with its keys in canonical order: ECMAScript's JSON.stringify writes it exactly as RFC 8785 does.
  return ordered === NOT_PLAIN ? canonicalize(content) : JSON.stringify(ordered);
}

/** The hash an event must carry when the event before it carries `previousHash`. */
export function eventHash(previousHash: string, event: ChainedEvent): string {
  // One-shot hashing (Node ≥ 20.12): no Hash object per event.
  return digest('sha256', canonicalContent(previousHash, event), 'hex');
}

/**
 * The content as the event stands, written by JSON.stringify with the keys
 * of data and metadata in the order they come (the order they were stored
 * in). The api stores them in canonical order (`chainAppend`), so this is
 * the canonical content of almost every event, without sorting anything.
 */
function contentAsStored(previousHash: string, event: ChainedEvent): string {
  const { [HASH_FIELD]: _hash, ...metadata } = event.metadata ?? {};
  // Top-level keys written in canonical order.
  return JSON.stringify({
    data: event.data === undefined ? null : event.data,
    id: event.id,
    metadata,
    previousHash,
    revision: event.revision,
    streamId: event.streamId,
    type: event.type,
  });
}

/**
 * The JSON text an event's data and metadata were parsed from, as its store
 * holds it. A reader that keeps it (the SQLite event store) passes it to
 * `checkLink`, which then hashes that text rather than writing the event out.
 */
export interface StoredEventJson {
  readonly data: string;
  readonly metadata: string;
}

/** `,"hash":"`: what comes before the stored hash when it is the metadata's last member. */
const LAST_HASH_MEMBER = `,"${HASH_FIELD}":"`;
/** A string JSON writes between quotes as it is: printable ASCII but `"` and `\`. */
const PLAIN_STRING = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/**
 * The content of an event made of the text it was stored as, in canonical
 * order of its top-level members, nothing written out again: the stored data
 * text, and the stored metadata text without its last member, which must be
 * `"hash":"<stored>"` (a canonical order puts the hash last unless another
 * key sorts after "hash"); the id, stream and type between quotes as they
 * are, which must need no escape. `null` when the text is not so.
 */
function contentFromText(previousHash: string, event: ChainedEvent, json: StoredEventJson, stored: string): string | null {
  const metadata = json.metadata;
  const end = metadata.length - stored.length - 2;
  // `…,"hash":"<stored>"}`
  if (
    end <= LAST_HASH_MEMBER.length ||
    metadata.charCodeAt(metadata.length - 1) !== 125 ||
    metadata.charCodeAt(metadata.length - 2) !== 34 ||
    !metadata.endsWith(stored, metadata.length - 2) ||
    !metadata.endsWith(LAST_HASH_MEMBER, end)
  ) {
    return null;
  }
  if (!PLAIN_STRING.test(event.id) || !PLAIN_STRING.test(event.streamId) || !PLAIN_STRING.test(event.type) || !PLAIN_STRING.test(previousHash)) return null;
  return (
    `{"data":${json.data},"id":"${event.id}","metadata":${metadata.slice(0, end - LAST_HASH_MEMBER.length)}},` +
    `"previousHash":"${previousHash}","revision":${JSON.stringify(event.revision)},"streamId":"${event.streamId}","type":"${event.type}"}`
  );
}

/**
 * Whether `stored` is the hash of the event's content chained to
 * `previousHash`. First the content as stored is hashed: when that matches,
 * SHA-256 being collision resistant, the text hashed is the canonical content
 * the api hashed at append, and that text is this event (JSON.stringify
 * writes what a value holds), so the event is intact. Only when it does not
 * match (keys stored in another order, or the event changed) is the event
 * canonicalized and hashed again, which decides.
 *
 * Given the text the event's data and metadata were parsed from (`json`),
 * that text is hashed first, the event not written out at all. A match means
 * the text hashed is the canonical content hashed at append; canonical JSON
 * has no whitespace, no repeated key and no escape it can do without, so
 * each piece of that text is the canonical JSON of the part parsed from it:
 * the data parsed from the stored data text, the metadata parsed from the
 * stored metadata text but for its last member (the hash: a quote in the
 * suffix matched is a delimiter, since the stored hash, a SHA-256 in hex if
 * it matched, holds none and JSON escapes one inside a string), the id,
 * stream and type written as they are. The event is intact. On a mismatch
 * the event itself decides, as above.
 */
function hashMatches(stored: string, previousHash: string, event: ChainedEvent, json: StoredEventJson | undefined): boolean {
  if (json !== undefined) {
    const content = contentFromText(previousHash, event, json, stored);
    if (content !== null && digest('sha256', content, 'hex') === stored) return true;
  }
  return digest('sha256', contentAsStored(previousHash, event), 'hex') === stored || eventHash(previousHash, event) === stored;
}

/**
 * `value` with the keys of every object in canonical order (RFC 8785 3.2.3:
 * by UTF-16 code units), ready for JSON.stringify; NOT_PLAIN when
 * JSON.stringify of it might not be its canonical JSON: a key that
 * JavaScript would put first whatever the order of insertion (an integer
 * such as "7"), `__proto__`, a number that is not finite, a value JSON has
 * no form for (undefined, a function, a bigint), or an object that is not
 * plain (a Date: its JSON comes from toJSON). Those go to the library.
 */
function orderedJson(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : NOT_PLAIN;
    case 'object':
      break;
    default:
      return NOT_PLAIN;
  }
  if (value === null) return null;
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i += 1) {
      const item = orderedJson(value[i]);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      copy[i] = item;
    }
    return copy;
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return NOT_PLAIN;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  const copy: Record<string, unknown> = {};
  for (const key of keys) {
    if (key === '__proto__' || INTEGER_KEY.test(key)) return NOT_PLAIN;
    const item = orderedJson(record[key]);
    if (item === NOT_PLAIN) return NOT_PLAIN;
    copy[key] = item;
  }
  return copy;
}

const NOT_PLAIN = Symbol('not plain JSON');
const INTEGER_KEY = /^[0-9]+$/;

/**
 * `value` with the keys of every object in canonical order, so that the
 * JSON a store writes of it is its canonical JSON and verification hashes it
 * as it comes (`hashMatches`); `value` itself when it is not plain JSON.
 */
export function inCanonicalOrder<T>(value: T): T {
  const ordered = orderedJson(value);
  return ordered === NOT_PLAIN ? value : (ordered as T);
}

/** The hash stored in an event's metadata, or `null` when it carries none. */
export function storedHash(event: Pick<ChainedEvent, 'metadata'>): string | null {
  const hash = event.metadata?.[HASH_FIELD];
  return typeof hash === 'string' ? hash : null;
}

/** Whether a value has the form of a hash: 64 lowercase hex digits. */
export function isHash(value: unknown): value is string {
  return typeof value === 'string' && HEX_SHA256.test(value);
}

/**
 * Checks one link: `event` carries a hash, and it is the hash of its content
 * chained to `previousHash` (the hash the event one revision before it
 * carries; GENESIS_HASH for revision 0). The projector calls this to refuse to
 * advance past a broken link. `json`, when given, must be the very text the
 * event's data and metadata were parsed from (the event store's
 * `storedJson`): it is hashed first, and the event written out only when
 * that does not match.
 */
export function checkLink(previousHash: string, event: ChainedEvent, json?: StoredEventJson): LinkCheck {
  const stored = storedHash(event);
  if (stored === null) {
    return { ok: false, code: 'unhashed', reason: `revision ${event.revision} carries no hash (written before hashing, or its hash was removed)` };
  }
  if (!hashMatches(stored, previousHash, event, json)) {
    return { ok: false, code: 'mismatch', reason: `revision ${event.revision}: its hash does not match its content and the hash of the event before it` };
  }
  return { ok: true, hash: stored };
}

/**
 * The hash to chain the next event to, after `event`: its stored hash. An
 * event written before hashing carries none; what follows it then starts
 * again from GENESIS_HASH (verification reports the unhashed event anyway).
 */
export function chainHead(event: Pick<ChainedEvent, 'metadata'> | null): string {
  return (event === null ? null : storedHash(event)) ?? GENESIS_HASH;
}

/**
 * Events about to be appended to `streamId` after `revision` (-1: a new
 * stream) and the event whose hash is `previousHash`, with the hash of each
 * put in its metadata, chained in order. Returns them and the last hash.
 */
export function chainAppend<E extends { readonly id: string; readonly type: string; readonly data: unknown; readonly metadata?: Readonly<Record<string, unknown>> }>(
  streamId: string,
  revision: number,
  previousHash: string,
  events: readonly E[],
): { readonly events: Array<E & { readonly metadata: Record<string, unknown> }>; readonly lastHash: string } {
  let hash = previousHash;
  const chained = events.map((event, i) => {
    const { [HASH_FIELD]: _stale, ...rest } = event.metadata ?? {};
    // Stored with their keys in canonical order: verification then hashes them as they are read.
    const orderedData = orderedJson(event.data);
    const orderedMetadata = orderedJson(rest);
    const data = orderedData === NOT_PLAIN ? event.data : orderedData;
    const metadata = orderedMetadata === NOT_PLAIN ? rest : (orderedMetadata as Record<string, unknown>);
    const at = revision + 1 + i;
    hash =
      orderedData === NOT_PLAIN || orderedMetadata === NOT_PLAIN
        ? eventHash(hash, { streamId, revision: at, id: event.id, type: event.type, data, metadata })
        : digest('sha256', orderedContent(hash, streamId, at, event.id, event.type, JSON.stringify(orderedData), JSON.stringify(orderedMetadata)), 'hex');
    return { ...event, data, metadata: { ...metadata, [HASH_FIELD]: hash } };
  });
  return { events: chained, lastHash: hash };
}

/**
 * `canonicalContent` of an event whose data and metadata are already plain
 * JSON in canonical order, given as their JSON text: the top-level members
 * written in canonical order around them, the strings and the revision as
 * JSON.stringify writes them (as RFC 8785 does), without copying the event
 * again to order it.
 */
function orderedContent(previousHash: string, streamId: string, revision: number, id: string, type: string, data: string, metadata: string): string {
  return `{"data":${data},"id":${JSON.stringify(id)},"metadata":${metadata},"previousHash":${JSON.stringify(previousHash)},"revision":${JSON.stringify(revision)},"streamId":${JSON.stringify(streamId)},"type":${JSON.stringify(type)}}`;
}
