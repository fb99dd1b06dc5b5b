// One Chromium per Playwright worker, with a fresh copy of OnceKey installed for each test.
//
// Starting Chromium is most of what a test used to cost (2–6 s of its 7), and installing an
// unpacked extension into a running one takes ~0.1 s. A copy of the build at a new path is a
// new extension id, so each test gets an extension with nothing of the last one's: its own
// IndexedDB, storage.local and storage.session, alarms, badge, service worker and offscreen
// document. What the browser itself keeps between tests (pages, routes, permissions, cookies,
// the clipboard, listeners) is cleared by `release` below (the portal pages the tests serve
// keep nothing in web storage; the browser's first blank tab stays open, handed to no test),
// and a test that fails ends its worker, so Playwright starts the next test on a new browser.
// Tests that close the browser or read its profile folder keep one of their own
// (`freshBrowser` in fixtures.ts).
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type CDPSession, chromium, type Page } from '@playwright/test';
import { chromiumPath, EXTENSION_DIR, QUIET_ENV, QUIET_FLAGS } from '../../scripts/chromium.mjs';

export interface SharedBrowser {
  context: BrowserContext;
  /** Installs a fresh copy of the build and returns its id. */
  install(): Promise<string>;
  /** Uninstalls it and clears what the browser kept of the test. */
  release(id: string): Promise<void>;
  close(): Promise<void>;
}

export async function launchShared(): Promise<SharedBrowser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('No Chromium found: run `npm run setup` or set CHROMIUM_PATH.');
  const root = await mkdtemp(join(tmpdir(), 'oncekey-worker-'));
  const context = await chromium.launchPersistentContext(join(root, 'profile'), {
    executablePath,
    headless: true,
    env: QUIET_ENV,
    // Playwright passes --disable-extensions; the extensions come over the DevTools protocol instead.
    ignoreDefaultArgs: ['--disable-extensions'],
    // Lets Extensions.loadUnpacked and Extensions.uninstall run over Playwright's pipe.
    args: ['--enable-unsafe-extension-debugging', ...QUIET_FLAGS],
  });
  // The tab the browser starts with, left open between tests (release, below).
  let blank = context.pages()[0] ?? (await context.newPage());
  const browser = context.browser();
  if (!browser) throw new Error('Chromium started without a browser-level connection.');
  const cdp: CDPSession = await browser.newBrowserCDPSession();
  const dirs = new Map<string, string>();
  // Listeners a test adds to the context (say, on 'console') go with the test; Playwright's own stay.
  // (Playwright's context is a Node-style emitter; its typings leave out listeners().)
  const emitter = context as unknown as Pick<NodeJS.EventEmitter, 'listeners' | 'removeListener'>;
  const EVENTS = ['page', 'console', 'request', 'response', 'weberror'];
  const kept = new Map(EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));

  return {
    context,
    async install() {
      const dir = await mkdtemp(join(root, 'extension-'));
      await cp(EXTENSION_DIR, dir, { recursive: true });
      const { id } = (await cdp.send('Extensions.loadUnpacked', { path: dir })) as { id: string };
      dirs.set(id, dir);
      return id;
    },
    async release(id) {
      // The clipboard is the browser's: empty it from a page the test left open that may write
      // to it (the extension's own, or a portal page: both secure, with the permission granted
      // to every origin), or else from a tab opened on the extension's manifest. That tab is a
      // new page and renderer: 0.5–0.8 s here, as long as the uninstall.
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      const clear = (page: Page) =>
        page
          .evaluate(() => navigator.clipboard.writeText(''))
          .then(
            () => true,
            () => false,
          );
      const own = (page: Page) => page.url().startsWith(`chrome-extension://${id}/`);
      const open = context.pages().filter((page) => own(page) || page.url().startsWith('https://'));
      let cleared = false;
      for (const page of open.sort((a, b) => Number(own(b)) - Number(own(a)))) {
        cleared = await clear(page);
        if (cleared) break;
      }
      if (!cleared) {
        const page = await context.newPage();
        await page.goto(`chrome-extension://${id}/manifest.json`);
        await clear(page);
      }
      // Every tab of the test goes, so nothing of its pages is left for the next; the blank tab
      // the browser started with stays. Closing headless Chromium's last tab closes its window,
      // and the next test's first page then made a new one: 2 CPU-seconds here, half a short
      // test's (the Chromium tests' summed time went from 655 to 551 s with a blank tab left).
      // Opening a new blank tab for each test instead cost 0.4 CPU-seconds a test. No test is
      // handed this one; should one have closed or navigated it anyway, it is replaced.
      if (blank.isClosed() || blank.url() !== 'about:blank') blank = await context.newPage();
      await Promise.all(context.pages().map((page) => (page === blank ? undefined : page.close())));
      await cdp.send('Extensions.uninstall', { id });
      await Promise.all([
        rm(dirs.get(id) ?? '', { recursive: true, force: true }),
        context.unrouteAll({ behavior: 'ignoreErrors' }),
        context.clearPermissions(),
        context.clearCookies(),
      ]);
      dirs.delete(id);
      for (const event of EVENTS) {
        for (const listener of emitter.listeners(event)) {
          if (!kept.get(event)?.has(listener)) emitter.removeListener(event, listener as () => void);
        }
      }
    },
    async close() {
      await context.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
