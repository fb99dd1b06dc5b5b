// Firefox ESR with OnceKey's Firefox build, driven by puppeteer-core over WebDriver BiDi, for
// the end-to-end stories in this folder (Playwright Test runs them; Playwright's own Firefox
// cannot load an extension). Each file is one user's story, in order, with a copy of OnceKey
// of its own: installed in the worker's shared Firefox (`test`'s sharedFirefox) and removed,
// storage and all, when the file is done; or, for a file that needs a browser set up its own
// way (a profile to restart, a preference), in a Firefox of its own (launchFirefox).
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, expect } from '@playwright/test';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { systemFirefox } from '../../scripts/system-firefox.mjs';
import { TEST_PASSPHRASE } from '../fixtures/passphrases.js';

export { expect };
export const PASSPHRASE = TEST_PASSPHRASE;
/** The Firefox build's copy with the capture panel's shadow root open (tests/global-setup.ts), or the build itself. */
export const EXTENSION_DIR = resolve(
  import.meta.dirname,
  '../..',
  process.env.ONCEKEY_FIREFOX_BUILD ?? '.output/firefox-mv3',
);
/** The Firefox build as it ships, its panel's shadow root closed. */
export const SHIPPED_EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/firefox-mv3');
const ADDON_ID = 'oncekey@oncekey.dev';
/** Fixed, so that the popup's moz-extension:// URL is known and stays the same after a restart. */
export const EXTENSION_UUID = '0ce0ce0c-e4e7-4c0a-9e5d-0ce4e7000012';
export const POPUP_URL = `moz-extension://${EXTENSION_UUID}/popup.html`;

export interface Firefox {
  browser: Browser;
  /** Where the profile's downloads go. */
  downloads: string;
  close(): Promise<void>;
}

/**
 * Launches Firefox on `profile` (a fresh one if none) and installs the built extension. Firefox keeps an
 * add-on installed this way until it quits; the two `keep…OnUninstall` preferences keep its uuid and its
 * storage (IndexedDB) then, so that a relaunch on the same profile finds the vault as a real restart would.
 * `prefs` are more Firefox preferences; `extension`, the build to install (the tests' copy by default).
 */
export async function launchFirefox(
  profile?: string,
  prefs: Record<string, string | number | boolean> = {},
  extension = EXTENSION_DIR,
): Promise<Firefox> {
  const firefox = await startFirefox(profile, prefs);
  await install(firefox.browser, extension);
  return firefox;
}

/** Installs `extension` (a build's folder) as OnceKey's add-on. */
async function install(browser: Browser, extension: string): Promise<void> {
  if (!existsSync(`${extension}/manifest.json`)) {
    throw new Error(`No build at ${extension}: run \`npm run build\` first.`);
  }
  await browser.installExtension(extension);
}

/** Firefox on `profile` (a fresh one if none), with no extension yet. */
async function startFirefox(profile: string | undefined, prefs: Record<string, string | number | boolean>) {
  const executablePath = systemFirefox();
  if (!executablePath)
    throw new Error('No Firefox found: run `npm run setup` (installs Debian’s firefox-esr) or set FIREFOX_PATH.');
  const downloads = await mkdtemp(join(tmpdir(), 'oncekey-ff-downloads-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    ...(profile ? { userDataDir: profile } : {}),
    // Lets a page navigate to moz-extension:// URLs, as the toolbar button would open the popup.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: EXTENSION_UUID }),
      'extensions.webextensions.keepUuidOnUninstall': true,
      'extensions.webextensions.keepStorageOnUninstall': true,
      'browser.download.folderList': 2,
      'browser.download.dir': downloads,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      ...prefs,
    },
  });
  return {
    browser,
    downloads,
    async close() {
      await browser.close();
      await rm(downloads, { recursive: true, force: true });
    },
  };
}

/** The worker's shared Firefox: `install` gives a file its own copy of OnceKey in it. */
export interface SharedFirefox {
  /**
   * Installs `extension` (the tests' copy by default) into the shared Firefox, in which no
   * other copy is installed. The returned Firefox's `close` empties the clipboard, removes
   * the copy with everything it stored, closes every tab the file opened and empties the
   * download folder: the next file's copy starts as a new user's.
   */
  install(extension?: string): Promise<Firefox>;
}

/**
 * Playwright's `test` with the worker's shared Firefox. Launching Firefox and closing it
 * costs ~6 CPU-seconds here (scratch measurement, 2026-12-03); removing a copy of OnceKey and
 * installing the next, ~0.5 s. Its profile does not keep an add-on's storage when the add-on
 * is removed, so nothing a file stored reaches the next.
 */
export const test = base.extend<object, { sharedFirefox: SharedFirefox }>({
  sharedFirefox: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature
    async ({}, use) => {
      let started: Awaited<ReturnType<typeof startFirefox>> | undefined;
      /** The copy installed now, by the handle that removes it (a stale handle removes nothing). */
      let current: object | undefined;
      await use({
        async install(extension = EXTENSION_DIR) {
          if (current) throw new Error('A copy of OnceKey is installed in the shared Firefox already.');
          started ??= await startFirefox(undefined, { 'extensions.webextensions.keepStorageOnUninstall': false });
          const { browser, downloads } = started;
          await install(browser, extension);
          const handle: Firefox = {
            browser,
            downloads,
            async close() {
              if (current !== handle) return;
              // The clipboard is the browser's: emptied from a page of this copy, if one is open.
              for (const page of await browser.pages()) {
                if (!page.url().startsWith(`moz-extension://${EXTENSION_UUID}/`)) continue;
                await page.bringToFront();
                if (
                  await page.evaluate(() =>
                    navigator.clipboard.writeText('').then(
                      () => true,
                      () => false,
                    ),
                  )
                )
                  break;
              }
              // A tab of nothing first: Firefox quits when its last tab closes.
              const blank = await browser.newPage();
              for (const page of await browser.pages()) if (page !== blank) await page.close();
              await browser.uninstallExtension(ADDON_ID);
              for (const file of await readdir(downloads)) await rm(join(downloads, file), { recursive: true });
              current = undefined;
            },
          };
          current = handle;
          return handle;
        },
      });
      await started?.close();
    },
    { scope: 'worker' },
  ],
});

/**
 * Opens OnceKey's popup page in a tab. The navigation to moz-extension:// swaps the tab's document in a
 * way that detaches Puppeteer's frame, so the goto is not awaited: the page is ready when OnceKey has
 * rendered a button.
 */
export async function openPopup(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(15_000);
  page.goto(POPUP_URL).catch(() => undefined);
  // Polled from here rather than inside the page: the document is swapped under Puppeteer meanwhile.
  await expect
    .poll(() =>
      page
        .evaluate(
          (url) =>
            location.href === url && document.readyState === 'complete' && !!document.querySelector('#app button'),
          POPUP_URL,
        )
        .catch(() => false),
    )
    .toBe(true);
  // In front, as a popup is: Firefox throttles the timers and animation frames of background tabs.
  await page.bringToFront();
  return page;
}

/** A selector by role and exact accessible name (Firefox's accessibility tree, through BiDi). */
export const role = (name: string, kind = 'button') => `::-p-aria([name="${name}"][role="${kind}"])`;
/**
 * The input, select or textarea labelled `label` (by a <label> or aria-label). Found in the DOM rather than
 * through the accessibility tree, where Firefox gives the label the same name and a file input a longer one.
 */
export async function fieldHandle(page: Page, label: string): Promise<ElementHandle<HTMLInputElement>> {
  const handle = await page.waitForFunction(
    (label) =>
      [...document.querySelectorAll<HTMLInputElement>('input, select, textarea')].find(
        (el) =>
          el.getAttribute('aria-label') === label ||
          [...(el.labels ?? [])].some((l) => l.textContent?.trim() === label),
      ),
    { polling: 50 },
    label,
  );
  return handle as unknown as ElementHandle<HTMLInputElement>;
}

export async function click(page: Page, selector: string): Promise<void> {
  await page.locator(selector).click();
}

/** Empties the field labelled `label` and types `text` into it, key by key. */
export async function fill(page: Page, label: string, text: string): Promise<void> {
  const input = await fieldHandle(page, label);
  await input.evaluate((node) => {
    node.value = '';
  });
  await input.type(text);
}

/** Waits until an element matching `selector` is visible. */
export async function visible(page: Page, selector: string): Promise<void> {
  await page.locator(selector).setVisibility('visible').wait();
}

/** Waits until nothing matches `selector`. */
export async function gone(page: Page, selector: string): Promise<void> {
  await page.waitForSelector(selector, { hidden: true });
}

/** The text of every element with this role (status, alert…), joined: what a screen reader announces. */
export function announced(page: Page, kind: 'status' | 'alert'): Promise<string> {
  return page.evaluate(
    (kind) => [...document.querySelectorAll(`[role="${kind}"]`)].map((e) => e.textContent?.trim() ?? '').join(' | '),
    kind,
  );
}

export async function createVault(popup: Page, passphrase = PASSPHRASE): Promise<void> {
  await fill(popup, 'Passphrase', passphrase);
  await fill(popup, 'Confirm passphrase', passphrase);
  await click(popup, role('Create vault'));
  await visible(popup, role('Lock'));
}

export async function unlock(popup: Page, passphrase = PASSPHRASE): Promise<void> {
  await fill(popup, 'Passphrase', passphrase);
  await click(popup, role('Unlock'));
}

export async function lock(popup: Page): Promise<void> {
  await click(popup, role('Lock'));
  await visible(popup, role('Unlock'));
}

/** Presses "Copy <label>" and returns what the clipboard then holds, read as an extension page may. */
export async function copyBack(popup: Page, label: string): Promise<string> {
  await click(popup, role(`Copy ${label}`));
  await expect.poll(() => announced(popup, 'status')).toContain(`Copied ${label}.`);
  return clipboardText(popup);
}

/**
 * The clipboard's text, read by an extension page (OnceKey has the clipboardRead permission). Firefox
 * lets only the tab in front read it, and refuses while the tab is still coming to the front
 * (NotAllowedError), so the read is retried until Firefox allows it.
 */
export async function clipboardText(page: Page): Promise<string> {
  let text: string | undefined;
  await expect
    .poll(
      async () => {
        await page.bringToFront();
        text = await page.evaluate(() => navigator.clipboard.readText()).catch(() => undefined);
        return text !== undefined;
      },
      { message: 'Firefox lets the page in front read the clipboard' },
    )
    .toBe(true);
  return text as string;
}

interface Reply {
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string };
}

/** Sends one protocol message from an extension page, as the popup does. */
export function send(page: Page, type: string, payload: unknown): Promise<Reply> {
  return page.evaluate(
    (message) =>
      (
        globalThis as unknown as { browser: { runtime: { sendMessage(m: unknown): Promise<Reply> } } }
      ).browser.runtime.sendMessage(message),
    { type, payload },
  );
}

/**
 * Files credentials under an App as a capture from the portal would, sent from an extension
 * page (the background accepts a capture from its own pages), and returns the reply.
 */
export function saveApp(
  page: Page,
  app: { appId: string; appName: string },
  credentials: { kind: string; value: string }[],
): Promise<Reply> {
  return send(page, 'capture.submit', { host: 'developer.x.com', ...app, at: Date.now(), credentials });
}

/**
 * Serves pages at the portal's real URLs in this tab, so the manifest's real match patterns apply.
 * `pages` maps a URL (without its hash) to its HTML; any other portal URL is a 404.
 */
export async function servePortal(page: Page, pages: Map<string, string>): Promise<void> {
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url().split('#')[0] ?? '';
    if (!/^https:\/\/(developer\.x\.com|developer\.twitter\.com|console\.x\.com)\//.test(url)) {
      void request.continue();
      return;
    }
    const body = pages.get(url);
    void request.respond(
      body === undefined
        ? { status: 404, contentType: 'text/html', body: '<!doctype html><title>Not found</title>' }
        : { status: 200, contentType: 'text/html; charset=utf-8', body },
    );
  });
}

/** Opens a portal page served from `html` at `url`, in a new tab. */
export async function openPortal(browser: Browser, url: string, html: string): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(15_000);
  await servePortal(page, new Map([[url, html]]));
  await page.goto(url);
  return page;
}

/**
 * OnceKey's panel's save button, reached through the shadow host it lives in (any element whose shadow
 * root holds a button named "Save to OnceKey…"), scrolled into view and ready: the panel marks it
 * aria-disabled until it has been in place and visible long enough to take a press, as a user sees it.
 */
export async function saveButton(portal: Page): Promise<ElementHandle<HTMLButtonElement>> {
  const found = await portal.waitForFunction(
    () => {
      for (const host of document.querySelectorAll('*')) {
        for (const button of host.shadowRoot?.querySelectorAll('button') ?? []) {
          const name = button.getAttribute('aria-label') ?? button.textContent ?? '';
          if (name.trim().startsWith('Save to OnceKey')) return button;
        }
      }
      return null;
    },
    { polling: 50 },
  );
  const button = found as unknown as ElementHandle<HTMLButtonElement>;
  await button.evaluate((b) => b.scrollIntoView({ block: 'center' }));
  await portal.waitForFunction(
    (b) => !b.disabled && b.getAttribute('aria-disabled') !== 'true',
    { polling: 50 },
    button,
  );
  return button;
}

/** The panel's role=status text (empty until it says something). */
export function panelStatus(portal: Page): Promise<string> {
  return portal.evaluate(() => {
    for (const host of document.querySelectorAll('*')) {
      const status = host.shadowRoot?.querySelector('[role="status"]');
      if (status?.textContent?.trim()) return status.textContent.trim();
    }
    return '';
  });
}

/** The panel's whole text, to check it shows no full value. */
export function panelText(portal: Page): Promise<string> {
  return portal.evaluate(() =>
    [...document.querySelectorAll('*')].map((host) => host.shadowRoot?.textContent ?? '').join(' '),
  );
}

/**
 * Waits for a finished download whose name matches, and returns its name and text. Firefox creates the
 * file empty at once and writes into `<name>.part` beside it, renamed over it when complete.
 */
export async function downloaded(dir: string, name: RegExp): Promise<{ name: string; text: string }> {
  let found = { name: '', text: '' };
  await expect
    .poll(async () => {
      const files = await readdir(dir);
      const file = files.find((f) => name.test(f));
      if (!file || files.includes(`${file}.part`)) return false;
      found = { name: file, text: await readFile(join(dir, file), 'utf8') };
      return found.text.length > 0;
    })
    .toBe(true);
  return found;
}

export const newProfile = () => mkdtemp(join(tmpdir(), 'oncekey-ff-profile-'));
