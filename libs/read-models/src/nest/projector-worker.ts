/**
 * The api's projector thread (see `ThreadProjectorService`): opens its own
 * connections to the stores the api uses, runs the projector over every view
 * exactly as the main thread would, and tells the main thread what it needs.
 * Loaded only as a worker thread's entry.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteEventStore, createEventStore, type EventStore } from '@app/event-store';
import { HashChainGuard } from '../projector/event-guard';
import { Projector, type ProjectorLogger, type ProjectorStatus } from '../projector/projector';
import { allProjections } from '../projections';
import { createReadStore } from '../read-store.factory';
import type { ReadStore } from '../read-store.port';
import { MAIN_PROJECTOR } from './main-projector';
import type { FromProjectorThread, ProjectorWorkerData, ToProjectorThread } from './projector-thread';

if (parentPort === null) throw new Error('projector-worker runs as a worker thread only');
const port = parentPort;
const data = workerData as ProjectorWorkerData;
const post = (message: FromProjectorThread): void => port.postMessage(message);

/** What the main thread last heard, to tell it only of changes between commits. */
let told = '';
const key = (s: ProjectorStatus): string => `${s.state}|${s.position}|${s.folded}|${s.queued}|${s.error}|${s.setAside}|${s.lastSetAside}`;
function report(projector: Projector, committed: boolean): void {
  const status = projector.status;
  const now = key(status);
  if (!committed && now === told) return;
  told = now;
  post({ type: 'status', status, committed });
}

async function open(): Promise<{ events: EventStore; store: ReadStore }> {
  // The api appends on its own connection: this one learns of new events by polling SQLite's data version, often (it is cheap).
  const events =
    data.eventStore.kind === 'sqlite'
      ? new SqliteEventStore({ filename: data.eventStore.filename, synchronous: data.eventStore.synchronous, pollIntervalMs: data.pollIntervalMs })
      : await createEventStore(data.eventStore);
  const store = await createReadStore(data.readStore);
  return { events, store };
}

async function main(): Promise<void> {
  const { events, store } = await open();
  let projector: Projector | null = null;
  // A change of state is logged as it happens: report it right after.
  let soon: NodeJS.Immediate | null = null;
  const afterLog = (): void => {
    soon ??= setImmediate(() => {
      soon = null;
      if (projector !== null) report(projector, false);
    });
  };
  const logger: ProjectorLogger = {
    log: (message) => {
      post({ type: 'log', level: 'log', message });
      afterLog();
    },
    warn: (message) => {
      post({ type: 'log', level: 'warn', message });
      afterLog();
    },
    error: (message) => {
      post({ type: 'log', level: 'error', message });
      afterLog();
    },
  };
  // The same projector, with the same options, as the main thread's (InProcessProjectorService).
  const running = new Projector({
    lease: { holder: data.holder, ttlMs: data.leaseTtlMs },
    name: MAIN_PROJECTOR,
    events,
    store,
    projections: allProjections,
    guard: new HashChainGuard(events),
    logger,
    onCommit: () => report(running, true),
  });
  projector = running;

  let stopping: Promise<void> | null = null;
  const ticker = setInterval(() => report(running, false), data.statusEveryMs);
  const stop = async (): Promise<void> => {
    clearInterval(ticker);
    await running.stop();
    post({ type: 'stopped', status: running.status });
    await store.close();
    await events.close();
    // Waits for positions may still hold timers; the main thread has answered them already.
    process.exit(0);
  };
  let started: Promise<void> | null = null;
  port.on('message', (message: ToProjectorThread) => {
    switch (message.type) {
      case 'waitFor':
        running.waitFor(message.position, message.timeoutMs).then(
          () => post({ type: 'waited', id: message.id, error: null }),
          (error: unknown) => post({ type: 'waited', id: message.id, error: error instanceof Error ? error.message : String(error) }),
        );
        return;
      case 'stop':
        // Asked while starting: stop once started (or once the start failed).
        stopping ??= (started ?? Promise.resolve()).catch(() => undefined).then(stop);
        return;
    }
  });
  started = running.start();
  await started;
  post({ type: 'ready', status: running.status });
  told = key(running.status);
}

main().catch((error: unknown) => {
  // Ends the thread with the error, which the main thread reports.
  setImmediate(() => {
    throw error;
  });
});
