import preact from '@preact/preset-vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'wxt';
import { PORTAL_MATCHES } from './utils/portal/hosts';

// Chromium's MV3 default is `script-src 'self'`, which refuses to compile the Argon2id
// WebAssembly; 'wasm-unsafe-eval' allows exactly that and nothing else.
const EXTENSION_PAGES_CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'";
// OnceKey makes no network requests: built pages and the service worker may not connect
// anywhere (fetch, XHR, WebSocket, EventSource). `wxt dev` needs its reload socket.
const NO_NETWORK = "; connect-src 'none'";

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

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // MV3 for Firefox too (WXT defaults Firefox to MV2).
  manifestVersion: 3,
  vite: () => ({ plugins: [withoutPreactHtmlSink(), preact()] }),
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
      extension_pages: EXTENSION_PAGES_CSP + (command === 'build' ? NO_NETWORK : ''),
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
      : {}),
  }),
});
