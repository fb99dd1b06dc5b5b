import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, test as base, expect, type Page } from '@playwright/test';
import { extensionId, launchWithExtension } from '../tools/chromium.mjs';

export const PASSPHRASE = 'correct horse battery staple 42';

interface Fixtures {
  userDataDir: string;
  context: BrowserContext;
  extensionId: string;
  /** Opens OnceKey's popup page in a tab. */
  openPopup: () => Promise<Page>;
}

export const test = base.extend<Fixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature
  userDataDir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'oncekey-profile-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  context: async ({ userDataDir }, use) => {
    const context = await launchWithExtension(userDataDir);
    await use(context);
    await context.close();
  },
  extensionId: async ({ context }, use) => {
    await use(await extensionId(context));
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

export async function createVault(popup: Page, passphrase = PASSPHRASE): Promise<void> {
  await popup.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await popup.getByLabel('Confirm passphrase').fill(passphrase);
  await popup.getByRole('button', { name: 'Create vault' }).click();
  await expect(popup.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
}

export async function unlock(popup: Page, passphrase = PASSPHRASE): Promise<void> {
  await popup.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await popup.getByRole('button', { name: 'Unlock' }).click();
}

/** Sends one protocol message from an extension page, as the popup would. */
export function sendFromPage(
  page: Page,
  type: string,
  payload: unknown,
): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  return page.evaluate(
    ([type, payload]) => {
      const { chrome } = globalThis as unknown as {
        chrome: { runtime: { sendMessage(message: unknown): Promise<never> } };
      };
      return chrome.runtime.sendMessage({ type, payload });
    },
    [type, payload] as const,
  );
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

/** The toolbar badge's text, as an extension page reads it. */
export function badgeText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const { chrome } = globalThis as unknown as { chrome: { action: { getBadgeText(d: object): Promise<string> } } };
    return chrome.action.getBadgeText({});
  });
}
