import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { PORTAL_MATCHES } from './utils/portal/hosts';

// Chromium's MV3 default is `script-src 'self'`, which refuses to compile the Argon2id
// WebAssembly; 'wasm-unsafe-eval' allows exactly that and nothing else.
const EXTENSION_PAGES_CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'";

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: 'OnceKey',
    description: "Saves the X developer portal's displayed-once API keys and tokens into an encrypted local vault.",
    permissions: ['storage', 'idle', 'alarms'],
    host_permissions: [...PORTAL_MATCHES],
    content_security_policy: { extension_pages: EXTENSION_PAGES_CSP },
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
