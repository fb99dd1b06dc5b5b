// @ts-check
// The demo's browser: Chromium with OnceKey, a fresh profile, clipboard access, and the demo
// portal (tests/fixtures/demo-portal/) served at the portal's real URLs, so the extension's
// real match patterns apply. Shared by `npm run demo` and the demo's end-to-end test.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { appPath, DEMO_APP, keysUrl, PORTAL_ORIGIN } from '../tests/fixtures/demo-portal/app.js';
import { extensionId, launchWithExtension } from './chromium.mjs';

/** @typedef {import('../tests/fixtures/demo-portal/app.js').DemoApp} DemoApp */
/** @typedef {import('@playwright/test').BrowserContext} BrowserContext */
/** @typedef {import('./chromium.mjs').ContextOptions} ContextOptions */

const FOLDER = resolve(import.meta.dirname, '../tests/fixtures/demo-portal');
/** Where the pages find the demo's stylesheet and scripts (index.html names it). */
const ASSET_PATH = '/oncekey-demo/';
const ASSET_TYPES = new Map([
  ['portal.css', 'text/css'],
  ['page.js', 'text/javascript'],
  ['pairs.js', 'text/javascript'],
  ['credentials.js', 'text/javascript'],
]);

/** @param {unknown} text */
const escapeHtml = (text) =>
  String(text).replace(
    /[&<>"']/g,
    (c) =>
      /** @type {Record<string, string>} */ ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[
        c
      ] ?? c,
  );

/**
 * One of the folder's HTML pages with each `{{name}}` replaced by `values[name]`, escaped.
 * @param {string} file
 * @param {Record<string, string>} values
 */
async function page(file, values) {
  const template = await readFile(join(FOLDER, file), 'utf8');
  return template.replace(/\{\{(\w+)\}\}/g, (_, name) => {
    if (!(name in values)) throw new Error(`${file}: no value for {{${name}}}`);
    return escapeHtml(values[name]);
  });
}

/** @param {DemoApp} app */
const keysPage = (app) =>
  page('index.html', {
    appJson: JSON.stringify(app),
    appName: app.appName,
    appPath: appPath(app),
    projectId: app.projectId,
    projectName: app.projectName,
    apiKeyHint: app.apiKeyHint,
    handle: app.handle,
    clientId: app.clientId,
  });

/**
 * Serves the demo portal in `context`: the Keys and tokens tab of `app` at its real URL, the
 * demo's stylesheet and scripts, and a "not part of the demo" page (404) anywhere else.
 * @param {BrowserContext} context
 * @param {DemoApp} [app]
 */
export async function serveDemoPortal(context, app = DEMO_APP) {
  const home = keysUrl(app);
  const keys = await keysPage(app);
  await context.route(`${PORTAL_ORIGIN}/**`, async (route) => {
    const url = route.request().url().split('#')[0] ?? '';
    if (url === home) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: keys });
    const { pathname } = new URL(url);
    const asset = pathname.startsWith(ASSET_PATH) ? pathname.slice(ASSET_PATH.length) : '';
    const type = ASSET_TYPES.get(asset);
    if (type) return route.fulfill({ status: 200, contentType: `${type}; charset=utf-8`, path: join(FOLDER, asset) });
    return route.fulfill({
      status: 404,
      contentType: 'text/html; charset=utf-8',
      body: await page('not-found.html', { url, keysUrl: home }),
    });
  });
}

/**
 * Chromium with OnceKey on a fresh profile, clipboard access granted and the demo portal
 * served. `close()` ends the browser and removes the profile. `extensionDir`: another build
 * to load (a copy with the capture panel's root open, for a script that reaches the panel).
 * @param {Pick<ContextOptions, 'headless' | 'viewport'> & { extensionDir?: string }} options
 */
export async function startDemo({ headless, viewport, extensionDir = undefined }) {
  const profile = await mkdtemp(join(tmpdir(), 'oncekey-demo-'));
  // Ctrl-C is ours to handle, so that the profile folder goes with the browser.
  const context = await launchWithExtension(profile, { headless, viewport, handleSIGINT: false }, extensionDir).catch(
    async (error) => {
      await rm(profile, { recursive: true, force: true });
      throw error;
    },
  );
  const id = await extensionId(context);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await serveDemoPortal(context);
  return {
    context,
    popupUrl: `chrome-extension://${id}/popup.html`,
    close: async () => {
      await context.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    },
  };
}
