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
