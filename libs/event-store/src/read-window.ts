import type { ReadStreamOptions, StreamRevision } from './event-store.port';

export interface StreamWindow {
  readonly from: StreamRevision;
  readonly to: StreamRevision;
  /** +1 forwards, -1 backwards. */
  readonly step: 1 | -1;
}

/**
 * Resolves `readStream` options against a stream whose last revision is
 * `lastRevision` (-1: empty) into an inclusive window, or `null` when nothing
 * falls in it. One definition, so that every adapter reads the same events.
 */
export function readStreamWindow(lastRevision: StreamRevision, options: ReadStreamOptions): StreamWindow | null {
  if (options.limit !== undefined && (!Number.isSafeInteger(options.limit) || options.limit < 0)) {
    throw new RangeError(`limit must be a non-negative integer, got ${options.limit}`);
  }
  if (lastRevision < 0 || options.limit === 0) return null;
  const backwards = options.direction === 'backwards';
  if (backwards) {
    const from = Math.min(options.from ?? lastRevision, lastRevision);
    let to = Math.max(options.to ?? 0, 0);
    if (options.limit !== undefined) to = Math.max(to, from - options.limit + 1);
    return from < to ? null : { from, to, step: -1 };
  }
  const from = Math.max(options.from ?? 0, 0);
  let to = Math.min(options.to ?? lastRevision, lastRevision);
  if (options.limit !== undefined) to = Math.min(to, from + options.limit - 1);
  return from > to ? null : { from, to, step: 1 };
}
