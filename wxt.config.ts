import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'wxt';
import { PORTAL_MATCHES } from './utils/portal/hosts';

// Chromium's MV3 default is `script-src 'self'`, which refuses to compile the Argon2id
// WebAssembly; 'wasm-unsafe-eval' allows exactly that and nothing else. No plugins, no
// styles but the extension's own stylesheets (the popup's, in its page, allowed by its hash
// when built: inlinePopupStylesheet; no inline style attributes: OnceKey's components set
// none), images only from the extension (and data:/blob: URLs it makes),
// no form posting anywhere, no <base> games.
const EXTENSION_PAGES_CSP = [
  "script-src 'self' 'wasm-unsafe-eval'",
  "object-src 'none'",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "form-action 'none'",
  "base-uri 'none'",
].join('; ');
// OnceKey makes no network requests: built pages and the service worker may not connect
// anywhere (fetch, XHR, WebSocket, EventSource), nor load anything from elsewhere
// (default-src). `wxt dev` needs its reload socket and dev server, so only builds get these.
const BUILD_ONLY_CSP = "; default-src 'self'; connect-src 'none'";
// The oldest Chrome with every API the code uses: runtime.getContexts (116), offscreen
// documents (109), storage.session and its access level (102), 'wasm-unsafe-eval' (103).
// Firefox: strict_min_version below (IndexedDB durability 126, data_collection_permissions 140).
// `npm run check:manifest` (scripts/check-manifest.mjs) checks the built manifests keep all this.
const MINIMUM_CHROME_VERSION = '116';

/**
 * OnceKey never renders HTML from strings. Preact keeps one HTML sink for
 * `dangerouslySetInnerHTML`; this removes it at build time, so no code path can write
 * markup (and Mozilla's linter has no innerHTML assignment to warn about). The build fails
 * if Preact's code changes shape, rather than silently keeping the sink.
 */
function withoutPreactHtmlSink(): Plugin {
  return {
    name: 'oncekey:without-preact-html-sink',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]preact[\\/]dist[\\/]preact\.(module\.js|mjs)$/.test(id)) return;
      let sinks = 0;
      const out = code
        .replace(/\(([\w$]+)\.innerHTML=([\w$]+)\.__html\)/g, () => {
          sinks++;
          return '(()=>{throw new Error("dangerouslySetInnerHTML is disabled in OnceKey")})()';
        })
        .replace(/([\w$]+)\.innerHTML=""/g, (_, el) => {
          sinks++;
          return `${el}.textContent=""`;
        });
      if (sinks !== 2 || out.includes('innerHTML=')) {
        throw new Error(`Preact's innerHTML code changed (${sinks} sinks found): update withoutPreactHtmlSink.`);
      }
      return { code: out, map: null };
    },
  };
}

/**
 * The portal's content script sends with the browser's own runtime (promise-based in MV3:
 * entrypoints/portal.content/channel.ts). WXT's content-script wrapper still imports
 * `wxt/browser`, only for `browser.runtime.id`; in that build it gets the native object, so
 * webextension-polyfill (a third of the script) stays out of what every portal page loads.
 */
function nativeBrowserInContentScripts(): Plugin {
  return nativeBrowser('oncekey:native-browser-in-content-scripts', () => true);
}

/**
 * The popup and the approve page get the browser's own object too: every API they call
 * (runtime.sendMessage, connect, getURL, onMessage with listeners that return nothing,
 * permissions.request/remove, tabs.getCurrent/create) returns a promise in Chrome ≥ 116 and
 * Firefox, and the polyfill's 10 KB gzip, parsed before the first paint, bought nothing there.
 * The offscreen document keeps the polyfill: its onMessage listener answers with a promise,
 * which only the polyfill turns into a reply in Chrome.
 */
function nativeBrowserInPages(): Plugin {
  const pages = [
    resolve(import.meta.dirname, 'entrypoints/popup'),
    resolve(import.meta.dirname, 'entrypoints/approve'),
  ];
  const shared = resolve(import.meta.dirname, 'utils/protocol/client.ts');
  return nativeBrowser(
    'oncekey:native-browser-in-pages',
    (importer) => importer === shared || pages.some((page) => importer.startsWith(page)),
  );
}

/** `wxt/browser` as the browser's own promise-based object, for the modules `wanted` picks by importer. */
function nativeBrowser(name: string, wanted: (importer: string) => boolean): Plugin {
  const id = '\0oncekey:native-browser';
  const polyfill = new Set(['wxt/browser', '@wxt-dev/webextension-polyfill/browser', 'webextension-polyfill']);
  return {
    name,
    enforce: 'pre',
    resolveId: (source, importer) => (polyfill.has(source) && importer && wanted(importer) ? id : undefined),
    load: (loaded) => (loaded === id ? 'export const browser = globalThis.browser ?? globalThis.chrome;' : undefined),
  };
}

/**
 * WXT's content-script wrapper builds a `ContentScriptContext` from `wxt/utils/content-script-context`;
 * in the content script's build that module is OnceKey's own (entrypoints/portal.content/script-context.ts),
 * which announces nothing to the page and cannot be stopped by it. `npm run check:manifest` fails on
 * a build that still holds WXT's announcement.
 */
function quietContentScriptContext(): Plugin {
  const ours = resolve(import.meta.dirname, 'entrypoints/portal.content/script-context.ts');
  return {
    name: 'oncekey:quiet-content-script-context',
    enforce: 'pre',
    resolveId: (source) => (source === 'wxt/utils/content-script-context' ? ours : undefined),
    // The wrapper's crash log prints nothing in production builds (WXT's logger returns early there).
    transform: (code, id) =>
      id.includes('content-script-isolated-world-entrypoint') ? code.replace(/logger\.error\([^;]*\);/, '') : undefined,
  };
}

/** The CSP hash ('sha256-…') of each stylesheet inlinePopupStylesheet put in the popup's page, by file. */
const inlinedStyles = new Map<string, string>();

/**
 * The popup's stylesheet in its page, as a `<style>`, not a `<link>`: a linked stylesheet
 * holds the first paint until it is fetched, and the popup's first paint, locked, is what a
 * user waits for each time the toolbar button is pressed (issue 14). Interleaved here,
 * 2026-12-03, three runs of 15 each: 72/80/88 ms against 88/80/92 linked, KeePassXC-Browser's
 * 128–148 in the same runs. The content security policy allows that exact stylesheet by its
 * hash, added to `style-src 'self'` once the build is done (hooks below), and nothing else
 * inline; `npm run check:manifest` checks each hash is one of a built page's `<style>`.
 * Builds only (`wxt dev` links the dev server's stylesheet). The file stays for the approve page.
 */
function inlinePopupStylesheet(): Plugin {
  const popup = resolve(import.meta.dirname, 'entrypoints/popup/index.html');
  return {
    name: 'oncekey:inline-popup-stylesheet',
    transformIndexHtml: {
      order: 'post',
      handler(html, { filename, bundle }) {
        if (!bundle || resolve(filename) !== popup) return html;
        const inlined = html.replace(
          /<link rel="stylesheet"(?: crossorigin)? href="\/([^"]+\.css)">/g,
          (_link, file: string) => {
            const asset = bundle[file];
            if (asset?.type !== 'asset') throw new Error(`The popup's stylesheet ${file} is not in the build.`);
            const css = typeof asset.source === 'string' ? asset.source : new TextDecoder().decode(asset.source);
            // What the browser hashes is the text as parsed: no line ends or NULs for the parser to change,
            // no relative url() that would resolve against the page instead of the file, no end tag.
            if (/<\/style|[\r\0]|url\(/i.test(css)) {
              throw new Error(`The popup's stylesheet ${file} cannot be put in a <style> as it is.`);
            }
            inlinedStyles.set(file, `'sha256-${createHash('sha256').update(css).digest('base64')}'`);
            return `<style>${css}</style>`;
          },
        );
        if (inlined.includes('<link rel="stylesheet"')) throw new Error("A stylesheet link left in the popup's page.");
        return inlined;
      },
    },
  };
}

/**
 * The panel's stylesheet is a string in the content script (entrypoints/portal.content/panel-style.ts),
 * which the minifier leaves as written: comments and white space are removed here, in the build, so
 * the source stays readable and every portal page loads a smaller script.
 */
function compactPanelCss(): Plugin {
  const compact = (css: string) =>
    css
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,>])\s*/g, '$1')
      .replace(/:\s+/g, ':')
      .replace(/\s+!important/g, '!important')
      .replace(/;}/g, '}')
      .trim();
  return {
    name: 'oncekey:compact-panel-css',
    transform: (code, id) =>
      id.endsWith('/entrypoints/portal.content/panel-style.ts')
        ? code.replace(/`([^`]*)`/, (_, css: string) => `\`${compact(css)}\``)
        : undefined,
  };
}

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // MV3 for Firefox too (WXT defaults Firefox to MV2).
  manifestVersion: 3,
  vite: ({ command }) => ({
    plugins: [
      withoutPreactHtmlSink(),
      nativeBrowserInPages(),
      ...(command === 'build' ? [inlinePopupStylesheet()] : []),
      preact(),
    ],
  }),
  // `npm run zip`: the Chrome zip, the Firefox zip and, for addons.mozilla.org's reviewers, the sources
  // zip, from which `npm run setup && npm run build` rebuilds the Firefox zip's files byte for byte (see
  // README, "Publishing"). WXT already leaves out node_modules, .output and hidden files; the tests, their
  // fixtures and the pictures are not needed to build.
  zip: {
    // Test output, logs and the built command line are not sources either (they are gitignored;
    // WXT zips the working tree as it is).
    excludeSources: [
      'tests/**',
      'docs/store/screenshots/**',
      'test-results/**',
      'playwright-report/**',
      'cli/dist/**',
      '**/*.log',
    ],
  },
  hooks: {
    // The popup's inline stylesheet allowed by its hash (inlinePopupStylesheet), and no other.
    // A new object: the one generated is the config's own, which a second generation would meet changed.
    'build:manifestGenerated': (_wxt, manifest) => {
      const csp = manifest.content_security_policy;
      if (typeof csp !== 'object' || !csp.extension_pages || inlinedStyles.size === 0) return;
      const hashes = [...new Set(inlinedStyles.values())].sort().join(' ');
      manifest.content_security_policy = {
        ...csp,
        extension_pages: csp.extension_pages.replace("style-src 'self'", `style-src 'self' ${hashes}`),
      };
    },
    'vite:build:extendConfig': (entrypoints, config) => {
      if (entrypoints.every((entry) => entry.type === 'content-script')) {
        config.plugins = [
          ...(config.plugins ?? []),
          nativeBrowserInContentScripts(),
          quietContentScriptContext(),
          compactPanelCss(),
        ];
        // Every portal page loads this script, and issue 14 holds it to 10 KB gzip. Terser, two
        // passes, safe transforms only: 10,029 B gzip -9 against esbuild's 10,350 at 71af092.
        config.build = { ...config.build, minify: 'terser', terserOptions: { compress: { passes: 2 } } };
      }
    },
  },
  manifest: ({ browser, command }) => ({
    name: 'OnceKey',
    description: "Saves the X developer portal's displayed-once API keys and tokens into an encrypted local vault.",
    // clipboardRead: to clear a copied secret only if the clipboard still holds it.
    // notifications: one rotation reminder a day at most.
    permissions: [
      'storage',
      'idle',
      'alarms',
      'notifications',
      'clipboardRead',
      'clipboardWrite',
      ...(browser === 'firefox' ? [] : ['offscreen']),
    ],
    // nativeMessaging: only once the user turns on "Command line" in Settings (`oncekey`).
    optional_permissions: ['nativeMessaging'],
    host_permissions: [...PORTAL_MATCHES],
    content_security_policy: {
      extension_pages: EXTENSION_PAGES_CSP + (command === 'build' ? BUILD_ONLY_CSP : ''),
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'oncekey@oncekey.dev',
              strict_min_version: '142.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {
          minimum_chrome_version: MINIMUM_CHROME_VERSION,
          // No other extension and no web page may connect to OnceKey or message it.
          externally_connectable: { ids: [], matches: [] },
        }),
  }),
});
