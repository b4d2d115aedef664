import { Observable } from 'rxjs';
import type { GlobalPosition, RecordedEvent } from './event-store.port';

export interface LogFollowerSource {
  /** Up to `limit` events strictly after `after` (null: from the start), in global order. Synchronous. */
  readPage(after: GlobalPosition | null, limit: number): RecordedEvent[];
  /** Register a callback for "something may have been appended"; returns the unregister function. */
  onAppended(listener: () => void): () => void;
  /**
   * Optional cheap check for writes by other processes on the same storage,
   * polled every `pollIntervalMs` while the follower is live.
   */
  changedElsewhere?(): boolean;
}

export interface LogFollowerOptions {
  readonly after: GlobalPosition | null;
  readonly pageSize: number;
  readonly pollIntervalMs: number;
}

/**
 * Catch-up-then-live subscription over a log that can be read by position.
 *
 * It never keeps its own copy of "what is new": every delivery comes from
 * `readPage(lastDelivered)`, so catch-up and live are the same loop and nothing
 * can be skipped or delivered twice at the switch. Pages are read one per
 * macrotask, so a long catch-up never blocks the event loop.
 */
export function followLog(source: LogFollowerSource, options: LogFollowerOptions): Observable<RecordedEvent> {
  return new Observable<RecordedEvent>((subscriber) => {
    let last = options.after;
    let closed = false;
    let scheduled: NodeJS.Immediate | null = null;
    let dirty = true;

    const pump = (): void => {
      scheduled = null;
      if (closed) return;
      dirty = false;
      let page: RecordedEvent[];
      try {
        page = source.readPage(last, options.pageSize);
      } catch (error) {
        subscriber.error(error);
        return;
      }
      for (const event of page) {
        if (closed) return;
        last = event.position;
        subscriber.next(event);
      }
      // A full page means there is more to catch up; a notification during the
      // page means something new arrived. Either way, go round again.
      if (page.length === options.pageSize || dirty) schedule();
    };

    const schedule = (): void => {
      dirty = true;
      if (scheduled === null && !closed) scheduled = setImmediate(pump);
    };

    const unregister = source.onAppended(schedule);
    const poll =
      source.changedElsewhere !== undefined
        ? setInterval(() => {
            try {
              if (source.changedElsewhere?.()) schedule();
            } catch (error) {
              subscriber.error(error);
            }
          }, options.pollIntervalMs)
        : null;
    poll?.unref();
    schedule();

    return () => {
      closed = true;
      unregister();
      if (poll !== null) clearInterval(poll);
      if (scheduled !== null) clearImmediate(scheduled);
    };
  });
}
