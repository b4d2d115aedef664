import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { GlobalPosition } from '@app/event-store';
import { MAIN_PROJECTOR, ProjectorService, READ_STORE, allProjections, readYourWritesEventTypes, type ReadStore } from '@app/read-models';

const WAIT_MS = 5000;
const POLL_MS = 20;

/**
 * Read-your-writes for the views that decide who may do what: a write that
 * changes one of them (a sign-up, a session, a membership, an invitation)
 * answers only once the view holds it, so the next request — a guard checking
 * a role, a sign-in — sees it. Other writes answer as soon as they are stored;
 * their views catch up on their own and say which revision they show.
 * With the projector in this process (on its own thread or this one) it is
 * awaited directly; otherwise the read store's checkpoint is polled.
 */
@Injectable()
export class ReadModelSync {
  private readonly logger = new Logger('ReadModelSync');
  private readonly awaited = readYourWritesEventTypes(allProjections);

  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Optional() @Inject(ProjectorService) private readonly projector?: ProjectorService,
  ) {}

  /** Whether a write of these event types must wait for the views (see `Projection.readYourWrites`). */
  mustWait(eventTypes: Iterable<string>): boolean {
    for (const type of eventTypes) if (this.awaited.has(type)) return true;
    return false;
  }

  async waitFor(position: GlobalPosition): Promise<void> {
    try {
      if (this.projector !== undefined) {
        await this.projector.waitFor(position, WAIT_MS);
        return;
      }
      const deadline = Date.now() + WAIT_MS;
      for (;;) {
        const checkpoint = await this.store.getCheckpoint(MAIN_PROJECTOR);
        if (checkpoint !== null && checkpoint >= position) return;
        if (Date.now() > deadline) throw new Error(`views did not reach ${position} within ${WAIT_MS} ms`);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    } catch (error) {
      // The write is stored; only its visibility in the views is late. Say so, do not fail the write.
      this.logger.warn(`Answering before the views caught up: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
