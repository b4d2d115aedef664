import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { existsSync } from 'node:fs';
import { ConfigError, closeOnSignals, loadConfig, logLevelsFrom, type AppConfig } from '@app/config';
import { ProjectorAppModule } from './projector-app.module';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
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
