import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../..');

/**
 * Runs a TypeScript entry point of this repository in a child process, the way
 * the product runs (real Nest bootstrap, real files), transpiled on the fly.
 */
export function spawnTs(
  entry: string,
  env: Record<string, string>,
  args: readonly string[] = [],
): ChildProcessWithoutNullStreams {
  return spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', resolve(REPO_ROOT, entry), ...args],
    {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: resolve(REPO_ROOT, 'tsconfig.json'), ...env },
      stdio: 'pipe',
    },
  );
}

/** Resolves with the exit code (or the signal's name) when the child ends. */
export function exited(child: ChildProcessWithoutNullStreams): Promise<number | string> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  if (child.signalCode !== null) return Promise.resolve(child.signalCode);
  return new Promise((resolvePromise) => child.once('exit', (code, signal) => resolvePromise(code ?? signal ?? -1)));
}

/** Collects a child's output so a failing test can show it. */
export function captureOutput(child: ChildProcessWithoutNullStreams): { readonly text: () => string } {
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return { text: () => out };
}

/** Polls until `condition` holds; throws with `describe()` after the timeout. */
export async function eventually<T>(
  condition: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  options: { timeoutMs?: number; intervalMs?: number; describe?: () => string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const value = await condition();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) {
      throw new Error(`Condition not met within ${options.timeoutMs ?? 20_000} ms${options.describe ? `: ${options.describe()}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 10));
  }
}
