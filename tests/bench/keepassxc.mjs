// @ts-check
// OnceKey's locked popup against KeePassXC-Browser's popup (its "not connected" screen, the
// nearest to locked), both loaded in one Chromium and opened in turn: first contentful paint.
// KeePassXC-Browser is not a dependency: point KEEPASSXC_BROWSER_DIR at its unpacked folder
// (the `keepassxc-browser/` folder of github.com/keepassxreboot/keepassxc-browser), or put it
// at .bench/keepassxc-browser; without it the row says so.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumPath, EXTENSION_DIR, QUIET_FLAGS } from '../../scripts/chromium.mjs';
import { createVaultIn, stats } from './measure.mjs';

export const KEEPASSXC_DIR = resolve(
  process.env.KEEPASSXC_BROWSER_DIR ?? resolve(import.meta.dirname, '../../.bench/keepassxc-browser'),
);

/** @param {import('@playwright/test').Page} page */
const firstPaint = (page) =>
  page.evaluate(
    () =>
      /** @type {Promise<number>} */ (
        new Promise((resolve) => {
          const read = () => {
            const fcp = performance.getEntriesByName('first-contentful-paint')[0];
            if (fcp) resolve(fcp.startTime);
            else requestAnimationFrame(read);
          };
          read();
        })
      ),
  );

/**
 * @param {number} runs
 * @returns {Promise<{ runs: number, oncekey: import('./measure.mjs').Stats, keepassxc: import('./measure.mjs').Stats, version: string } | undefined>}
 */
export async function keepassxcBench(runs = 15) {
  if (!existsSync(join(KEEPASSXC_DIR, 'manifest.json'))) return undefined;
  const profile = await mkdtemp(join(tmpdir(), 'oncekey-bench-kpxc-'));
  const both = `${EXTENSION_DIR},${KEEPASSXC_DIR}`;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 360, height: 600 },
    args: [
      `--disable-extensions-except=${both}`,
      `--load-extension=${both}`,
      '--disable-features=DisableLoadExtensionCommandLineSwitch',
      ...QUIET_FLAGS,
    ],
  });
  try {
    // Each extension's id, from its service worker.
    const ids = new Map();
    while (ids.size < 2) {
      for (const worker of context.serviceWorkers()) {
        const url = new URL(worker.url());
        ids.set(url.pathname.includes('background_service') ? 'keepassxc' : 'oncekey', url.host);
      }
      if (ids.size < 2) await context.waitForEvent('serviceworker');
    }
    const oncekeyUrl = `chrome-extension://${ids.get('oncekey')}/popup.html`;
    const keepassxcUrl = `chrome-extension://${ids.get('keepassxc')}/popups/popup.html`;
    const page = await context.newPage();
    // A vault, locked: what a user sees when opening OnceKey's popup most days.
    await page.goto(oncekeyUrl);
    await createVaultIn(page);
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('button', { name: 'Unlock' }).waitFor();
    /** @type {number[]} */
    const oncekey = [];
    /** @type {number[]} */
    const keepassxc = [];
    for (let i = 0; i < runs; i++) {
      await page.goto(oncekeyUrl);
      oncekey.push(await firstPaint(page));
      await page.goto(keepassxcUrl);
      keepassxc.push(await firstPaint(page));
    }
    /** @type {{ version: string }} */
    const manifest = JSON.parse(await readFile(join(KEEPASSXC_DIR, 'manifest.json'), 'utf8'));
    return { runs, oncekey: stats(oncekey), keepassxc: stats(keepassxc), version: manifest.version };
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}
