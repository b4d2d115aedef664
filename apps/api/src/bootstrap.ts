import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { logLevelsFrom, type AppConfig } from '@app/config';
import { AppModule } from './app.module';
import { serveOpenApi } from './openapi/openapi';
import { harden } from './http/hardening';
import { LiveIoAdapter } from './live/live-io.adapter';

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
