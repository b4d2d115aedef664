import { Logger } from '@nestjs/common';

/** Anything with Nest's `close()`: an HTTP app or a standalone context. */
export interface Closable {
  close(): Promise<void>;
}

/**
 * On SIGTERM or SIGINT: stop taking work, let in-flight work finish, close the
 * stores (Nest's shutdown hooks, in order), then exit 0. If that takes longer
 * than `timeoutMs`, exit 1 anyway so an orchestrator is never left waiting.
 */
export function closeOnSignals(app: Closable, timeoutMs: number): void {
  const logger = new Logger('Shutdown');
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    logger.log(`${signal} received: finishing in-flight work`);
    setTimeout(() => {
      process.stderr.write(`Shutdown took longer than ${timeoutMs} ms; exiting\n`);
      process.exit(1);
    }, timeoutMs).unref();
    app.close().then(
      () => {
        logger.log('Stopped cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/**
 * A write past the process's file size limit (`ulimit -f`, RLIMIT_FSIZE) raises
 * SIGXFSZ, whose default is to kill the process. Caught, the write fails with
 * EFBIG instead: the store reports it (SQLITE_IOERR), the request answers 503
 * with nothing written, reads go on, and writes succeed again once the limit
 * is raised — like a full disk, with no restart.
 */
export function failWritesPastFileSizeLimit(): void {
  const logger = new Logger('Storage');
  let warned = 0;
  process.on('SIGXFSZ', () => {
    // Once a minute at most: every failed write raises it.
    if (Date.now() - warned < 60_000) return;
    warned = Date.now();
    logger.error('A write went past the file size limit (RLIMIT_FSIZE): writes fail until it is raised');
  });
}
