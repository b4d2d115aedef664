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
  return canonicalize(hashedContent(previousHash, event));
}

/** The hash an event must carry when the event before it carries `previousHash`. */
export function eventHash(previousHash: string, event: ChainedEvent): string {
  // One-shot hashing (Node ≥ 20.12): no Hash object per event.
  return digest('sha256', canonicalContent(previousHash, event), 'hex');
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
 * advance past a broken link.
 */
export function checkLink(previousHash: string, event: ChainedEvent): LinkCheck {
  const stored = storedHash(event);
  if (stored === null) {
    return { ok: false, code: 'unhashed', reason: `revision ${event.revision} carries no hash (written before hashing, or its hash was removed)` };
  }
  if (eventHash(previousHash, event) !== stored) {
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
    const { [HASH_FIELD]: _stale, ...metadata } = event.metadata ?? {};
    hash = eventHash(hash, { streamId, revision: revision + 1 + i, id: event.id, type: event.type, data: event.data, metadata });
    return { ...event, metadata: { ...metadata, [HASH_FIELD]: hash } };
  });
  return { events: chained, lastHash: hash };
}
