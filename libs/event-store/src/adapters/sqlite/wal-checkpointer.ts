import { Worker } from 'node:worker_threads';

/**
 * Checkpoints a WAL-mode SQLite file from a worker thread with its own
 * connection, so that the connection that appends never runs a checkpoint.
 * PASSIVE checkpoints never block writers or readers; the WAL is restarted by
 * SQLite itself once everything in it has been copied back.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly timer: NodeJS.Timeout;
  private writesSinceCheckpoint = 0;
  private busy = false;
  private closed = false;

  constructor(filename: string, intervalMs: number) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { filename, driver: require.resolve('better-sqlite3') },
    });
    this.worker.unref();
    this.worker.on('message', () => {
      this.busy = false;
    });
    // A failed checkpoint only delays the next one; the WAL keeps every commit.
    this.worker.on('error', () => {
      this.busy = false;
    });
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
  }

  /** Called after each committed write. */
  noteWrite(): void {
    this.writesSinceCheckpoint += 1;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.worker.terminate();
  }

  private tick(): void {
    if (this.busy || this.closed || this.writesSinceCheckpoint === 0) return;
    this.writesSinceCheckpoint = 0;
    this.busy = true;
    this.worker.postMessage('checkpoint');
  }
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.filename, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
db.pragma('wal_autocheckpoint = 0');
parentPort.on('message', () => {
  try {
    parentPort.postMessage({ ok: true, result: db.pragma('wal_checkpoint(PASSIVE)') });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String(error && error.message) });
  }
});
`;
