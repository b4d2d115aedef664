import { Inject, Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { bundleEvent, bundleHeader, bundleLine, chainHead, ChainWalk, type VerifyResult } from '@app/audit';
import { streamName } from '@app/domain';
import { EVENT_STORE, storedJson, type EventStore, type RecordedEvent } from '@app/event-store';

/** Events walked between two turns of the event loop, so a long walk never holds up other requests. */
const EVENTS_PER_TURN = 2_000;
/** Bytes of NDJSON gathered into one chunk of the export. */
const CHUNK_BYTES = 64 * 1024;

/** Tamper evidence over a project's stream: verify its hash chain, or export it as a bundle that verifies offline. */
@Injectable()
export class AuditService {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  /** Walks the project's stream from revision 0 and stops at the first broken link. */
  async verify(projectId: string): Promise<VerifyResult> {
    const walk = new ChainWalk();
    let walked = 0;
    for await (const event of this.events.readStream(streamName('project', projectId))) {
      // The text the embedded store parsed it from, hashed first (docs/audit.md).
      if (walk.next(event, storedJson(event)) !== null) break;
      if (++walked % EVENTS_PER_TURN === 0) await nextTurn();
    }
    return walk.result();
  }

  /**
   * The project's stream as an NDJSON bundle: the header (project, range,
   * final hash), then every event up to the head found first. The head is
   * read before anything is streamed, so a store that cannot answer fails the
   * request with a problem rather than a cut stream.
   */
  async export(projectId: string, now: Date = new Date()): Promise<Readable> {
    const stream = streamName('project', projectId);
    let head: RecordedEvent | null = null;
    for await (const event of this.events.readStream(stream, { direction: 'backwards', limit: 1 })) head = event;
    const header = bundleHeader({ projectId, stream, to: head?.revision ?? -1, finalHash: chainHead(head), exportedAt: now.toISOString() });
    const events = this.events;
    async function* lines(): AsyncGenerator<string> {
      let chunk = bundleLine(header);
      if (head !== null) {
        for await (const event of events.readStream(stream, { to: head.revision })) {
          chunk += bundleLine(bundleEvent(event));
          if (chunk.length >= CHUNK_BYTES) {
            yield chunk;
            chunk = '';
          }
        }
      }
      if (chunk.length > 0) yield chunk;
    }
    return Readable.from(lines(), { objectMode: false });
  }
}
