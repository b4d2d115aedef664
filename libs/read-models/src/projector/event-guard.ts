import { checkLink, storedHash, GENESIS_HASH } from '@app/audit';
import { storedJson, type EventStore, type RecordedEvent } from '@app/event-store';

/**
 * What the projector asks before it folds an event: may this event be folded?
 * `prepare` is given each batch first (to read what `check` needs); `check`
 * then answers for each event in log order; `reset` forgets everything when
 * the projector goes back to its checkpoint.
 */
export interface EventGuard {
  prepare(batch: readonly RecordedEvent[]): Promise<void>;
  /** `null`: fold it; else why the projector must not go past it. */
  check(event: RecordedEvent): string | null;
  reset(): void;
}

/** A stream's last revision checked and its hash (`null`: no event of it carried a hash yet). */
interface StreamHead {
  revision: number;
  hash: string | null;
}

/** An event's place, for a refusal. */
const where = (event: RecordedEvent): string => `${event.streamId}@${event.revision} (position ${event.position})`;

/**
 * The projector's side of tamper evidence (docs/audit.md): every event must
 * carry the hash of its content chained to the hash of the event one revision
 * before it in its stream, and follow it without a gap. The last hash of each
 * stream is kept; a stream first met after its start has its previous event
 * read once.
 *
 * Streams written before events were hashed (older data folders) carry no
 * hash from their start: their events are folded as long as none of the
 * stream's events so far carried one, and the first hashed event chains from
 * the genesis hash, as the api appends it. Once a stream carries hashes, an
 * event without one is refused. `GET …/audit/verify` reports such a stream
 * as broken at its first unhashed revision either way.
 */
export class HashChainGuard implements EventGuard {
  /** Per stream: its last revision and hash (`null`: no event of it carried a hash yet). */
  private readonly heads = new Map<string, StreamHead>();

  constructor(private readonly events: Pick<EventStore, 'readStream'>) {}

  async prepare(batch: readonly RecordedEvent[]): Promise<void> {
    // The revision each stream not met yet starts at in this batch.
    const firstSeen = new Map<string, number>();
    for (const event of batch) {
      if (!this.heads.has(event.streamId) && !firstSeen.has(event.streamId)) firstSeen.set(event.streamId, event.revision);
    }
    for (const [streamId, revision] of firstSeen) {
      if (revision === 0) continue;
      for await (const previous of this.events.readStream(streamId, { from: revision - 1, limit: 1 })) {
        if (previous.revision === revision - 1) this.heads.set(streamId, { revision: previous.revision, hash: storedHash(previous) });
      }
    }
  }

  check(event: RecordedEvent): string | null {
    const head = this.heads.get(event.streamId);
    if (head === undefined && event.revision !== 0) return `the hash chain is broken at ${where(event)}: the event before it cannot be read`;
    const revision = head?.revision ?? -1;
    const previous = head?.hash ?? null;
    if (event.revision !== revision + 1) return `the hash chain is broken at ${where(event)}: revision ${revision + 1} was expected (an event missing, repeated or out of order)`;
    let hash: string | null = null;
    if (storedHash(event) !== null || previous !== null) {
      // The stored text is hashed when the store kept it (SQLite): the event need not be written out again.
      const link = checkLink(previous ?? GENESIS_HASH, event, storedJson(event));
      if (!link.ok) return `the hash chain is broken at ${where(event)}: ${link.reason}`;
      hash = link.hash;
    }
    // Otherwise written before hashing, like everything before it in its stream.
    if (head === undefined) this.heads.set(event.streamId, { revision: event.revision, hash });
    else {
      head.revision = event.revision;
      head.hash = hash;
    }
    return null;
  }

  reset(): void {
    this.heads.clear();
  }
}
