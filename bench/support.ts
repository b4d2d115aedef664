import Database from 'better-sqlite3';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import * as ts from 'typescript';
import { GENESIS_HASH, chainAppend, chainHead } from '@app/audit';
import type { AppendResult, EventStore, NewEvent } from '@app/event-store';

const ROOT = resolve(__dirname, '..');

export interface Row {
  readonly name: string;
  readonly ours: number;
  readonly baseline: number;
  readonly unit: string;
  /**
   * What the issue asks for: at least `perSecond` and at least `ratio` of the
   * baseline (each when set); or, where less is better (latency, memory), at most `atMost`.
   */
  readonly target: { readonly perSecond?: number; readonly ratio?: number } | { readonly atMost: number } | null;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function machine(): { line: string } {
  const cpu = cpus();
  const sqlite = (new Database(':memory:').prepare('select sqlite_version() v').get() as { v: string }).v;
  return {
    line:
      `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ` +
      `Node ${process.version}, SQLite ${sqlite}, ${process.platform}/${process.arch}`,
  };
}

const FILE = resolve(ROOT, 'BENCHMARKS.md');
const HEADER = `# Benchmarks

Each section is written by its command (\`npm run bench:<name>\`) and shows the
machine, the date, and every figure beside a baseline measured in the same run.
Run one again to refresh its section; the others stay as they were.
`;

function format(value: number): string {
  return Math.round(value).toLocaleString('en');
}

/** Rewrites one section of BENCHMARKS.md; returns the rows that missed their target. */
export function recordSection(key: string, title: string, rows: readonly Row[], notes: readonly string[]): string[] {
  const failed: string[] = [];
  const lines = [
    `<!-- bench:${key}:start -->`,
    `## ${title}`,
    '',
    `\`npm run bench:${key}\` — ${new Date().toISOString().slice(0, 10)}, ${machine().line}.`,
    '',
    '| Scenario | Ours | Baseline | Ours / baseline | Target | Met |',
    '| --- | ---: | ---: | ---: | --- | :---: |',
  ];
  for (const row of rows) {
    const ratio = row.ours / row.baseline;
    let target = '—';
    let met = '—';
    if (row.target !== null && 'atMost' in row.target) {
      target = `≤ ${format(row.target.atMost)} ${row.unit}`;
      const ok = row.ours <= row.target.atMost;
      met = ok ? 'yes' : '**no**';
      if (!ok) failed.push(row.name);
    } else if (row.target !== null) {
      const { perSecond, ratio: least } = row.target;
      target = [perSecond === undefined ? null : `≥ ${format(perSecond)} ${row.unit}`, least === undefined ? null : `≥ ${least} × baseline`]
        .filter((part) => part !== null)
        .join(' and ');
      const ok = (perSecond === undefined || row.ours >= perSecond) && (least === undefined || ratio >= least);
      met = ok ? 'yes' : '**no**';
      if (!ok) failed.push(row.name);
    }
    lines.push(
      `| ${row.name} | ${format(row.ours)} ${row.unit} | ${format(row.baseline)} ${row.unit} | ${ratio.toFixed(2)} | ${target} | ${met} |`,
    );
  }
  lines.push('', ...notes.map((note) => `- ${note}`), `<!-- bench:${key}:end -->`);
  const section = lines.join('\n');

  const current = existsSync(FILE) ? readFileSync(FILE, 'utf8') : HEADER;
  const pattern = new RegExp(`<!-- bench:${key}:start -->[\\s\\S]*?<!-- bench:${key}:end -->`);
  const next = pattern.test(current) ? current.replace(pattern, section) : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(FILE, next);
  return failed;
}

/** BENCH_PROFILE=<dir>: an api process writes a CPU profile there when it stops (open it in Chrome DevTools). */
function profileFlags(): string[] {
  return process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${resolve(process.env.BENCH_PROFILE)}`] : [];
}

/**
 * How an entry runs, so that every server measured runs as plain JavaScript,
 * as `npm start` runs the api:
 * - an app's entry (`apps/<app>/src/<entry>.ts`: its main, the projector's
 *   rebuild): its build, `dist/apps/<app>/…/<entry>.js` (the bench's npm script
 *   builds it first);
 * - a bench server or process (`bench/*-server.ts`, `bench/*-process.ts`, which
 *   import packages only): compiled to `dist/bench/` with TypeScript's
 *   `transpileModule` as it starts;
 * - anything else (a bench's own child, which imports the libraries by their
 *   path aliases): from source, through ts-node.
 * ts-node is no way to measure a server: it loads Node's REPL, which loads the
 * `domain` module, which replaces `EventEmitter.prototype.emit` with a slower
 * one for the whole process (every socket, stream and request event).
 */
function command(entry: string): string[] {
  const app = /^apps\/([\w-]+)\/src\/([\w-]+)\.ts$/.exec(entry);
  if (app !== null) {
    const built = resolve(ROOT, 'dist/apps', app[1]!, 'apps', app[1]!, 'src', `${app[2]!}.js`);
    if (!existsSync(built)) throw new Error(`${entry} is not built: run \`nest build ${app[1]}\` first (the bench's npm script does)`);
    return [...profileFlags(), built];
  }
  if (/^bench\/[\w-]+-(server|process)\.ts$/.test(entry)) return [compiled(entry)];
  return ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', resolve(ROOT, entry)];
}

/** A bench server compiled to JavaScript under dist/bench (CommonJS, decorators and their metadata as the repository compiles them). */
function compiled(entry: string): string {
  const { outputText } = ts.transpileModule(readFileSync(resolve(ROOT, entry), 'utf8'), {
    fileName: entry,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, experimentalDecorators: true, emitDecoratorMetadata: true },
  });
  const out = resolve(ROOT, 'dist', entry.replace(/\.ts$/, '.js'));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, outputText);
  return out;
}

/** Starts an entry of this repository in its own process, as `command` says (`nodeFlags` before it); resolves once its output matches `ready`. */
export function startProcess(entry: string, args: string[], env: Record<string, string>, ready: RegExp, nodeFlags: readonly string[] = []): Promise<{ child: ChildProcessWithoutNullStreams; match: RegExpExecArray; output: () => string }> {
  const child = spawn(process.execPath, [...nodeFlags, ...command(entry), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: resolve(ROOT, 'tsconfig.json'), ...env },
    stdio: 'pipe',
  });
  let output = '';
  let started = false;
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (started) {
        // Keeps reading (a full pipe would stall the process) but only the last 64 KiB: the api logs every request.
        if (output.length > 128 * 1024) output = output.slice(-64 * 1024);
        return;
      }
      const match = ready.exec(output);
      if (match !== null) {
        started = true;
        clearTimeout(timer);
        resolvePromise({ child, match, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${entry} exited (${code}):\n${output}`)));
  });
}

/** JSON over HTTP for a benchmark's set-up: the status and the parsed body. */
export async function call(url: string, method: string, body?: unknown, token?: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/**
 * Appends to a stream the way the api does, each event hashed and chained to
 * the one before it (docs/audit.md), for benchmarks that fill a project
 * directly in the event store: the api's projector refuses unhashed events.
 */
export async function chainedAppender(store: EventStore, stream: string): Promise<(events: NewEvent[]) => Promise<AppendResult>> {
  let revision = -1;
  let head = GENESIS_HASH;
  for await (const event of store.readStream(stream, { direction: 'backwards', limit: 1 })) {
    revision = event.revision;
    head = chainHead(event);
  }
  return async (events) => {
    const chained = chainAppend(stream, revision, head, events);
    const result = await store.append(stream, chained.events, { expectedRevision: revision < 0 ? 'no_stream' : revision });
    head = chained.lastHash;
    revision += events.length;
    return result;
  };
}

/** Waits until the api's projector has committed `position`; throws if it stopped. */
export async function projectorReached(base: string, position: bigint): Promise<void> {
  for (;;) {
    const projector = (await call(`${base}/health`, 'GET')).body.checks.projector;
    if (BigInt(projector?.position ?? '0') >= position) return;
    if (projector?.state === 'failed') throw new Error(`the api's projector stopped: ${projector.error}`);
    await new Promise((resolveLater) => setTimeout(resolveLater, 200));
  }
}
