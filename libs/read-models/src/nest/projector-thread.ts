import { Inject, Injectable, Logger, Optional, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { resolve } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { AppConfigService, type AppConfig } from '@app/config';
import type { GlobalPosition } from '@app/event-store';
import type { ProjectorStatus } from '../projector/projector';
import { MAIN_PROJECTOR, projectorHolderId } from './main-projector';
import { ProjectorService } from './projector.service';

/** Provider of `ThreadProjectorOptions` (tests; the defaults are the product's). */
export const THREAD_PROJECTOR_OPTIONS = Symbol('THREAD_PROJECTOR_OPTIONS');

export interface ThreadProjectorOptions {
  /** First and longest wait before a thread that ended unexpectedly is started again (ms; default 1 s, doubling up to 60 s). */
  readonly restartDelayMs?: { readonly min: number; readonly max: number };
  /**
   * How often the thread looks for events appended by another connection
   * (ms; default 5): the api appends on its own connection, so this is how
   * soon the projector sees a write. A cheap check (SQLite's data version).
   */
  readonly pollIntervalMs?: number;
  /** How often the thread reports its state between commits when it changed (ms; default 250). */
  readonly statusEveryMs?: number;
  /** Longest wait for the thread to commit and end on `stop()` before it is terminated (ms; default 10 s). */
  readonly stopTimeoutMs?: number;
}

/** What the thread is started with (structured-cloned). */
export interface ProjectorWorkerData {
  readonly eventStore: AppConfig['eventStore'];
  readonly readStore: AppConfig['readStore'];
  readonly holder: string;
  readonly leaseTtlMs: number;
  readonly pollIntervalMs: number;
  readonly statusEveryMs: number;
}

/** From the main thread to the projector's thread. */
export type ToProjectorThread =
  | { readonly type: 'waitFor'; readonly id: number; readonly position: GlobalPosition; readonly timeoutMs: number }
  | { readonly type: 'stop' };

/** From the projector's thread to the main thread, in the order it happened there. */
export type FromProjectorThread =
  /** After every commit (`committed`), and between commits when the status changed. */
  | { readonly type: 'status'; readonly status: ProjectorStatus; readonly committed: boolean }
  /** The projector started (as `Projector.start()` resolved). */
  | { readonly type: 'ready'; readonly status: ProjectorStatus }
  | { readonly type: 'log'; readonly level: 'log' | 'warn' | 'error'; readonly message: string }
  /** A `waitFor` resolved (`error: null`) or was refused. */
  | { readonly type: 'waited'; readonly id: number; readonly error: string | null }
  /** Stopped, what was folded committed; the thread closes its stores and ends. */
  | { readonly type: 'stopped'; readonly status: ProjectorStatus };

interface Waiter {
  readonly position: GlobalPosition;
  resolve(): void;
  reject(error: Error): void;
}

/** A thread that ran this long before it ended is restarted after the shortest delay again. */
const STABLE_AFTER_MS = 60_000;

/**
 * The api's projector on a worker thread (node:worker_threads): the same
 * `Projector`, with the same options, over its own connections to the same
 * stores (SQLite in WAL mode lets several connections share the files), so
 * that its folds and commits never take the api's thread from requests.
 *
 * This side keeps what the api reads: the status the thread reports after
 * every commit and whenever it changes, how long since the last commit, and
 * `waitFor` (read-your-writes), which the thread answers once the position is
 * committed — told that someone waits, it commits what it folded at once.
 * The thread's log lines are written here, through the api's logger.
 *
 * A thread that ends unexpectedly (a crash, running out of memory) is
 * reported at once — state `failed`, with why, so `/health` answers 503 —
 * and started again after 1 s, then 2, 4… up to a minute while it keeps
 * ending (docs/operations.md). It resumes from the committed checkpoint, so
 * nothing is lost or folded twice.
 */
@Injectable()
export class ThreadProjectorService extends ProjectorService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Projector');
  /** One holder for every thread this process starts: a restarted thread renews the lease its predecessor held. */
  private readonly holder = projectorHolderId();
  private readonly options: Required<ThreadProjectorOptions>;
  private worker: Worker | null = null;
  private current: ProjectorStatus;
  private progressAt = Date.now();
  private readonly waiters = new Map<number, Waiter>();
  private lastId = 0;
  /** Between bootstrap and `stop()`: a thread that ends is started again. */
  private wanted = false;
  /** Whether a thread ever started its projector: until then an ending thread fails the start instead of being restarted. */
  private started = false;
  private stopping: Promise<void> | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private restartDelay: number;

  constructor(
    private readonly config: AppConfigService,
    @Optional() @Inject(THREAD_PROJECTOR_OPTIONS) options: ThreadProjectorOptions = {},
  ) {
    super();
    this.options = {
      restartDelayMs: options.restartDelayMs ?? { min: 1000, max: 60_000 },
      pollIntervalMs: options.pollIntervalMs ?? 5,
      statusEveryMs: options.statusEveryMs ?? 250,
      stopTimeoutMs: options.stopTimeoutMs ?? 10_000,
    };
    this.restartDelay = this.options.restartDelayMs.min;
    this.current = {
      name: MAIN_PROJECTOR,
      state: 'stopped',
      position: null,
      folded: null,
      queued: 0,
      error: null,
      setAside: 0,
      lastSetAside: null,
      holder: this.holder,
    };
  }

  get status(): ProjectorStatus {
    return this.current;
  }

  get sinceProgressMs(): number {
    return Date.now() - this.progressAt;
  }

  /** The running thread, if any (tests end it to see a crash reported). */
  get thread(): Worker | null {
    return this.worker;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.wanted = true;
    this.progressAt = Date.now();
    try {
      await this.launch();
    } catch (error) {
      // Not started at all (a bug, a store that cannot be opened): the api does not start either.
      this.wanted = false;
      throw error;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  waitFor(position: GlobalPosition, timeoutMs = 30_000): Promise<void> {
    const { position: committed, state, error } = this.current;
    if (committed !== null && committed >= position) return Promise.resolve();
    const worker = this.worker;
    if (worker === null || state === 'failed') return Promise.reject(new Error(`Projector ${MAIN_PROJECTOR} stopped: ${error ?? state}`));
    return new Promise<void>((resolvePromise, reject) => {
      const id = ++this.lastId;
      const timer = setTimeout(() => {
        this.waiters.delete(id);
        reject(new Error(`Projector ${MAIN_PROJECTOR} did not reach ${position} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(id, {
        position,
        resolve: () => {
          clearTimeout(timer);
          resolvePromise();
        },
        reject: (failure) => {
          clearTimeout(timer);
          reject(failure);
        },
      });
      // The thread commits what it folded at once for someone waiting, and answers when committed.
      this.send(worker, { type: 'waitFor', id, position, timeoutMs });
    });
  }

  /** Stops the projector: the thread commits what it folded, closes its connections and ends; it is not started again. */
  stop(): Promise<void> {
    this.wanted = false;
    if (this.restartTimer !== null) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const worker = this.worker;
    if (worker === null) {
      if (this.current.state !== 'failed') this.current = { ...this.current, state: 'stopped', queued: 0 };
      return Promise.resolve();
    }
    this.stopping ??= new Promise<void>((resolvePromise) => {
      const timer = setTimeout(() => {
        this.logger.warn(`The projector's thread did not stop within ${this.options.stopTimeoutMs} ms; ending it`);
        void worker.terminate();
      }, this.options.stopTimeoutMs);
      worker.once('exit', () => {
        clearTimeout(timer);
        this.stopping = null;
        resolvePromise();
      });
      this.send(worker, { type: 'stop' });
    });
    return this.stopping;
  }

  /** Starts a thread; resolves once its projector started, rejects if the thread ends before. */
  private launch(): Promise<void> {
    const { values } = this.config;
    const workerData: ProjectorWorkerData = {
      eventStore: values.eventStore,
      readStore: values.readStore,
      holder: this.holder,
      leaseTtlMs: values.projectorLeaseTtlMs,
      pollIntervalMs: this.options.pollIntervalMs,
      statusEveryMs: this.options.statusEveryMs,
    };
    const { filename, options } = workerEntry();
    const worker = new Worker(filename, { ...options, workerData });
    this.worker = worker;
    const startedAt = Date.now();
    this.current = { ...this.current, state: 'starting', error: null };
    return new Promise<void>((resolvePromise, reject) => {
      let ready = false;
      let failure: string | null = null;
      worker.on('message', (message: FromProjectorThread) => {
        if (worker !== this.worker) return;
        this.receive(message);
        if (message.type === 'ready' && !ready) {
          ready = true;
          this.started = true;
          resolvePromise();
        }
      });
      worker.on('error', (error: unknown) => {
        // Rebuilt on this side from what the thread threw (not necessarily an Error of this realm).
        const message = (error as { message?: unknown } | null)?.message;
        failure = typeof message === 'string' ? message : String(error);
      });
      worker.on('exit', (code) => {
        if (this.worker === worker) this.worker = null;
        const why = failure ?? `it exited with code ${code}`;
        if (!ready) reject(new Error(`The projector's thread ended before the projector started: ${why}`));
        this.ended(why, Date.now() - startedAt);
      });
    });
  }

  private receive(message: FromProjectorThread): void {
    switch (message.type) {
      case 'log':
        this.logger[message.level](message.message);
        return;
      case 'waited': {
        const waiter = this.waiters.get(message.id);
        if (waiter === undefined) return;
        this.waiters.delete(message.id);
        if (message.error === null) waiter.resolve();
        else waiter.reject(new Error(message.error));
        return;
      }
      case 'status':
        if (message.committed) this.progressAt = Date.now();
        this.current = message.status;
        break;
      case 'ready':
        // Progress is counted from the start of each thread (a restarted one has committed nothing yet).
        this.progressAt = Date.now();
        this.current = message.status;
        break;
      case 'stopped':
        this.current = message.status;
        break;
    }
    const position = this.current.position;
    if (position === null) return;
    for (const [id, waiter] of this.waiters) {
      if (waiter.position <= position) {
        this.waiters.delete(id);
        waiter.resolve();
      }
    }
  }

  /** The thread ended: as asked (`stop()`), or not, which is reported and answered with a restart. */
  private ended(why: string, ranMs: number): void {
    const asked = !this.wanted;
    if (asked) {
      if (this.current.state !== 'failed') this.current = { ...this.current, state: 'stopped', queued: 0 };
    } else {
      this.current = { ...this.current, state: 'failed', queued: 0, error: `its thread ended unexpectedly: ${why}` };
    }
    for (const waiter of this.waiters.values()) waiter.reject(new Error(`Projector ${MAIN_PROJECTOR} stopped: ${this.current.error ?? this.current.state}`));
    this.waiters.clear();
    if (asked || !this.started) return;
    if (ranMs >= STABLE_AFTER_MS) this.restartDelay = this.options.restartDelayMs.min;
    const delay = this.restartDelay;
    this.restartDelay = Math.min(this.restartDelay * 2, this.options.restartDelayMs.max);
    this.logger.error(`The projector's thread ended unexpectedly (${why}); starting it again in ${delay} ms`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.wanted) return;
      // A start that fails ends the thread, which schedules the next attempt.
      this.launch().catch(() => undefined);
    }, delay);
  }

  private send(worker: Worker, message: ToProjectorThread): void {
    worker.postMessage(message);
  }
}

/**
 * The thread's entry beside this file: the built `.js`, or the `.ts` source
 * when the api runs from source (ts-node, ts-jest), which the thread then
 * compiles as it loads, as the process does (ts-node, transpile only, with
 * the repository's path aliases).
 */
function workerEntry(): { filename: string; options: WorkerOptions } {
  if (!__filename.endsWith('.ts')) return { filename: resolve(__dirname, 'projector-worker.js'), options: {} };
  const project = process.env.TS_NODE_PROJECT ?? resolve(__dirname, '../../../../tsconfig.json');
  return {
    filename: resolve(__dirname, 'projector-worker.ts'),
    options: {
      execArgv: ['-r', require.resolve('ts-node/register/transpile-only'), '-r', require.resolve('tsconfig-paths/register')],
      env: { ...process.env, TS_NODE_PROJECT: project },
    },
  };
}
