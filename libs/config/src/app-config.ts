import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export type EventStoreConfig =
  | { readonly kind: 'sqlite'; readonly filename: string; readonly synchronous: 'NORMAL' | 'FULL' }
  | { readonly kind: 'eventstoredb'; readonly url: string };

export type ReadStoreConfig =
  | { readonly kind: 'sqlite'; readonly filename: string; readonly synchronous: 'NORMAL' | 'FULL' }
  | { readonly kind: 'mongodb'; readonly url: string };

/** Everything the apps read from their environment, parsed and checked once. */
export interface AppConfig {
  readonly nodeEnv: string;
  readonly host: string;
  readonly port: number;
  /** Absolute folder for everything the embedded profile writes. */
  readonly dataDir: string;
  readonly eventStore: EventStoreConfig;
  readonly readStore: ReadStoreConfig;
  /** The api runs the projector itself (embedded profile) instead of a separate process. */
  readonly projectorInProcess: boolean;
  /**
   * Where the api runs its projector (with `projectorInProcess`): on a worker
   * thread of its own (true), so that folds and commits never hold up a
   * request, or on the api's main thread (false).
   */
  readonly projectorThread: boolean;
  /**
   * The projector's lease (ms): when several projectors run (api nodes, the
   * projector app), the one holding it runs the views and the others stand by;
   * one that dies is replaced within about 1⅓ of this.
   */
  readonly projectorLeaseTtlMs: number;
  /**
   * Redis (`redis://host:6379`), shared by the api nodes: presence (who is
   * here, who edits what) and any other node-to-node signal go through a
   * Redis stream (the Socket.IO Redis Streams adapter), so people on different
   * nodes see each other. Null: this node alone.
   */
  readonly redisUrl: string | null;
  readonly logLevel: LogLevel;
  /** `json`: one JSON object per line; `pretty`: coloured lines for a person at a terminal; `auto`: pretty on a terminal, JSON otherwise. */
  readonly logFormat: 'auto' | 'json' | 'pretty';
  /** Longest wait for in-flight work on SIGTERM before the process exits anyway. */
  readonly shutdownTimeoutMs: number;
  readonly auth: AuthConfig;
  readonly http: HttpConfig;
  /** On first start with an empty store, create the demo project and its accounts. */
  readonly seedDemo: boolean;
  /** Absolute folder of the built web app (`index.html` and `assets/`), served at `/`; nothing is served when it holds no `index.html`. */
  readonly webDir: string;
}

export interface AuthConfig {
  /**
   * Signing key for access tokens. `null`: the embedded profile keeps a generated
   * one in `DATA_DIR/secrets/jwt-secret`; any other profile must set JWT_SECRET.
   */
  readonly jwtSecret: string | null;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  readonly invitationTtlSeconds: number;
}

export interface HttpConfig {
  /** Origins allowed to call the api from a browser (CORS) and to open sockets. Empty: same origin only. */
  readonly corsOrigins: readonly string[];
  /** Largest request body accepted, in bytes; larger ones get 413. */
  readonly bodyLimitBytes: number;
  /** Sign-up, login and refresh attempts per minute from one address. */
  readonly authRateLimitPerMinute: number;
  /** Writes per minute by one user. */
  readonly writeRateLimitPerMinute: number;
  /**
   * Which proxies may tell the client's address (X-Forwarded-For), as Fastify
   * reads it: a number of hops, or addresses, subnets and the names loopback,
   * linklocal, uniquelocal.
   */
  readonly trustProxy: number | string;
}

/** A variable has a value the apps cannot use. The message names it and says what fits. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function value(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  return trimmed.length === 0 ? undefined : trimmed;
}

function show(raw: string): string {
  return JSON.stringify(raw.length > 80 ? `${raw.slice(0, 77)}...` : raw);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got ${show(raw)})`);
  }
  return Number(raw);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T, caseless = false): T {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const found = allowed.find((option) => (caseless ? option.toLowerCase() === raw.toLowerCase() : option === raw));
  if (found === undefined) throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got ${show(raw)})`);
  return found;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  if (/^(true|1|yes|on)$/i.test(raw)) return true;
  if (/^(false|0|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, `must be true or false (got ${show(raw)})`);
}

function folder(env: Env, name: string, fallback: string, cwd: string): string {
  const raw = value(env, name) ?? fallback;
  if (raw.includes('\0')) throw new ConfigError(name, 'is not a usable path');
  return isAbsolute(raw) ? raw : resolve(cwd, raw);
}

function sqliteFile(name: string, raw: string, cwd: string): string {
  const path = raw.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
  if (path.length === 0 || path.includes('\0')) throw new ConfigError(name, `needs a file after sqlite: (got ${show(raw)})`);
  return isAbsolute(path) ? path : resolve(cwd, path);
}

function url(name: string, raw: string, protocols: readonly string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `is not a valid URL (got ${show(raw)})`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')} (got ${show(raw)})`);
  }
  if (parsed.hostname.length === 0) throw new ConfigError(name, `needs a host (got ${show(raw)})`);
  return raw;
}

/**
 * Reads the configuration from environment variables. Throws `ConfigError`
 * naming the first variable that is wrong; the defaults are the embedded
 * profile: SQLite files under `./data`, the projector inside the api.
 */
export function loadConfig(env: Env, cwd: string = process.cwd()): AppConfig {
  const dataDir = folder(env, 'DATA_DIR', './data', cwd);
  const synchronous = oneOf(env, 'SQLITE_SYNCHRONOUS', ['NORMAL', 'FULL'] as const, 'NORMAL', true);

  const eventStoreRaw = value(env, 'EVENT_STORE_URL') ?? `sqlite:${resolve(dataDir, 'events.db')}`;
  let eventStore: EventStoreConfig;
  if (eventStoreRaw.startsWith('sqlite:')) {
    eventStore = { kind: 'sqlite', filename: sqliteFile('EVENT_STORE_URL', eventStoreRaw, cwd), synchronous };
  } else if (/^esdb(\+discover)?:\/\//.test(eventStoreRaw) || /^kurrentdb(\+discover)?:\/\//.test(eventStoreRaw)) {
    eventStore = { kind: 'eventstoredb', url: url('EVENT_STORE_URL', eventStoreRaw, ['esdb:', 'esdb+discover:', 'kurrentdb:', 'kurrentdb+discover:']) };
  } else {
    throw new ConfigError(
      'EVENT_STORE_URL',
      `must be sqlite:<file> (embedded) or esdb://host:2113 (EventStoreDB) (got ${show(eventStoreRaw)})`,
    );
  }

  const readStoreRaw = value(env, 'READ_STORE_URL') ?? `sqlite:${resolve(dataDir, 'views.db')}`;
  let readStore: ReadStoreConfig;
  if (readStoreRaw.startsWith('sqlite:')) {
    readStore = { kind: 'sqlite', filename: sqliteFile('READ_STORE_URL', readStoreRaw, cwd), synchronous };
  } else if (/^mongodb(\+srv)?:\/\//.test(readStoreRaw)) {
    readStore = { kind: 'mongodb', url: url('READ_STORE_URL', readStoreRaw, ['mongodb:', 'mongodb+srv:']) };
  } else {
    throw new ConfigError(
      'READ_STORE_URL',
      `must be sqlite:<file> (embedded) or mongodb://host:27017/db (MongoDB) (got ${show(readStoreRaw)})`,
    );
  }

  const host = value(env, 'HOST') ?? '0.0.0.0';
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(host)) throw new ConfigError('HOST', `must be a host name or an IP address (got ${show(host)})`);

  const jwtSecret = value(env, 'JWT_SECRET') ?? null;
  if (jwtSecret !== null && jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET', 'must be at least 32 characters (generate one with: openssl rand -base64 48)');
  }
  if (jwtSecret === null && eventStore.kind !== 'sqlite') {
    throw new ConfigError('JWT_SECRET', 'must be set when the event store is not the embedded one (every api node needs the same key)');
  }
  const corsRaw = value(env, 'CORS_ORIGINS');
  const corsOrigins = corsRaw === undefined ? [] : corsRaw.split(',').map((origin) => origin.trim()).filter((o) => o.length > 0);
  for (const origin of corsOrigins) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = null;
    }
    if (parsed === null || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
      throw new ConfigError('CORS_ORIGINS', `must be a comma-separated list of origins like https://app.example.com (got ${show(origin)})`);
    }
  }

  const trustProxyRaw = value(env, 'TRUST_PROXY') ?? 'loopback';
  let trustProxy: number | string;
  if (/^\d{1,2}$/.test(trustProxyRaw)) trustProxy = Number(trustProxyRaw);
  else if (trustProxyRaw.split(',').every((part) => /^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/.test(part.trim()))) {
    trustProxy = trustProxyRaw.split(',').map((part) => part.trim()).join(', ');
  } else {
    throw new ConfigError(
      'TRUST_PROXY',
      `must be a number of proxy hops, or addresses, subnets, loopback, linklocal or uniquelocal, comma-separated (got ${show(trustProxyRaw)})`,
    );
  }

  const redisUrl = value(env, 'REDIS_URL') ?? null;
  if (redisUrl !== null) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(redisUrl);
    } catch {
      parsed = null;
    }
    if (parsed === null || !['redis:', 'rediss:'].includes(parsed.protocol) || parsed.hostname === '') {
      throw new ConfigError('REDIS_URL', `must be redis://host:6379 or rediss://host:6380 (got ${show(redisUrl)})`);
    }
  }

  return {
    nodeEnv: value(env, 'NODE_ENV') ?? 'development',
    host,
    port: integer(env, 'PORT', 3000, 0, 65535),
    dataDir,
    eventStore,
    readStore,
    projectorInProcess: flag(env, 'PROJECTOR_IN_PROCESS', true),
    projectorThread: flag(env, 'PROJECTOR_THREAD', true),
    projectorLeaseTtlMs: integer(env, 'PROJECTOR_LEASE_TTL_MS', 5000, 300, 600_000),
    redisUrl,
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'log'),
    logFormat: oneOf(env, 'LOG_FORMAT', ['auto', 'json', 'pretty'] as const, 'auto'),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    auth: {
      jwtSecret,
      accessTokenTtlSeconds: integer(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 10, 86_400),
      refreshTokenTtlSeconds: integer(env, 'REFRESH_TOKEN_TTL_SECONDS', 30 * 86_400, 60, 365 * 86_400),
      invitationTtlSeconds: integer(env, 'INVITATION_TTL_SECONDS', 7 * 86_400, 1, 90 * 86_400),
    },
    seedDemo: flag(env, 'SEED_DEMO', eventStore.kind === 'sqlite'),
    webDir: folder(env, 'WEB_DIR', 'dist/web', cwd),
    http: {
      corsOrigins,
      bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 256 * 1024, 1024, 50 * 1024 * 1024),
      authRateLimitPerMinute: integer(env, 'AUTH_RATE_LIMIT_PER_MINUTE', 20, 1, 1_000_000),
      writeRateLimitPerMinute: integer(env, 'WRITE_RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
      trustProxy,
    },
  };
}

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
