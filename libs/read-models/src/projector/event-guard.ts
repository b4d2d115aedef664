import { checkLink, storedHash, GENESIS_HASH } from '@app/audit';
import type { EventStore, RecordedEvent } from '@app/event-store';

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

/**
 * The projector's side of tamper evidence (docs/audit.md): every event must
 * carry the hash of its content chained to the hash of the event one revision
 * before it in its stream, and follow it without a gap. The last hash of each
 * stream is kept; a stream first met after its start has its previous event
 * read once.
 */
export class HashChainGuard implements EventGuard {
  private readonly heads = new Map<string, { revision: number; hash: string }>();

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
        const hash = storedHash(previous);
        if (previous.revision === revision - 1 && hash !== null) this.heads.set(streamId, { revision: previous.revision, hash });
      }
    }
  }

  check(event: RecordedEvent): string | null {
    const head = this.heads.get(event.streamId) ?? (event.revision === 0 ? { revision: -1, hash: GENESIS_HASH } : undefined);
    const where = `${event.streamId}@${event.revision} (position ${event.position})`;
    if (head === undefined) return `the hash chain cannot be checked at ${where}: the event before it carries no hash`;
    if (event.revision !== head.revision + 1) return `the hash chain is broken at ${where}: revision ${head.revision + 1} was expected (an event missing, repeated or out of order)`;
    const link = checkLink(head.hash, event);
    if (!link.ok) return `the hash chain is broken at ${where}: ${link.reason}`;
    this.heads.set(event.streamId, { revision: event.revision, hash: link.hash });
    return null;
  }

  reset(): void {
    this.heads.clear();
  }
}
