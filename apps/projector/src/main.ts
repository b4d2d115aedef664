import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { closeOnSignals, createLogger, failWritesPastFileSizeLimit, PinoNestLogger, readConfigOrExit } from '@app/config';
import { ProjectorAppModule } from './projector-app.module';

async function main(): Promise<void> {
  const config = readConfigOrExit();
  const app = await NestFactory.createApplicationContext(ProjectorAppModule.forRoot(config), {
    // Structured logs, as the api's (docs/operations.md).
    logger: new PinoNestLogger(createLogger(config, 'projector')),
    abortOnError: false,
  });
  await app.init();
  closeOnSignals(app, config.shutdownTimeoutMs);
  failWritesPastFileSizeLimit();
  new Logger('Projector').log(
    `Running (event store: ${config.eventStore.kind}, read store: ${config.readStore.kind})`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`The projector could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
