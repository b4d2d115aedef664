import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const fixture = resolve(__dirname, 'fixture');

/**
 * `npm run lint:deps` proves the layering of the real tree; this proves that
 * the rules themselves still bite, on a tree that breaks each of them.
 */
describe('dependency rules', () => {
  it('report every layering violation in a tree that breaks them', () => {
    const run = spawnSync(
      process.execPath,
      [resolve(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), 'libs', 'apps', '--config', resolve(root, '.dependency-cruiser.js'), '--output-type', 'json'],
      { cwd: fixture, encoding: 'utf8', timeout: 60_000 },
    );
    const result = JSON.parse(run.stdout) as {
      summary: { violations: Array<{ rule: { name: string }; from: string; to: string }> };
    };
    const found = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);

    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^no-domain-deps: libs\/domain\/src\/impure\.ts -> (\.\.\/)*node_modules\/@nestjs\/common\//),
        'no-domain-deps: libs/domain/src/impure.ts -> fs',
        'no-domain-deps: libs/domain/src/impure.ts -> libs/event-store/src/port.ts',
        expect.stringMatching(/^no-domain-deps: libs\/domain\/src\/packages\.ts -> (\.\.\/)*node_modules\/rxjs\//),
        'port-not-to-adapter: libs/event-store/src/port.ts -> libs/event-store/src/adapters/sqlite/adapter.ts',
        'libs-not-to-apps: libs/event-store/src/adapters/sqlite/adapter.ts -> apps/api/src/main.ts',
        'web-only-contracts: apps/web/src/main.ts -> libs/domain/src/packages.ts',
        expect.stringMatching(/^contracts-stand-alone: libs\/contracts\/src\/wire\.ts -> (\.\.\/)*node_modules\/rxjs\//),
      ]),
    );
    // immutable is the one package the domain may import: the fixture imports it beside rxjs, and only rxjs is refused.
    expect(found.filter((violation) => violation.includes('node_modules/immutable/'))).toEqual([]);
  });

  it('fail the run, as `npm run lint:deps` does, when anything is violated', () => {
    const run = spawnSync(
      process.execPath,
      [resolve(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), 'libs', 'apps', '--config', resolve(root, '.dependency-cruiser.js')],
      { cwd: fixture, encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.status).not.toBe(0);
    expect(run.stdout).toMatch(/8 dependency violations \(8 errors/);
  });
});
