// @ts-check
// Bundles the CLI (and the shared modules it takes from ../utils, and valibot) into one
// plain JavaScript file for Node 20: `node cli/dist/oncekey.cjs`, or `oncekey` once linked.
// CommonJS, not ESM: Node 20 starts a CommonJS file about 11 ms sooner (no ES module loader),
// and `oncekey run` is on the path between a developer's Enter and their bot starting.
import { chmod } from 'node:fs/promises';
import { resolve } from 'node:path';
import { build } from 'esbuild';

const outfile = resolve(import.meta.dirname, 'dist/oncekey.cjs');
await build({
  entryPoints: [resolve(import.meta.dirname, 'src/main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // The sources are ES modules: `import.meta.url` (where `oncekey install` finds this file) is
  // this file's URL, computed once at start.
  define: { 'import.meta.url': 'oncekeyFileUrl' },
  banner: {
    js: "#!/usr/bin/env node\n'use strict';\nconst oncekeyFileUrl = require('node:url').pathToFileURL(__filename).href;",
  },
  legalComments: 'none',
  logLevel: 'warning',
});
await chmod(outfile, 0o755);
