import type { RecordedEvent } from '@app/event-store';
import type { Projection } from '../projection';

/** Per stream: how many events, the last one's revision, position and time. */
export interface StreamStats {
  readonly stream: string;
  readonly events: number;
  readonly lastRevision: number;
  readonly lastPosition: string;
  readonly lastEventAt: string;
}

/** Across the log: how many events, the last position, and a checksum of positions. */
export interface LogTotals {
  readonly events: number;
  readonly lastPosition: string;
  /** Sum of every position folded in: an event skipped or applied twice changes it. */
  readonly positionSum: string;
}

export const LOG_TOTALS_ID = '$log';

/**
 * Operational view of the log: one document per stream and one for the whole
 * log. It is what the readiness check and the projector's own tests read to
 * know that every event was applied exactly once.
 */
export const streamStatsProjection: Projection<StreamStats | LogTotals> = {
  view: 'stream_stats',
  documentIds: (event) => [event.streamId, LOG_TOTALS_ID],
  evolve: (doc, event: RecordedEvent, id) => {
    if (id === LOG_TOTALS_ID) {
      const totals = doc as LogTotals | null;
      return {
        events: (totals?.events ?? 0) + 1,
        lastPosition: event.position.toString(),
        positionSum: (BigInt(totals?.positionSum ?? '0') + event.position).toString(),
      };
    }
    const stats = doc as StreamStats | null;
    return {
      stream: event.streamId,
      events: (stats?.events ?? 0) + 1,
      lastRevision: event.revision,
      lastPosition: event.position.toString(),
      lastEventAt: event.recordedAt,
    };
  },
};
