// @ts-check
// Checks the built manifests (after `npm run build`) against scripts/manifest-rules.mjs (its
// inline stylesheets' hashes against the built pages), and
// that the content script says nothing to the page (wxt.config.ts replaces WXT's
// ContentScriptContext, which posted the extension's id to every portal page) and keeps its
// panel in a closed shadow root; fails with each finding listed.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { inlineStyleProblems, manifestProblems } from './manifest-rules.mjs';
import { shadowRootProblem } from './open-panel-copy.mjs';

let failed = false;
for (const browser of /** @type {const} */ (['chrome', 'firefox'])) {
  const file = `.output/${browser}-mv3/manifest.json`;
  if (!existsSync(file)) {
    console.error(`No build at ${file}: run \`npm run build\` first.`);
    process.exit(1);
  }
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  const problems = manifestProblems(manifest, browser);
  const dir = `.output/${browser}-mv3`;
  const pages = readdirSync(dir)
    .filter((name) => name.endsWith('.html'))
    .map((name) => ({ name, html: readFileSync(`${dir}/${name}`, 'utf8') }));
  const sha256 = (/** @type {string} */ css) => createHash('sha256').update(css).digest('base64');
  problems.push(...inlineStyleProblems(manifest, pages, sha256));
  const script = readFileSync(`.output/${browser}-mv3/content-scripts/portal.js`, 'utf8');
  for (const said of ['postMessage', 'content-script-started', 'dispatchEvent']) {
    if (script.includes(said)) problems.push(`the content script calls or names ${said}: a page could hear OnceKey`);
  }
  const roots = shadowRootProblem(script);
  if (roots) problems.push(roots);
  console.log(`${file}: ${problems.length ? problems.length : 'no'} problem${problems.length === 1 ? '' : 's'}`);
  for (const problem of problems) console.log(`  ${problem}`);
  failed ||= problems.length > 0;
}
process.exit(failed ? 1 : 0);
