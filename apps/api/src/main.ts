import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { closeOnSignals, failWritesPastFileSizeLimit } from '@app/config';
import { readConfigOrExit } from '@app/config';
import { createApp } from './bootstrap';
import { DemoSeeder } from './demo/demo';

async function main(): Promise<void> {
  const config = readConfigOrExit();
  const app = await createApp(config);
  closeOnSignals(app, config.shutdownTimeoutMs);
  failWritesPastFileSizeLimit();
  await app.listen(config.port, config.host);
  if (config.seedDemo) await app.get(DemoSeeder).seedIfEmpty();
  const url = await app.getUrl();
  new Logger('Api').log(
    `Listening on ${url.replace('[::1]', 'localhost').replace('0.0.0.0', 'localhost')} ` +
      `(event store: ${config.eventStore.kind}, read store: ${config.readStore.kind}, ` +
      `projector: ${config.projectorInProcess ? (config.projectorThread ? 'in-process, own thread' : 'in-process, main thread') : 'separate'})`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`The api could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
