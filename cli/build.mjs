// @ts-check
// Bundles the CLI (and the shared modules it takes from ../utils, and valibot) into one
// plain JavaScript file for Node 20: `node cli/dist/oncekey.js`, or `oncekey` once linked.
import { chmod } from 'node:fs/promises';
import { resolve } from 'node:path';
import { build } from 'esbuild';

const outfile = resolve(import.meta.dirname, 'dist/oncekey.js');
await build({
  entryPoints: [resolve(import.meta.dirname, 'src/main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  banner: { js: '#!/usr/bin/env node' },
  legalComments: 'none',
  logLevel: 'warning',
});
await chmod(outfile, 0o755);
