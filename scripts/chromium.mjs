// @ts-check
// Finding and launching Chromium with OnceKey loaded, and talking to it from its pages:
// shared by the end-to-end tests, the benchmarks and the scripts.
import { existsSync } from 'node:fs';
import { delimiter, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { systemChromium } from './system-chromium.mjs';

/** @typedef {import('@playwright/test').BrowserContext} BrowserContext */
/** @typedef {import('@playwright/test').Page} Page */
/** Options for a persistent context; `args` are ours. */
/** @typedef {Omit<NonNullable<Parameters<typeof chromium.launchPersistentContext>[1]>, 'args'>} ContextOptions */

/**
 * The Chrome build: the one that ships, or, in the end-to-end tests, its copy with the capture
 * panel's shadow root open (tests/global-setup.ts sets ONCEKEY_CHROME_BUILD).
 */
export const EXTENSION_DIR = resolve(
  import.meta.dirname,
  '..',
  process.env.ONCEKEY_CHROME_BUILD ?? '.output/chrome-mv3',
);
/** The Chrome build that ships, whatever the tests load. */
export const SHIPPED_EXTENSION_DIR = resolve(import.meta.dirname, '../.output/chrome-mv3');

/** A system Chromium (Debian's here), or Playwright's own browser where one was installed. */
export function chromiumPath() {
  const found = systemChromium();
  if (found) return found;
  const bundled = chromium.executablePath();
  return existsSync(bundled) ? bundled : undefined;
}

function requireChromium() {
  const path = chromiumPath();
  if (!path)
    throw new Error('No Chromium found: run `npm run setup` (installs Debian’s chromium) or set CHROMIUM_PATH.');
  return path;
}

/**
 * The environment for the browsers the tests and benchmarks start. On Linux, Chromium runs
 * xdg-utils' `xdg-desktop-menu` and `xdg-icon-resource` (shell scripts that start dozens of
 * processes each) for every extension it uninstalls, to remove desktop entries and icons of
 * seven sizes that a test browser never made: about 35 processes for each test the shared
 * browser installs a fresh copy for (tests/e2e/shared-browser.ts). Stand-ins that do nothing
 * (scripts/desktop-stubs/) come first on its PATH.
 */
export const QUIET_ENV = {
  ...process.env,
  PATH: [resolve(import.meta.dirname, 'desktop-stubs'), process.env.PATH].filter(Boolean).join(delimiter),
};

/** Flags for Chromium on a machine whose network is closed. */
export const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launchBrowser() {
  return chromium.launch({ executablePath: requireChromium(), headless: true, args: QUIET_FLAGS, env: QUIET_ENV });
}

/**
 * Chromium with the built extension loaded, on the given profile folder.
 * @param {string} userDataDir
 * @param {ContextOptions} [options]
 * @param {string} [extensionDir] another copy of the build (scripts/command-line.mjs makes one)
 * @param {string[]} [extraArgs] further Chromium flags (the benchmarks' V8 flags: Chromium keeps
 *   only the last `--js-flags`, so every V8 flag goes into one)
 * @returns {Promise<BrowserContext>}
 */
export function launchWithExtension(userDataDir, options = {}, extensionDir = EXTENSION_DIR, extraArgs = []) {
  if (!existsSync(`${extensionDir}/manifest.json`)) {
    throw new Error('No build at .output/chrome-mv3: run `npm run build` first.');
  }
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: requireChromium(),
    headless: true,
    env: QUIET_ENV,
    ...options,
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      // Newer Chromium builds ignore --load-extension unless this is disabled.
      '--disable-features=DisableLoadExtensionCommandLineSwitch',
      ...QUIET_FLAGS,
      ...extraArgs,
    ],
  });
}

/**
 * The extension's id, read from its service worker's URL.
 * @param {BrowserContext} context
 */
export async function extensionId(context) {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return new URL(worker.url()).host;
}

/** @typedef {{ ok: boolean, value?: unknown, error?: { code: string, message: string } }} Reply */

/**
 * Sends one protocol message from an extension page, as the popup would.
 * @param {Page} page
 * @param {string} type
 * @param {unknown} payload
 * @returns {Promise<Reply>}
 */
export function sendFromPage(page, type, payload) {
  return page.evaluate(
    ([type, payload]) => {
      const { chrome } = /** @type {{ chrome: { runtime: { sendMessage(message: unknown): Promise<Reply> } } }} */ (
        /** @type {unknown} */ (globalThis)
      );
      return chrome.runtime.sendMessage({ type, payload });
    },
    /** @type {const} */ ([type, payload]),
  );
}

/**
 * Follows OnceKey's service worker from an extension page over the DevTools protocol (which
 * reports its running status; Playwright does not), and stops it as Chromium does after 30 s
 * without an event.
 * @param {Page} page
 */
export async function followServiceWorker(page) {
  const cdp = await page.context().newCDPSession(page);
  /** @type {string[]} every running status reported since the last `stop`, in order */
  const statuses = [];
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const version of versions)
      if (version.scriptURL.endsWith('/background.js')) statuses.push(version.runningStatus);
  });
  await cdp.send('ServiceWorker.enable');
  return {
    statuses,
    /**
     * Stops every service worker and waits, at most 10 s, until OnceKey's reports it stopped
     * and stays so for 100 ms. An open popup may have messages on their way that start it
     * again at once (it paints from the stored list before the worker answers): then, once it
     * runs again (a worker still starting may not take the stop), it is stopped again.
     */
    async stop() {
      const deadline = Date.now() + 10_000;
      const pause = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));
      /** @param {(last: string | undefined) => boolean} reached */
      const until = async (reached) => {
        while (!reached(statuses.at(-1))) {
          if (Date.now() > deadline) throw new Error(`the service worker did not stop: ${statuses.join(', ')}`);
          await pause(10);
        }
      };
      for (;;) {
        statuses.length = 0;
        await cdp.send('ServiceWorker.stopAllWorkers');
        // 'stopped' seen at all: a start right after it may already be the last status.
        await until(() => statuses.includes('stopped'));
        await pause(100);
        if (statuses.at(-1) === 'stopped') return;
        await until((last) => last === 'running' || last === 'stopped');
        if (statuses.at(-1) === 'stopped') return;
      }
    },
    detach: () => cdp.detach(),
  };
}
