import { checkLink, GENESIS_HASH, type ChainedEvent, type StoredEventJson } from './hash-chain';

/** Where and why a chain broke. */
export interface BrokenLink {
  /** The first revision that cannot be trusted. */
  readonly revision: number;
  readonly code: 'unhashed' | 'mismatch' | 'sequence';
  readonly reason: string;
}

/** What walking a stream found: `{ ok, checked, firstBrokenRevision? }`, the shape of `GET …/audit/verify`. */
export interface VerifyResult {
  readonly ok: boolean;
  /** Events whose link held, from the first on; when broken, those before the first broken revision. */
  readonly checked: number;
  readonly firstBrokenRevision?: number;
  /** Why the first broken revision is broken. */
  readonly reason?: string;
  /** The hash of the last event whose link held (GENESIS_HASH when none). */
  readonly lastHash: string;
}

/**
 * Walks one stream's events in revision order, each checked against the one
 * before it: revisions follow on without a gap or a repeat, and every
 * event's hash is the hash of its content chained to the previous hash. The
 * first broken link is kept and nothing after it is checked (everything
 * after a broken link is untrusted).
 */
export class ChainWalk {
  private expected: number;
  private hash: string;
  private verified = 0;
  private brokenLink: BrokenLink | null = null;

  /** Starts at revision `from` (default 0), after an event whose hash is `previousHash` (default GENESIS_HASH). */
  constructor(options: { readonly from?: number; readonly previousHash?: string } = {}) {
    this.expected = options.from ?? 0;
    this.hash = options.previousHash ?? GENESIS_HASH;
  }

  /**
   * Checks the next event; returns the broken link once the chain is broken
   * (this event or an earlier one). `json`, when given, is the very text the
   * event's data and metadata were parsed from (the event store's
   * `storedJson`), hashed first as `checkLink` says.
   */
  next(event: ChainedEvent, json?: StoredEventJson): BrokenLink | null {
    if (this.brokenLink !== null) return this.brokenLink;
    if (event.revision !== this.expected) {
      this.brokenLink = {
        revision: this.expected,
        code: 'sequence',
        reason: `revision ${this.expected} expected here, found revision ${event.revision} (an event missing, repeated or out of order)`,
      };
      return this.brokenLink;
    }
    const link = checkLink(this.hash, event, json);
    if (!link.ok) {
      this.brokenLink = { revision: event.revision, code: link.code, reason: link.reason };
      return this.brokenLink;
    }
    this.hash = link.hash;
    this.expected += 1;
    this.verified += 1;
    return null;
  }

  /** The revision the next event must have. */
  get nextRevision(): number {
    return this.expected;
  }

  /** The hash of the last event whose link held. */
  get lastHash(): string {
    return this.hash;
  }

  get checked(): number {
    return this.verified;
  }

  get broken(): BrokenLink | null {
    return this.brokenLink;
  }

  result(): VerifyResult {
    const broken = this.brokenLink;
    return broken === null
      ? { ok: true, checked: this.verified, lastHash: this.hash }
      : { ok: false, checked: this.verified, firstBrokenRevision: broken.revision, reason: broken.reason, lastHash: this.hash };
  }
}

/** Walks a whole stream (revision order, from 0) and stops at the first broken link. */
export async function verifyStream(events: AsyncIterable<ChainedEvent> | Iterable<ChainedEvent>): Promise<VerifyResult> {
  const walk = new ChainWalk();
  for await (const event of events) {
    if (walk.next(event) !== null) break;
  }
  return walk.result();
}
