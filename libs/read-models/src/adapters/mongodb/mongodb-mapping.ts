import {
  MongoClientClosedError,
  MongoError,
  MongoErrorLabel,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoOperationTimeoutError,
  MongoServerClosedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import type { GlobalPosition } from '@app/event-store';
import {
  CheckpointConflictError,
  ReadStoreUnavailableError,
  assertViewName,
  type ViewChange,
} from '../../read-store.port';

/**
 * The pure half of the MongoDB read store: names, encodings and error mapping,
 * kept apart from the driver calls so they are unit-tested without a server.
 */

/** Database used when neither the options nor the connection string name one. */
export const DEFAULT_DATABASE = 'client_projects';
export const CHECKPOINTS_COLLECTION = 'checkpoints';
export const VIEW_COLLECTION_PREFIX = 'view_';
/** Ids per `$in` query in `getMany`. */
export const MAX_IDS_PER_QUERY = 1000;
export const DEFAULT_LIST_LIMIT = 1000;
/**
 * MongoDB refuses documents nested deeper than 100 levels; the stored document
 * adds one (`{ _id, doc }`). Deeper values are kept as JSON text instead.
 */
export const MAX_NATIVE_DEPTH = 64;

// ---------------------------------------------------------------------------
// Names

/** `view_<view>`, after checking the view name against the safe alphabet. */
export function collectionNameForView(view: string): string {
  assertViewName(view);
  return `${VIEW_COLLECTION_PREFIX}${view}`;
}

/**
 * The database named in a connection string's path (`mongodb://h1,h2/db?x=y`),
 * or `undefined`. Parsed by hand: WHATWG `URL` rejects multi-host authorities,
 * and the driver's own parsed `dbName` falls back to `test`, which would hide
 * "no database given".
 */
export function databaseNameFromUrl(url: string): string | undefined {
  const scheme = /^mongodb(\+srv)?:\/\//i.exec(url);
  if (!scheme) return undefined;
  const rest = url.slice(scheme[0].length);
  // The authority ends at the first `/` or `?` (userinfo must percent-encode both).
  const end = rest.search(/[/?]/);
  if (end === -1 || rest[end] !== '/') return undefined;
  const path = rest.slice(end + 1).split('?', 1)[0] ?? '';
  if (path === '') return undefined;
  let name: string;
  try {
    name = decodeURIComponent(path);
  } catch {
    throw new RangeError(`Invalid database name in the connection string: ${JSON.stringify(path)}`);
  }
  return name === '' ? undefined : name;
}

// ---------------------------------------------------------------------------
// Positions

/** Positions are stored as decimal strings: they can exceed 64 bits (commit<<64|prepare). */
export function encodePosition(position: GlobalPosition): string {
  if (typeof position !== 'bigint' || position < 0n) {
    throw new RangeError(`Invalid checkpoint position: ${String(position)}`);
  }
  return position.toString(10);
}

export function decodePosition(stored: unknown, checkpoint = '?'): GlobalPosition {
  if (typeof stored !== 'string' || !/^\d+$/.test(stored)) {
    throw new Error(`Checkpoint ${checkpoint} holds an unreadable position: ${JSON.stringify(stored)}`);
  }
  return BigInt(stored);
}

/** The stored checkpoint document (or its absence) as a position. */
export function positionOf(stored: { position?: unknown } | null | undefined, checkpoint = '?'): GlobalPosition | null {
  return stored === null || stored === undefined ? null : decodePosition(stored.position, checkpoint);
}

/** The compare-and-set: throws when the stored checkpoint is not the expected one. */
export function assertExpectedCheckpoint(name: string, expected: GlobalPosition | null, actual: GlobalPosition | null): void {
  if (actual !== expected) throw new CheckpointConflictError(name, expected, actual);
}

// ---------------------------------------------------------------------------
// Document bodies

/**
 * How one JSON value is stored beside `_id`:
 * - `{ doc: value }` — the value as native BSON (readable and queryable in the
 *   shell) when that is known to round-trip exactly;
 * - `{ body: text }` — the JSON text otherwise.
 *
 * Why the fallback, rather than trusting BSON with any JSON value:
 * - field names starting with `$` or containing `.` are refused by servers
 *   before 5.0 and are still ambiguous afterwards (update operators, dotted
 *   paths; `{ $ref, $id }` sub-documents even come back as `DBRef` objects);
 * - a field name containing NUL cannot be encoded at all (BSON keys are C strings);
 * - an object with a `_bsontype` key is taken by the serializer for a BSON type;
 * - `__proto__` and empty field names are handled inconsistently across tools;
 * - documents nested deeper than the server's 100 levels are refused.
 * The JSON text has none of those limits and gives back exactly what
 * `JSON.stringify` wrote, like the SQLite adapter does.
 *
 * Every value first goes through JSON (`JSON.parse(JSON.stringify(v))`), so
 * the stored value is the JSON value the SQLite adapter would keep: `undefined`
 * properties vanish, dates become strings, `-0` becomes `0`, `toJSON` applies.
 */
export type StoredBody = { readonly doc: unknown } | { readonly body: string };

/** `null` when the change deletes the document (`doc` is null, or not JSON-representable). */
export function encodeBody(doc: unknown): StoredBody | null {
  if (doc === null) return null;
  const text = JSON.stringify(doc);
  // Like the SQLite adapter: a value JSON cannot represent (undefined, a function) deletes.
  if (text === undefined) return null;
  const value: unknown = JSON.parse(text);
  if (value === null) return null;
  return isNativeSafe(value) ? { doc: value } : { body: text };
}

/** The JSON value of a stored document (either encoding). */
export function decodeBody<T = unknown>(stored: { doc?: unknown; body?: unknown }): T {
  if (typeof stored.body === 'string') return JSON.parse(stored.body) as T;
  if ('doc' in stored) return stored.doc as T;
  throw new Error('The stored document has neither `doc` nor `body`');
}

/** Fields to fetch for `decodeBody`. */
export const BODY_PROJECTION = { doc: 1, body: 1 } as const;

/** True when `name` can be a BSON field name that round-trips unchanged through MongoDB. */
export function isSafeFieldName(name: string): boolean {
  return (
    name !== '' &&
    !name.startsWith('$') &&
    !name.includes('.') &&
    !name.includes('\u0000') &&
    name !== '_bsontype' &&
    name !== '__proto__'
  );
}

/** True when a JSON value can be stored as native BSON and read back unchanged. */
export function isNativeSafe(value: unknown, maxDepth = MAX_NATIVE_DEPTH): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= maxDepth) return false;
    if (Array.isArray(current)) {
      for (const item of current) stack.push({ value: item, depth: depth + 1 });
      continue;
    }
    for (const [key, item] of Object.entries(current)) {
      if (!isSafeFieldName(key)) return false;
      stack.push({ value: item, depth: depth + 1 });
    }
  }
  return true;
}

// ---------------------------------------------------------------------------
// Batches

/** One view's writes, in the batch's order (a later change to the same id wins). */
export interface ViewWrites {
  readonly view: string;
  readonly collection: string;
  readonly writes: ReadonlyArray<{ readonly id: string; readonly body: StoredBody | null }>;
}

/**
 * Groups a batch's changes per view, keeping their order inside each view,
 * and encodes every body. Views are checked (RangeError) before anything is written.
 */
export function groupChangesByView(changes: readonly ViewChange[]): ViewWrites[] {
  const groups = new Map<string, { view: string; collection: string; writes: Array<{ id: string; body: StoredBody | null }> }>();
  for (const change of changes) {
    let group = groups.get(change.view);
    if (!group) {
      group = { view: change.view, collection: collectionNameForView(change.view), writes: [] };
      groups.set(change.view, group);
    }
    if (typeof change.id !== 'string') throw new TypeError(`Invalid document id in view ${change.view}: ${String(change.id)}`);
    group.writes.push({ id: change.id, body: encodeBody(change.doc) });
  }
  return [...groups.values()];
}

/** `bulkWrite` models for one view: replace-or-insert for a body, delete for null. */
export function toBulkOperations(writes: ViewWrites['writes']): Array<
  | { replaceOne: { filter: { _id: string }; replacement: StoredBody; upsert: true } }
  | { deleteOne: { filter: { _id: string } } }
> {
  return writes.map(({ id, body }) =>
    body === null
      ? { deleteOne: { filter: { _id: id } } }
      : { replaceOne: { filter: { _id: id }, replacement: body, upsert: true } },
  );
}

/** Distinct ids in chunks of `size` (for `$in` queries). */
export function chunkIds(ids: readonly string[], size = MAX_IDS_PER_QUERY): string[][] {
  const unique = [...new Set(ids)];
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += size) chunks.push(unique.slice(i, i + size));
  return chunks;
}

/** The page size of `list`: default 1000, a non-negative integer otherwise (0: an empty page). */
export function normalizeLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIST_LIMIT;
  if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`Invalid list limit: ${String(limit)}`);
  return limit;
}

/** The `find` filter of a `list` page: ids after `afterId` (ordered by `_id`, binary string order). */
export function listFilter(afterId: string | undefined): { _id?: { $gt: string } } {
  return afterId === undefined ? {} : { _id: { $gt: afterId } };
}

// ---------------------------------------------------------------------------
// Errors

/**
 * Server error codes meaning "this node cannot take the request now" (not
 * primary, stepping down, shutting down, network trouble seen by the server).
 * They match the codes the driver itself treats as retryable.
 */
export const UNAVAILABLE_SERVER_CODES: ReadonlySet<number> = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  89, // NetworkTimeout
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  262, // ExceededTimeLimit
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

/**
 * Error labels the driver adds to errors that are safe to retry. A
 * `TransientTransactionError` or `UnknownTransactionCommitResult` that reaches
 * us has already outlived `withTransaction`'s own retries (120 s); retrying the
 * commit later is safe thanks to the checkpoint compare-and-set.
 */
export const UNAVAILABLE_LABELS: readonly string[] = [
  MongoErrorLabel.TransientTransactionError,
  MongoErrorLabel.UnknownTransactionCommitResult,
  MongoErrorLabel.RetryableWriteError,
];

/** True when the error says the store cannot be reached or cannot take the request now. */
export function isUnavailableError(error: unknown): boolean {
  if (!(error instanceof MongoError)) return false;
  if (
    error instanceof MongoNetworkError || // includes timeouts and cleared pools
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoClientClosedError ||
    error instanceof MongoServerClosedError ||
    error instanceof MongoOperationTimeoutError
  ) {
    return true;
  }
  if (UNAVAILABLE_LABELS.some((label) => error.hasErrorLabel(label))) return true;
  return error instanceof MongoServerError && typeof error.code === 'number' && UNAVAILABLE_SERVER_CODES.has(error.code);
}

/**
 * `ReadStoreUnavailableError` (with the driver error as `cause`) for
 * network, server-selection, closed-client and exhausted transient errors;
 * every other error — the port's own errors, RangeError, duplicate keys,
 * validation — unchanged.
 */
export function mapMongoError(error: unknown, message: string): unknown {
  if (error instanceof CheckpointConflictError || error instanceof ReadStoreUnavailableError) return error;
  if (isUnavailableError(error)) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return new ReadStoreUnavailableError(`${message}: ${detail}`, { cause: error });
  }
  return error;
}
