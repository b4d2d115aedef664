import { ChainWalk } from './chain-walk';
import { isHash, type ChainedEvent } from './hash-chain';

/*
 * The export bundle (NDJSON, one JSON text per line, `\n` between lines):
 * line 1 is the header, every following line one event of the stream, in
 * revision order from `from` to `to`. docs/audit.md describes it for auditors.
 */

/** The value of the header's `format`. */
export const BUNDLE_FORMAT = 'client-projects/audit-export@1';

/** Line 1 of a bundle. */
export interface BundleHeader {
  readonly format: typeof BUNDLE_FORMAT;
  readonly projectId: string;
  /** The stream the events belong to (`project-<projectId>`): part of every hashed content. */
  readonly stream: string;
  /** First and last revision in the bundle (`to` = -1 and `count` = 0 for an empty stream). */
  readonly from: number;
  readonly to: number;
  readonly count: number;
  /** The hash of the event at revision `to` (GENESIS_HASH when there is none). */
  readonly finalHash: string;
  readonly exportedAt: string;
  /** Where the rules are written down. */
  readonly rules: string;
}

/** Every other line: one event as stored; `metadata.hash` is its hash. `recordedAt` is informative (not hashed). */
export interface BundleEvent {
  readonly revision: number;
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly recordedAt?: string;
}

export function bundleHeader(input: { projectId: string; stream: string; to: number; finalHash: string; exportedAt: string }): BundleHeader {
  return {
    format: BUNDLE_FORMAT,
    projectId: input.projectId,
    stream: input.stream,
    from: 0,
    to: input.to,
    count: input.to + 1,
    finalHash: input.finalHash,
    exportedAt: input.exportedAt,
    rules: 'SHA-256 over RFC 8785 (JCS) canonical JSON, chained per stream; see docs/audit.md',
  };
}

/** An event as a bundle line holds it. */
export function bundleEvent(event: ChainedEvent & { readonly recordedAt?: string }): BundleEvent {
  return {
    revision: event.revision,
    id: event.id,
    type: event.type,
    data: event.data === undefined ? null : event.data,
    metadata: event.metadata ?? {},
    ...(event.recordedAt === undefined ? {} : { recordedAt: event.recordedAt }),
  };
}

/** One line of the bundle, with its newline. */
export function bundleLine(value: BundleHeader | BundleEvent): string {
  return `${JSON.stringify(value)}\n`;
}

/** What checking a bundle found. A failure names the first bad line (1-based) and, when known, its revision. */
export type BundleResult =
  | { readonly ok: true; readonly header: BundleHeader; readonly count: number; readonly finalHash: string }
  | { readonly ok: false; readonly line: number; readonly revision?: number; readonly reason: string };

/**
 * Checks a bundle line by line, needing nothing but the lines: the header's
 * form, every event's link (as `ChainWalk` checks a stream), that the events
 * cover exactly the header's range, and that the last hash is the header's
 * final hash. Stops at the first bad line.
 */
export async function verifyBundle(lines: AsyncIterable<string> | Iterable<string>): Promise<BundleResult> {
  let header: BundleHeader | null = null;
  let walk: ChainWalk | null = null;
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (header === null) {
      const parsed = parseHeader(line);
      if (typeof parsed === 'string') return { ok: false, line: lineNumber, reason: parsed };
      header = parsed;
      walk = new ChainWalk();
      continue;
    }
    const event = parseEvent(line, header.stream);
    if (typeof event === 'string') return { ok: false, line: lineNumber, reason: event };
    if (event.revision > header.to) {
      return { ok: false, line: lineNumber, revision: event.revision, reason: `revision ${event.revision} is past the end of the range the header gives (${header.from}–${header.to})` };
    }
    const broken = walk!.next(event);
    if (broken !== null) return { ok: false, line: lineNumber, revision: broken.revision, reason: broken.reason };
  }
  if (header === null) return { ok: false, line: 1, reason: 'the bundle is empty: no header' };
  if (walk!.nextRevision !== header.to + 1) {
    return {
      ok: false,
      line: lineNumber + 1,
      revision: walk!.nextRevision,
      reason: `the bundle ends before revision ${walk!.nextRevision}, but the header says it runs to revision ${header.to} (truncated)`,
    };
  }
  if (walk!.lastHash !== header.finalHash) {
    return { ok: false, line: 1, reason: `the header's final hash ${header.finalHash} is not the hash the chain ends with (${walk!.lastHash})` };
  }
  return { ok: true, header, count: walk!.checked, finalHash: walk!.lastHash };
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRevision(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= -1;
}

/** The header, or what is wrong with it. */
function parseHeader(line: string): BundleHeader | string {
  const value = parseJson(line);
  if (!isObject(value) || value.format !== BUNDLE_FORMAT) return `not an audit export: line 1 must be a header with "format": "${BUNDLE_FORMAT}"`;
  const { projectId, stream, from, to, count, finalHash } = value;
  if (typeof projectId !== 'string' || typeof stream !== 'string') return 'the header must name the project and its stream';
  if (from !== 0 || !isRevision(to) || count !== to + 1) return 'the header must give the range: from 0, to the last revision, and count = to + 1';
  if (!isHash(finalHash)) return 'the header must give the final hash: 64 lowercase hex digits';
  return value as unknown as BundleHeader;
}

/** One event line as the chain sees it, or what is wrong with it. */
function parseEvent(line: string, stream: string): ChainedEvent | string {
  const value = parseJson(line);
  if (!isObject(value)) return 'not a JSON object';
  const { revision, id, type, data, metadata } = value;
  if (!Number.isSafeInteger(revision) || typeof id !== 'string' || typeof type !== 'string' || !isObject(metadata) || !('data' in value)) {
    return 'not an event: it needs revision, id, type, data and metadata';
  }
  return { streamId: stream, revision: revision as number, id, type, data, metadata };
}
