import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { logLevelsFrom, type AppConfig } from '@app/config';
import { AppModule } from './app.module';
import { serveOpenApi } from './openapi/openapi';
import { harden, serverOptions } from './http/hardening';
import { LiveIoAdapter } from './live/live-io.adapter';
import { serveWebApp } from './http/web-app';

/** Builds the api exactly as it runs in production; tests boot it through here too. */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), new FastifyAdapter(serverOptions(config)), {
    logger: logLevelsFrom(config.logLevel),
    abortOnError: false,
    bodyParser: false,
  });
  await harden(app, config);
  app.useWebSocketAdapter(new LiveIoAdapter(app, config));
  app.setGlobalPrefix('api', { exclude: ['health', 'metrics'] });
  serveOpenApi(app);
  await serveWebApp(app, config.webDir);
  return app;
}
