import { applyPatch, type Operation } from 'fast-json-patch';
import type { PatchMessage, SnapshotMessage } from '@app/contracts';

/** What a patch did to a channel. */
export type PatchOutcome = 'applied' | 'gap';

/**
 * One watched (project, view): the view at the revision it holds, moved on by
 * snapshots and by patches whose `from` is that revision (docs/live.md). A
 * patch from any other revision is a gap: the caller resubscribes with
 * `since` = `revision` and the server sends what is missing.
 */
export class LiveChannel<D = unknown> {
  revision: number | null = null;
  data: D | null = null;

  constructor(
    readonly projectId: string,
    readonly view: string,
  ) {}

  snapshot(message: Pick<SnapshotMessage, 'revision' | 'data'>): void {
    this.data = message.data as D;
    this.revision = message.revision;
  }

  patch(message: Pick<PatchMessage, 'from' | 'to' | 'ops'>): PatchOutcome {
    if (this.revision === null || this.data === null || message.from !== this.revision) return 'gap';
    if (message.ops.length > 0) {
      // A new document (the old one is left as it was), so a renderer sees what changed by identity.
      this.data = applyPatch(this.data, message.ops as Operation[], false, false).newDocument;
    }
    this.revision = message.to;
    return 'applied';
  }
}
