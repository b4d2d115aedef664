import type { LoggerService, LogLevel } from '@nestjs/common';
import pino from 'pino';
import pinoPretty from 'pino-pretty';
import type { AppConfig } from './app-config';

const PINO_LEVELS: Record<LogLevel, pino.Level> = { fatal: 'fatal', error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

/**
 * The structured logger every app writes through (docs/operations.md): pino,
 * one JSON object per line on standard output (written asynchronously: a log
 * line never waits on it), at `LOG_LEVEL` (Nest's `log` is pino's `info`), with
 * the time in ISO 8601 and the service that wrote it. The api hands the same
 * logger to Fastify, whose per-request child loggers add the request's id.
 */
export function createLogger(config: Pick<AppConfig, 'logLevel' | 'logFormat'>, service: string): pino.Logger {
  const options = { level: PINO_LEVELS[config.logLevel], base: { service }, timestamp: pino.stdTimeFunctions.isoTime };
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stdout.isTTY === true);
  // A person at a terminal (`npm start`) reads coloured lines; anything else (a container, a file, a pipe) gets JSON.
  return pino(options, pretty ? pinoPretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service,context,method,path,status,ms,requestId', messageFormat: '{if context}[{context}] {end}{msg}' }) : pino.destination({ dest: 1, sync: false }));
}

/** Nest's logger interface over pino: `new Logger('Context').log(…)` anywhere writes a JSON line with its `context`. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: pino.Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    // Nest passes (message, stack, context) or (message, context).
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const stack = rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    this.logger.error({ ...(context === undefined ? {} : { context }), ...(stack === undefined ? {} : { stack }) }, text(message));
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    this.logger[level](context === undefined ? {} : { context }, text(message));
  }
}

function text(message: unknown): string {
  if (typeof message === 'string') return message;
  if (message instanceof Error) return message.stack ?? message.message;
  return JSON.stringify(message);
}
