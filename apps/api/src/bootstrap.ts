import { NestFactory } from '@nestjs/core';
import { LogController } from 'fastify';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger, PinoNestLogger, type AppConfig } from '@app/config';
import { AppModule } from './app.module';
import { serveOpenApi } from './openapi/openapi';
import { harden, serverOptions } from './http/hardening';
import { LiveIoAdapter } from './live/live-io.adapter';
import { serveWebApp } from './http/web-app';
import { Metrics } from './observability/metrics';
import { identifyAndLogRequests } from './observability/request-log';

/** Builds the api exactly as it runs in production; tests boot it through here too. */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  // One structured logger (docs/operations.md): Nest's lines and Fastify's per-request ones, with the request's id.
  const logger = createLogger(config, 'api');
  const adapter = new FastifyAdapter({
    ...serverOptions(config),
    loggerInstance: logger,
    // One line per request, ours (identifyAndLogRequests), each request's logger labelling its id `requestId`.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
    bodyParser: false,
  });
  identifyAndLogRequests(app.getHttpAdapter().getInstance());
  app.get(Metrics).instrument(app.getHttpAdapter().getInstance());
  await harden(app, config);
  app.useWebSocketAdapter(new LiveIoAdapter(app, config));
  app.setGlobalPrefix('api', { exclude: ['health', 'metrics'] });
  serveOpenApi(app);
  await serveWebApp(app, config.webDir);
  return app;
}
