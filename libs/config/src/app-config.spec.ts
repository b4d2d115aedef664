import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  const cwd = '/srv/app';

  it('defaults to the embedded profile under ./data', () => {
    const sut = loadConfig({}, cwd);
    expect(sut).toEqual({
      nodeEnv: 'development',
      host: '0.0.0.0',
      port: 3000,
      dataDir: '/srv/app/data',
      eventStore: { kind: 'sqlite', filename: '/srv/app/data/events.db', synchronous: 'NORMAL' },
      readStore: { kind: 'sqlite', filename: '/srv/app/data/views.db', synchronous: 'NORMAL' },
      projectorInProcess: true,
      projectorThread: true,
      projectorLeaseTtlMs: 5000,
      redisUrl: null,
      logLevel: 'log',
      logFormat: 'auto',
      shutdownTimeoutMs: 10_000,
      auth: { jwtSecret: null, accessTokenTtlSeconds: 900, refreshTokenTtlSeconds: 2_592_000, invitationTtlSeconds: 604_800 },
      http: { corsOrigins: [], bodyLimitBytes: 262_144, authRateLimitPerMinute: 20, writeRateLimitPerMinute: 600, trustProxy: 'loopback' },
      seedDemo: true,
      webDir: '/srv/app/dist/web',
    });
  });

  it('runs the projector on the api\'s main thread with PROJECTOR_THREAD=false', () => {
    expect(loadConfig({ PROJECTOR_THREAD: 'false' }, cwd)).toMatchObject({ projectorInProcess: true, projectorThread: false });
  });

  it('shares presence through Redis when REDIS_URL is set', () => {
    expect(loadConfig({ REDIS_URL: 'redis://cache:6379' }, cwd).redisUrl).toBe('redis://cache:6379');
  });

  it('serves the web app from WEB_DIR, relative to the working folder', () => {
    expect(loadConfig({ WEB_DIR: 'build/web' }, cwd).webDir).toBe('/srv/app/build/web');
    expect(loadConfig({ WEB_DIR: '/opt/web' }, cwd).webDir).toBe('/opt/web');
  });

  it('puts the default files in DATA_DIR and reads explicit sqlite URLs relative to the working folder', () => {
    expect(loadConfig({ DATA_DIR: '/var/lib/cpp' }, cwd).eventStore).toMatchObject({ filename: '/var/lib/cpp/events.db' });
    expect(loadConfig({ EVENT_STORE_URL: 'sqlite:./x/e.db', SQLITE_SYNCHRONOUS: 'full' }, cwd).eventStore).toEqual({
      kind: 'sqlite',
      filename: '/srv/app/x/e.db',
      synchronous: 'FULL',
    });
    expect(loadConfig({ READ_STORE_URL: 'sqlite:///tmp/v.db' }, cwd).readStore).toMatchObject({ filename: '/tmp/v.db' });
  });

  it('accepts the production stores', () => {
    const sut = loadConfig(
      {
        EVENT_STORE_URL: 'esdb://eventstore:2113?tls=false',
        READ_STORE_URL: 'mongodb://mongo:27017/client_projects?replicaSet=rs0',
        PROJECTOR_IN_PROCESS: 'false',
        JWT_SECRET: 'x'.repeat(48),
        CORS_ORIGINS: 'https://app.example.com, http://localhost:5173',
      },
      cwd,
    );
    expect(sut.eventStore).toEqual({ kind: 'eventstoredb', url: 'esdb://eventstore:2113?tls=false' });
    expect(sut.readStore).toEqual({ kind: 'mongodb', url: 'mongodb://mongo:27017/client_projects?replicaSet=rs0' });
    expect(sut.projectorInProcess).toBe(false);
    expect(sut.http.corsOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(sut.seedDemo).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, loopback' }, cwd).http.trustProxy).toBe('10.0.0.0/8, loopback');
    expect(loadConfig({ TRUST_PROXY: '2' }, cwd).http.trustProxy).toBe(2);
  });

  it.each([
    [{ EVENT_STORE_URL: 'postgres://db/events' }, 'EVENT_STORE_URL must be sqlite:<file> (embedded) or esdb://host:2113 (EventStoreDB) (got "postgres://db/events")'],
    [{ EVENT_STORE_URL: 'sqlite:' }, 'EVENT_STORE_URL needs a file after sqlite: (got "sqlite:")'],
    [{ EVENT_STORE_URL: 'esdb://' }, 'EVENT_STORE_URL needs a host (got "esdb://")'],
    [{ READ_STORE_URL: 'mongodb://' }, 'READ_STORE_URL needs a host (got "mongodb://")'],
    [{ READ_STORE_URL: 'redis://cache' }, 'READ_STORE_URL must be sqlite:<file> (embedded) or mongodb://host:27017/db (MongoDB) (got "redis://cache")'],
    [{ PORT: 'eighty' }, 'PORT must be a whole number from 0 to 65535 (got "eighty")'],
    [{ PORT: '70000' }, 'PORT must be a whole number from 0 to 65535 (got "70000")'],
    [{ PROJECTOR_IN_PROCESS: 'maybe' }, 'PROJECTOR_IN_PROCESS must be true or false (got "maybe")'],
    [{ PROJECTOR_THREAD: 'main' }, 'PROJECTOR_THREAD must be true or false (got "main")'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL must be redis://host:6379 or rediss://host:6380 (got "localhost:6379")'],
    [{ REDIS_URL: 'http://cache:6379' }, 'REDIS_URL must be redis://host:6379 or rediss://host:6380 (got "http://cache:6379")'],
    [{ PROJECTOR_LEASE_TTL_MS: '100' }, 'PROJECTOR_LEASE_TTL_MS must be a whole number from 300 to 600000 (got "100")'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn, log, debug, verbose (got "loud")'],
    [{ SQLITE_SYNCHRONOUS: 'OFF' }, 'SQLITE_SYNCHRONOUS must be one of NORMAL, FULL (got "OFF")'],
    [{ HOST: 'exa mple' }, 'HOST must be a host name or an IP address (got "exa mple")'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET must be at least 32 characters (generate one with: openssl rand -base64 48)'],
    [{ EVENT_STORE_URL: 'esdb://es:2113?tls=false' }, 'JWT_SECRET must be set when the event store is not the embedded one (every api node needs the same key)'],
    [{ CORS_ORIGINS: 'https://ok.example, *' }, 'CORS_ORIGINS must be a comma-separated list of origins like https://app.example.com (got "*")'],
    [{ CORS_ORIGINS: 'https://app.example.com/path' }, 'CORS_ORIGINS must be a comma-separated list of origins like https://app.example.com (got "https://app.example.com/path")'],
    [{ TRUST_PROXY: 'everyone' }, 'TRUST_PROXY must be a number of proxy hops, or addresses, subnets, loopback, linklocal or uniquelocal, comma-separated (got "everyone")'],
    [{ BODY_LIMIT_BYTES: '12' }, 'BODY_LIMIT_BYTES must be a whole number from 1024 to 52428800 (got "12")'],
  ])('refuses %j with one line naming the variable', (env, message) => {
    let error: unknown;
    try {
      loadConfig(env, cwd);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(message);
    expect((error as Error).message).not.toContain('\n');
  });
});
