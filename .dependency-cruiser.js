/**
 * The layering of DESIGN.md, checked on every `npm test`:
 * apps -> libs; libs/domain imports nothing of ours and nothing that does I/O
 * (of npm packages, only immutable);
 * a port never imports its adapters; nothing imports tests or apps.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-domain-deps',
      comment:
        'libs/domain is pure TypeScript: no Nest, no I/O library, no Node built-in, no other lib or app. ' +
        'One exception: immutable, a pure data-structure library (no I/O, no globals), for the persistent maps of its state.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      // The one npm package the domain may use, and nothing else under node_modules (`../` when run from a sub-tree).
      to: { pathNot: '^libs/domain/|^(\\.\\./)*node_modules/immutable/' },
    },
    {
      name: 'port-not-to-adapter',
      comment: 'A port (and what it is made of) never imports an adapter; adapters import their port.',
      severity: 'error',
      from: { path: '^libs/(event-store|read-models)/src/', pathNot: '/(adapters|nest|testing)/|\\.factory\\.ts$|/index\\.ts$|\\.spec\\.ts$' },
      to: { path: '^libs/(event-store|read-models)/src/(adapters|nest)/' },
    },
    {
      name: 'adapters-independent',
      comment: 'One adapter never imports another adapter.',
      severity: 'error',
      from: { path: '^libs/[^/]+/src/adapters/([^/]+)/' },
      to: { path: '^libs/[^/]+/src/adapters/', pathNot: '^libs/[^/]+/src/adapters/$1/' },
    },
    {
      name: 'libs-not-to-apps',
      comment: 'Arrows point inward: apps use libs, never the other way round.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-independent',
      comment: 'One app never imports another; what they share lives in libs/.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'web-only-contracts',
      comment: 'The web app runs in a browser and talks only through the public contract: of our code it imports libs/contracts alone.',
      severity: 'error',
      from: { path: '^apps/web/' },
      to: { path: '^libs/', pathNot: '^libs/contracts/' },
    },
    {
      name: 'contracts-stand-alone',
      comment: 'libs/contracts is wire types shared with the browser: it imports nothing, of ours or from npm.',
      severity: 'error',
      from: { path: '^libs/contracts/' },
      to: { pathNot: '^libs/contracts/' },
    },
    {
      name: 'no-test-code-in-product',
      comment: 'Product code never imports tests, test support, benchmarks or contract suites.',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: '\\.spec\\.ts$|/testing/' },
      to: { path: '^(test|bench)/|/testing/|\\.spec\\.ts$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
