import type { GlobalPosition } from '@app/event-store';
import type { ProjectorStatus } from '../projector/projector';

/**
 * The projector as the rest of an app sees it, wherever it runs: on the main
 * thread (`InProcessProjectorService`: the projector app, or the api with
 * PROJECTOR_THREAD=false) or on a worker thread of the api
 * (`ThreadProjectorService`). Health, metrics and read-your-writes use this
 * and nothing else.
 */
export abstract class ProjectorService {
  /** What the projector reports: its state, the position committed, what waits, the last error. */
  abstract get status(): ProjectorStatus;

  /** How long ago the projector last committed (or started): with events waiting, a long time means it is stuck. */
  abstract get sinceProgressMs(): number;

  /**
   * Resolves once every event up to `position` is committed to the views
   * (what is folded already is committed at once); rejects when the projector
   * stops failed first, or after `timeoutMs`.
   */
  abstract waitFor(position: GlobalPosition, timeoutMs?: number): Promise<void>;

  /** Stops following the log, committing what is folded first. */
  abstract stop(): Promise<void>;
}
