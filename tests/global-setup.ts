// Before any end-to-end test: the copies of the Chrome and Firefox builds the tests load, their
// capture panel's shadow root opened for the tests' locators (scripts/open-panel-copy.mjs). The
// workers find them through the environment, which they inherit from this process.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openPanelCopy } from '../scripts/open-panel-copy.mjs';

export const E2E_BUILDS = { chrome: '.output/e2e/chrome-mv3', firefox: '.output/e2e/firefox-mv3' } as const;

/** Copies the builds there are; a test that needs a missing one says to build it (its launcher checks). */
export default async function globalSetup() {
  const root = resolve(import.meta.dirname, '..');
  for (const [browser, copy] of Object.entries(E2E_BUILDS)) {
    const build = resolve(root, `.output/${browser}-mv3`);
    if (!existsSync(`${build}/manifest.json`)) continue;
    await openPanelCopy(build, resolve(root, copy));
    process.env[browser === 'chrome' ? 'ONCEKEY_CHROME_BUILD' : 'ONCEKEY_FIREFOX_BUILD'] = copy;
  }
}
