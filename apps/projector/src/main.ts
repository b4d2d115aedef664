import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { closeOnSignals, logLevelsFrom, readConfigOrExit } from '@app/config';
import { ProjectorAppModule } from './projector-app.module';

async function main(): Promise<void> {
  const config = readConfigOrExit();
  const app = await NestFactory.createApplicationContext(ProjectorAppModule.forRoot(config), {
    logger: logLevelsFrom(config.logLevel),
    abortOnError: false,
  });
  await app.init();
  closeOnSignals(app, config.shutdownTimeoutMs);
  new Logger('Projector').log(
    `Running (event store: ${config.eventStore.kind}, read store: ${config.readStore.kind})`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`The projector could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
