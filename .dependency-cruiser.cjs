// Architecture rules, checked by `npm run lint:arch` (part of `npm test`). docs/architecture.md
// explains the contexts these rules keep apart.
//
// The graph is what runs: TypeScript is compiled first (tsPreCompilationDeps: false), so
// `import type` lines are not dependencies here. That is on purpose: the content script and
// the components may name the vault's types (a capture's shape, an App's summary) without
// shipping or reaching any vault code. dependency-cruiser's "reachable" follows every edge
// it sees, type-only ones included, so it needs this graph. Cycles are checked a second
// time with type-only imports counted, by .dependency-cruiser.types.cjs.

/** Modules that call the WebExtension API: WXT's `browser`, its polyfill, WXT's runtime helpers. */
const BROWSER_API = ['node_modules/wxt/', 'node_modules/@wxt-dev/', 'node_modules/webextension-polyfill/'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle ties modules together: each must be understood, tested and changed with the others.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'content-script-stays-out-of-the-vault',
      severity: 'error',
      comment:
        'The content script runs in the portal page: it submits captures and cannot read the vault. ' +
        'It never reaches Dexie (it would open the IndexedDB of the portal itself), the vault or the crypto, ' +
        'directly or through another module, and so it stays small.',
      from: { path: '^entrypoints/portal\\.content/' },
      to: { reachable: true, path: ['^utils/vault/', '^utils/crypto/', 'node_modules/dexie/'] },
    },
    {
      name: 'components-no-vault-code',
      severity: 'error',
      comment:
        'Components are presentational: data and callbacks come in as props. They may import ' +
        'types from the vault (import type), but run none of its code.',
      from: { path: '^components/' },
      to: { reachable: true, path: ['^utils/vault/', 'node_modules/dexie/'] },
    },
    {
      name: 'components-no-browser-api',
      severity: 'error',
      comment: 'Components call no browser API, directly or through a helper: the screens and entrypoints do.',
      from: { path: '^components/' },
      to: { reachable: true, path: BROWSER_API },
    },
    {
      name: 'pure-utils-no-browser-api',
      severity: 'error',
      comment:
        'Portal detection, crypto and export are pure functions: they run the same in the page, the ' +
        'background, unit tests and benchmarks. Browser globals are refused by Biome (biome.json).',
      from: { path: '^utils/(portal|crypto|export)/' },
      to: { reachable: true, path: BROWSER_API },
    },
    {
      name: 'cli-no-browser-code',
      severity: 'error',
      comment:
        'The command line runs on Node: it shares the protocol, the kinds and the export formats (pure modules), ' +
        'never a browser API, the vault, the background, a page or a component.',
      from: { path: '^cli/' },
      to: {
        reachable: true,
        path: [
          ...BROWSER_API,
          '^entrypoints/',
          '^components/',
          '^utils/(vault|background|crypto|portal)/',
          '^utils/protocol/(client|router|messages)',
          'node_modules/(dexie|preact)/',
        ],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^\\.wxt/', '^\\.output/'] },
    tsPreCompilationDeps: false,
    // For WXT's `@/` alias. Not tsconfig.json: dependency-cruiser 17 resolves the `paths` of
    // .wxt/tsconfig.json (which has no baseUrl) from the wrong folder, and tsconfig.json's
    // `jsx` option would make it compile every .ts file as TSX (`<T>()` then misparses).
    tsConfig: { fileName: '.dependency-cruiser.tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'browser', 'default'],
      mainFields: ['module', 'browser', 'main', 'types'],
    },
  },
};
