// @ts-check
// The portal content script's size per module. WXT builds the content script again, as it
// ships but with a source map, into a scratch folder; each byte of the minified script is
// attributed to the source it came from. Gzip does not split by module, so each module's
// share of the gzip size is estimated from how well its own bytes compress.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'wxt';

const root = resolve(import.meta.dirname, '../..');
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * A source map's mappings as, per generated line, its segments: [generated column, source index or -1].
 * @param {string} mappings
 * @returns {[number, number][][]}
 */
function decodeMappings(mappings) {
  let source = 0;
  return mappings.split(';').map((line) => {
    /** @type {[number, number][]} */
    const segments = [];
    let column = 0;
    for (const segment of line.split(',')) {
      if (!segment) continue;
      /** @type {number[]} */
      const fields = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = B64.indexOf(char);
        value += (digit & 31) * 2 ** shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value % 2 ? -Math.floor(value / 2) : value / 2);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0] ?? 0;
      if (fields.length >= 4) source += fields[1] ?? 0;
      segments.push([column, fields.length >= 4 ? source : -1]);
    }
    return segments;
  });
}

/** @param {string} source @param {string} fileDir */
function moduleName(source, fileDir) {
  const clean = source.replace(/^\0/, '').replace(/\?.*$/, '');
  if (/^[a-z-]+:/.test(clean) || !clean.includes('/')) return clean; // virtual modules
  const path = relative(root, resolve(fileDir, clean));
  return path.includes('node_modules/') ? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length) : path;
}

/**
 * @returns {Promise<{ total: { bytes: number, gzip: number }, modules: { module: string, bytes: number, gzipAlone: number, gzipShare: number }[] }>}
 */
export async function contentScriptModules() {
  const outDir = await mkdtemp(join(tmpdir(), 'oncekey-size-'));
  const quiet = {
    debug() {},
    log() {},
    info() {},
    warn() {},
    error: console.error,
    fatal: console.error,
    success() {},
    level: 0,
  };
  try {
    await build({
      root,
      outDir,
      filterEntrypoints: ['portal'],
      logger: quiet,
      vite: () => ({ build: { sourcemap: 'hidden' } }),
    });
    const file = join(outDir, 'chrome-mv3/content-scripts/portal.js');
    const code = await readFile(file, 'utf8');
    /** @type {{ sources: string[], mappings: string }} */
    const map = JSON.parse(await readFile(`${file}.map`, 'utf8'));
    /** @type {Map<string, string[]>} */
    const parts = new Map();
    const add = (/** @type {string} */ name, /** @type {string} */ text) => {
      if (text) parts.set(name, [...(parts.get(name) ?? []), text]);
    };
    const lines = code.split('\n');
    const mapped = decodeMappings(map.mappings);
    lines.forEach((line, i) => {
      const segments = mapped[i] ?? [];
      add(
        '(unmapped: wrapper, newlines)',
        line.slice(0, segments[0]?.[0] ?? line.length) + (i < lines.length - 1 ? '\n' : ''),
      );
      segments.forEach(([column, source], k) => {
        const name =
          source >= 0 ? moduleName(map.sources[source] ?? '?', dirname(file)) : '(unmapped: wrapper, newlines)';
        add(name, line.slice(column, segments[k + 1]?.[0] ?? line.length));
      });
    });
    const gzip = (/** @type {string} */ text) => gzipSync(text, { level: 9 }).length;
    const total = { bytes: Buffer.byteLength(code), gzip: gzip(code) };
    const modules = [...parts].map(([module, texts]) => {
      const text = texts.join('');
      return { module, bytes: Buffer.byteLength(text), gzipAlone: gzip(text), gzipShare: 0 };
    });
    const alone = modules.reduce((sum, m) => sum + m.gzipAlone, 0);
    for (const m of modules) m.gzipShare = Math.round((total.gzip * m.gzipAlone) / alone);
    modules.sort((a, b) => b.bytes - a.bytes);
    return { total, modules };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
