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

type BundleFailure = Extract<BundleResult, { ok: false }>;

/**
 * Checks a bundle line by line, needing nothing but the lines: the header's
 * form, every event's link (as `ChainWalk` checks a stream), that the events
 * cover exactly the header's range, and that the last hash is the header's
 * final hash. Stops at the first bad line. Synchronous per line, so a reader
 * can feed it whole chunks of lines without a promise per line.
 */
export class BundleCheck {
  private header: BundleHeader | null = null;
  private readonly walk = new ChainWalk();
  private lines = 0;
  private failure: BundleFailure | null = null;

  /** Checks the next line (without its newline); returns the failure once there is one. */
  line(text: string): BundleFailure | null {
    if (this.failure !== null) return this.failure;
    this.lines += 1;
    const fail = (reason: string, revision?: number): BundleFailure =>
      (this.failure = { ok: false, line: this.lines, ...(revision === undefined ? {} : { revision }), reason });
    if (this.header === null) {
      const parsed = parseHeader(text);
      if (typeof parsed === 'string') return fail(parsed);
      this.header = parsed;
      return null;
    }
    const event = parseEvent(text, this.header.stream);
    if (typeof event === 'string') return fail(event);
    if (event.revision > this.header.to) {
      return fail(`revision ${event.revision} is past the end of the range the header gives (${this.header.from}–${this.header.to})`, event.revision);
    }
    const broken = this.walk.next(event);
    return broken === null ? null : fail(broken.reason, broken.revision);
  }

  /** The verdict once every line was given. */
  end(): BundleResult {
    if (this.failure !== null) return this.failure;
    const { header, walk } = this;
    if (header === null) return { ok: false, line: 1, reason: 'the bundle is empty: no header' };
    if (walk.nextRevision !== header.to + 1) {
      return {
        ok: false,
        line: this.lines + 1,
        revision: walk.nextRevision,
        reason: `the bundle ends before revision ${walk.nextRevision}, but the header says it runs to revision ${header.to} (truncated)`,
      };
    }
    if (walk.lastHash !== header.finalHash) {
      return { ok: false, line: 1, reason: `the header's final hash ${header.finalHash} is not the hash the chain ends with (${walk.lastHash})` };
    }
    return { ok: true, header, count: walk.checked, finalHash: walk.lastHash };
  }
}

/** Checks a bundle given as its lines (without newlines). */
export async function verifyBundle(lines: AsyncIterable<string> | Iterable<string>): Promise<BundleResult> {
  const check = new BundleCheck();
  for await (const line of lines) {
    if (check.line(line) !== null) break;
  }
  return check.end();
}

/**
 * Checks a bundle read as bytes (a file, standard input): cut into lines at
 * each `\n` (a `\r` before it is dropped), each line decoded as UTF-8 on
 * its own, every line of a chunk checked in one go. A last line without its
 * newline counts as a line. Bytes that are not UTF-8 become U+FFFD, so their
 * line fails its hash.
 */
export async function verifyBundleBytes(chunks: AsyncIterable<Uint8Array | string>): Promise<BundleResult> {
  const check = new BundleCheck();
  /** The start of a line that began in an earlier chunk (copied: a reader may reuse its buffers). */
  let pending: Buffer | null = null;
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (let end = bytes.indexOf(NEWLINE); end !== -1; end = bytes.indexOf(NEWLINE, start)) {
      const line = pending === null ? lineOf(bytes, start, end) : lineOf(Buffer.concat([pending, bytes.subarray(start, end)]), 0, pending.length + end - start);
      pending = null;
      if (check.line(line) !== null) return check.end();
      start = end + 1;
    }
    if (start < bytes.length) pending = Buffer.concat(pending === null ? [bytes.subarray(start)] : [pending, bytes.subarray(start)]);
  }
  if (pending !== null) check.line(lineOf(pending, 0, pending.length));
  return check.end();
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

function lineOf(bytes: Buffer, start: number, end: number): string {
  return bytes.toString('utf8', start, end > start && bytes[end - 1] === CARRIAGE_RETURN ? end - 1 : end);
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
