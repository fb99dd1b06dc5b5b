import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, test as base, expect, type Page } from '@playwright/test';
import { extensionId, launchWithExtension, sendFromPage } from '../../scripts/chromium.mjs';
import { TEST_PASSPHRASE } from '../fixtures/passphrases.js';
import { launchShared, type SharedBrowser } from './shared-browser';
import { emptyVaultFile } from './test-vault';

export const PASSPHRASE = TEST_PASSPHRASE;
// In scripts/ since the benchmarks and the README's pictures send messages too.
export { sendFromPage };

interface Fixtures {
  /**
   * A browser of the test's own on a new profile, for a test that closes or relaunches it, or
   * reads its profile folder. Otherwise (the default) the worker's browser, with a fresh copy
   * of OnceKey installed for the test (shared-browser.ts).
   */
  freshBrowser: boolean;
  /** The profile folder of a `freshBrowser`, or for a test's own launches. */
  userDataDir: string;
  /** The browser and OnceKey's id in it, OnceKey's service worker running. */
  browserWithExtension: { context: BrowserContext; extensionId: string };
  context: BrowserContext;
  extensionId: string;
  /** Opens OnceKey's popup page in a tab. */
  openPopup: () => Promise<Page>;
}

export const test = base.extend<Fixtures, { sharedBrowser: SharedBrowser }>({
  freshBrowser: [false, { option: true }],
  sharedBrowser: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature
    async ({}, use) => {
      const shared = await launchShared();
      await use(shared);
      await shared.close();
    },
    { scope: 'worker' },
  ],
  // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature
  userDataDir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'oncekey-profile-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  browserWithExtension: async ({ freshBrowser, sharedBrowser, userDataDir }, use) => {
    if (freshBrowser) {
      const context = await launchWithExtension(userDataDir);
      await use({ context, extensionId: await extensionId(context) });
      await context.close();
      return;
    }
    const id = await sharedBrowser.install();
    await use({ context: sharedBrowser.context, extensionId: id });
    await sharedBrowser.release(id);
  },
  context: async ({ browserWithExtension }, use) => {
    await use(browserWithExtension.context);
  },
  extensionId: async ({ browserWithExtension }, use) => {
    await use(browserWithExtension.extensionId);
  },
  openPopup: async ({ context, extensionId }, use) => {
    await use(async () => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/popup.html`);
      return page;
    });
  },
});

export { expect };

/**
 * A test that mostly waits on one of OnceKey's own minimum delays (the idle timeout's minute,
 * the clipboard's 10 s) rather than computing: playwright.config.ts runs these in a slot of
 * their own beside the others.
 */
export const WAITS = { tag: '@waits' };

export async function createVault(popup: Page, passphrase = PASSPHRASE): Promise<void> {
  await popup.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await popup.getByLabel('Confirm passphrase').fill(passphrase);
  await popup.getByRole('button', { name: 'Create vault' }).click();
  await expect(popup.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
}

/** An empty vault's backup file, made once per worker process (test-vault.ts). */
let emptyVault: Promise<string> | undefined;

/**
 * Gives the popup's extension a new, empty vault with the test passphrase, unlocked, for a
 * test about something other than creating one: it is restored from a file made in Node with
 * the cheapest Argon2id a backup may ask for (test-vault.ts), through the popup's own message.
 * The popup, on its first-run screen, then shows the vault as it does one restored in another
 * OnceKey tab: without a reload.
 */
export async function startVault(popup: Page): Promise<void> {
  emptyVault ??= emptyVaultFile();
  await expect(popup.getByRole('button', { name: 'Create vault' })).toBeVisible();
  const reply = await sendFromPage(popup, 'backup.restore', { text: await emptyVault, passphrase: PASSPHRASE });
  expect(reply.ok, reply.error?.message).toBe(true);
  await expect(popup.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
}

/** Presses Lock and waits for the locked screen. */
export async function lock(popup: Page): Promise<void> {
  await popup.getByRole('button', { name: 'Lock', exact: true }).click();
  await expect(popup.getByRole('button', { name: 'Unlock' })).toBeVisible();
}

export async function unlock(popup: Page, passphrase = PASSPHRASE): Promise<void> {
  await popup.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await popup.getByRole('button', { name: 'Unlock' }).click();
}

/** A capture as the portal's content script submits it, of values shown `daysAgo` days ago. */
export function portalCapture(
  appId: string,
  appName: string,
  credentials: { kind: string; value: string }[],
  daysAgo = 1,
) {
  return { host: 'developer.x.com', appId, appName, at: Date.now() - daysAgo * 24 * 60 * 60 * 1000, credentials };
}

/**
 * Saves a capture through the protocol from an extension page, as the portal's content
 * script would submit it (`portalCapture`), and checks the background took it.
 */
export async function saveCapture(page: Page, ...capture: Parameters<typeof portalCapture>): Promise<void> {
  const reply = await sendFromPage(page, 'capture.submit', portalCapture(...capture));
  expect(reply.ok, reply.error?.message).toBe(true);
}

/** The toolbar badge's text, as an extension page reads it. */
export function badgeText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const { chrome } = globalThis as unknown as { chrome: { action: { getBadgeText(d: object): Promise<string> } } };
    return chrome.action.getBadgeText({});
  });
}
