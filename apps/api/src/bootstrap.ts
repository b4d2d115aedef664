import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig, logLevelsFrom, type AppConfig } from '@app/config';
import { AppModule } from './app.module';
import { serveOpenApi } from './openapi/openapi';
import { harden } from './http/hardening';
import { LiveIoAdapter } from './live/live-io.adapter';

/**
 * Reads `.env` when present, then the configuration. A wrong value ends the
 * process here with one line naming the variable, before anything starts.
 */
export function readConfigOrExit(): AppConfig {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** Builds the api exactly as it runs in production; tests boot it through here too. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), {
    logger: logLevelsFrom(config.logLevel),
    abortOnError: false,
    bodyParser: false,
  });
  harden(app, config);
  app.useWebSocketAdapter(new LiveIoAdapter(app, config));
  app.setGlobalPrefix('api', { exclude: ['health', 'metrics'] });
  serveOpenApi(app);
  return app;
}
