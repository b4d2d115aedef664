import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

/**
 * Static checks of the production profile's container files (no Docker engine
 * needed), plus `docker-compose config -q` where docker-compose is installed.
 */

const repoRoot = path.resolve(__dirname, '../..');
const composePath = path.join(repoRoot, 'docker-compose.yml');
const dockerfilePath = path.join(repoRoot, 'infra/docker/Dockerfile');

interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { disable?: boolean; test?: string | string[] };
  volumes?: (string | { type?: string; source?: string })[];
}

interface ComposeFile {
  services: Record<string, ComposeService>;
}

// `<<: *api` (YAML merge keys), as Docker Compose reads them.
const compose = parse(readFileSync(composePath, 'utf8'), { merge: true }) as ComposeFile;
const services = compose.services;

/**
 * True for a `@sha256:` digest, or a tag that starts with a full version
 * (`7.0.16`, `20.20.2-bookworm-slim`): `latest`, `7`, `7.0` and `20-slim`
 * move under you and do not count.
 */
function isPinned(imageRef: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(imageRef)) return true;
  // A registry host may carry a port (`host:5000/name:tag`): the tag is after the last `/`.
  const name = imageRef.slice(imageRef.lastIndexOf('/') + 1);
  const colon = name.indexOf(':');
  if (colon < 0) return false;
  return /^v?\d+\.\d+\.\d+([-_.][A-Za-z0-9._-]+)?$/.test(name.slice(colon + 1));
}

function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const eq = entry.indexOf('=');
        return eq < 0 ? [entry, ''] : [entry.slice(0, eq), entry.slice(eq + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, String(value ?? '')]));
}

function healthyDependencies(service: ComposeService): string[] {
  const deps = service.depends_on;
  if (deps === undefined || Array.isArray(deps)) return [];
  return Object.entries(deps)
    .filter(([, spec]) => spec.condition === 'service_healthy')
    .map(([name]) => name);
}

function commandOf(service: ComposeService): string {
  return Array.isArray(service.command) ? service.command.join(' ') : (service.command ?? '');
}

interface Instruction {
  keyword: string;
  args: string;
}

/** Dockerfile instructions, with comments dropped and `\` continuations joined. */
function dockerInstructions(text: string): Instruction[] {
  const lines = text.split(/\r?\n/).filter((line) => !line.trimStart().startsWith('#'));
  const joined: string[] = [];
  let current = '';
  for (const line of lines) {
    if (line.trimEnd().endsWith('\\')) {
      current += line.trimEnd().slice(0, -1) + ' ';
    } else {
      joined.push(current + line);
      current = '';
    }
  }
  if (current !== '') joined.push(current);
  return joined
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

interface Stage {
  image: string;
  name: string | null;
  instructions: Instruction[];
}

function dockerStages(instructions: Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((word) => !word.startsWith('--'));
      const asIndex = words.findIndex((word) => word.toUpperCase() === 'AS');
      stages.push({
        image: words[0] ?? '',
        name: asIndex >= 0 ? (words[asIndex + 1] ?? null) : null,
        instructions: [],
      });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

function isOnPath(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    if (dir === '') return false;
    try {
      accessSync(path.join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

describe('docker-compose.yml (production profile)', () => {
  it('defines the stores, Redis, two api replicas behind a load balancer, and the projector', () => {
    expect(Object.keys(services).sort()).toEqual(['api-1', 'api-2', 'eventstore', 'lb', 'mongo', 'projector', 'redis']);
  });

  it('runs two projectors, one active under the lease, the other standing by', () => {
    expect((services.projector as ComposeService & { deploy?: { replicas?: number } }).deploy?.replicas).toBe(2);
  });

  it('balances HTTP and WebSocket over both replicas, each client kept on one, /metrics kept inside', () => {
    expect(healthyDependencies(services.lb!).sort()).toEqual(['api-1', 'api-2']);
    const conf = readFileSync(path.join(repoRoot, 'infra/nginx/nginx.conf'), 'utf8');
    expect(conf).toMatch(/upstream api \{[^}]*ip_hash;[^}]*server api-1:3000[^}]*server api-2:3000/s);
    expect(conf).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(conf).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
    expect(conf).toMatch(/location = \/metrics \{\s*return 404;/);
    expect(conf).toMatch(/proxy_set_header X-Request-Id \$request_id_out;/);
  });

  it('pins every image to an exact version', () => {
    const images = Object.values(services).flatMap((service) => (service.image ? [service.image] : []));
    expect(images.length).toBeGreaterThan(0);
    expect(images.filter((image) => !isPinned(image))).toEqual([]);
  });

  it('builds or names an image for the api and the projector, from a Dockerfile that exists', () => {
    for (const name of ['api-1', 'api-2', 'projector']) {
      const service = services[name]!;
      expect(service.build !== undefined || service.image !== undefined).toBe(true);
      if (typeof service.build === 'object') {
        const context = path.resolve(repoRoot, service.build.context ?? '.');
        expect(existsSync(path.resolve(context, service.build.dockerfile ?? 'Dockerfile'))).toBe(true);
      }
    }
  });

  it('runs both api replicas alike on EventStoreDB and the MongoDB replica set, with the projector out of process, behind the proxy', () => {
    const env = environmentOf(services['api-1']!);
    expect(env.EVENT_STORE_URL).toMatch(/^esdb:\/\/eventstore:2113\b/);
    expect(env.READ_STORE_URL).toMatch(/^mongodb:\/\/mongo:27017\/.+replicaSet=rs0/);
    expect(env.PROJECTOR_IN_PROCESS).toBe('false');
    expect(env.TRUST_PROXY).toBe('uniquelocal');
    // Presence shared through the compose Redis, which must be up first.
    expect(env.REDIS_URL).toBe('redis://redis:6379');
    expect(services.redis!.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
    expect(environmentOf(services['api-2']!)).toEqual(env);
    for (const name of ['api-1', 'api-2']) expect(healthyDependencies(services[name]!).sort()).toEqual(['eventstore', 'mongo', 'redis']);
  });

  it('runs the projector on the same stores as the api, without the HTTP health check', () => {
    const api = environmentOf(services['api-1']!);
    const projector = environmentOf(services.projector!);
    expect(projector.EVENT_STORE_URL).toBe(api.EVENT_STORE_URL);
    expect(projector.READ_STORE_URL).toBe(api.READ_STORE_URL);
    expect(commandOf(services.projector!)).toBe('node dist/apps/projector/apps/projector/src/main.js');
    expect(services.projector!.healthcheck?.disable).toBe(true);
    expect(healthyDependencies(services.projector!).sort()).toEqual(['eventstore', 'mongo']);
  });

  it('mounts only host files that exist', () => {
    const sources = Object.values(services)
      .flatMap((service) => service.volumes ?? [])
      .map((volume) => (typeof volume === 'string' ? volume.split(':')[0]! : (volume.source ?? '')))
      .filter((source) => source.startsWith('.') || source.startsWith('/'));
    for (const source of sources) {
      expect({ source, exists: existsSync(path.resolve(repoRoot, source)) }).toEqual({ source, exists: true });
    }
  });

  const hasCompose = isOnPath('docker-compose');
  if (!hasCompose) {
    console.warn('[skip] docker-compose config -q: docker-compose is not installed (apt-get install docker-compose)');
  }
  const itIfCompose = hasCompose ? it : it.skip;

  itIfCompose('is accepted by docker-compose config -q', () => {
    const result = spawnSync('docker-compose', ['-f', 'docker-compose.yml', 'config', '-q'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.error).toBeUndefined();
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
  });
});

describe('infra/docker/Dockerfile', () => {
  const stages = dockerStages(dockerInstructions(readFileSync(dockerfilePath, 'utf8')));
  const finalStage = stages.at(-1)!;

  it('pins every base image to an exact version', () => {
    const stageNames = new Set(stages.flatMap((stage) => (stage.name ? [stage.name.toLowerCase()] : [])));
    const bases = stages.map((stage) => stage.image).filter((image) => !stageNames.has(image.toLowerCase()));
    expect(bases.length).toBeGreaterThan(0);
    expect(bases.filter((image) => !isPinned(image))).toEqual([]);
  });

  it('runs the final stage as a non-root user', () => {
    const user = finalStage.instructions.filter((i) => i.keyword === 'USER').at(-1)?.args.split(':')[0];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
  });

  it('gives the final stage a health check and production mode', () => {
    const healthcheck = finalStage.instructions.find((i) => i.keyword === 'HEALTHCHECK');
    expect(healthcheck?.args).toMatch(/\/health\b/);
    expect(finalStage.instructions.filter((i) => i.keyword === 'ENV').map((i) => i.args).join(' ')).toMatch(
      /\bNODE_ENV=production\b/,
    );
  });

  it('starts the api by default', () => {
    expect(finalStage.instructions.filter((i) => i.keyword === 'CMD').at(-1)?.args).toBe(
      '["node", "dist/apps/api/apps/api/src/main.js"]',
    );
  });
});

describe('.github/workflows/ci.yml (CI on a machine with Docker)', () => {
  const workflow = parse(readFileSync(path.join(repoRoot, '.github/workflows/ci.yml'), 'utf8')) as {
    jobs: Record<string, { container?: string; services?: Record<string, { image: string }>; steps: Array<{ run?: string; uses?: string; env?: Record<string, string> }> }>;
  };
  const runs = (job: string): string => workflow.jobs[job]!.steps.map((step) => step.run ?? '').join('\n');

  it('runs the test command as .ci/run does, the contract suites against real servers, and the compose stack end to end', () => {
    expect(Object.keys(workflow.jobs).sort()).toEqual(['compose', 'contracts', 'test']);
    expect(runs('test')).toContain('bash .ci/run');
    const contracts = workflow.jobs.contracts!.steps.find((step) => step.env?.ESDB_TEST_URL !== undefined);
    expect(contracts?.env).toEqual({ ESDB_TEST_URL: expect.stringMatching(/^esdb:\/\//), MONGODB_TEST_URL: expect.stringMatching(/^mongodb:\/\//) });
    expect(runs('compose')).toMatch(/docker compose up -d --build --wait/);
    expect(runs('compose')).toContain('node infra/compose-smoke.mjs');
    expect(existsSync(path.join(repoRoot, 'infra/compose-smoke.mjs'))).toBe(true);
  });

  it('pins every image it runs to an exact version, the same as the compose file', () => {
    const images = [
      workflow.jobs.test!.container!,
      ...Object.values(workflow.jobs.contracts!.services ?? {}).map((service) => service.image),
      ...[...runs('contracts').matchAll(/docker run [^\n]*?(\S+:\S+) --replSet/g)].map((match) => match[1]!),
    ];
    expect(images.filter((image) => !isPinned(image))).toEqual([]);
    const composeImages = new Set(Object.values(services).flatMap((service) => (service.image ? [service.image] : [])));
    for (const image of images.filter((image) => !image.startsWith('node:'))) expect(composeImages).toContain(image);
  });
});
