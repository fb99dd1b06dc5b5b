// @ts-check
// What the Chromium benchmarks share: a fresh vault in a fresh profile, made-up values, and
// the median and 95th percentile of a set of timings.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { extensionId, launchWithExtension, SHIPPED_EXTENSION_DIR } from '../../scripts/chromium.mjs';
import { openPanelCopy } from '../../scripts/open-panel-copy.mjs';
import { TEST_PASSPHRASE } from '../fixtures/passphrases.js';

const BENCH_BUILD = resolve(import.meta.dirname, '../../.output/bench/chrome-mv3');

/** @typedef {import('@playwright/test').BrowserContext} BrowserContext */
/** @typedef {import('@playwright/test').Page} Page */
/** @typedef {{ median: number, p95: number }} Stats */

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `n` random letters and digits. @param {number} n */
export const randomAlnum = (n) =>
  Array.from({ length: n }, () => ALNUM[Math.floor(Math.random() * ALNUM.length)]).join('');

/**
 * Installed on a page before its documents load (`page.addInitScript(FIRST_SCREEN_CLOCK)`):
 * in each document of the extension, the frame in which a `section.app` (an App of the list,
 * or floor.mjs's answer) is first there (`first`), the frame after (`all`), and the frame
 * after the popup's `oncekey.list-whole` mark (`whole`: all of the list in hand and painted),
 * in the page's own clock, into `globalThis.__oncekeyFirstScreen`.
 *
 * Timed from the document's start, not polled from the harness once the navigation is over:
 * such a poll starts only when Playwright's evaluate reaches the page (after the load event,
 * and Playwright's own script first), and took an App painted a frame or more before it as
 * painted then.
 */
export const FIRST_SCREEN_CLOCK = () => {
  if (!location.protocol.endsWith('-extension:')) return;
  /** @type {{ first?: number, all?: number, whole?: number }} */
  const clock = {};
  /** @type {{ __oncekeyFirstScreen?: typeof clock }} */ (/** @type {unknown} */ (globalThis)).__oncekeyFirstScreen =
    clock;
  // Once the first Apps are painted, each frame looks for the mark (none before: no frame is asked for until then).
  const untilWhole = () => {
    if (performance.getEntriesByName('oncekey.list-whole').length === 0) return requestAnimationFrame(untilWhole);
    requestAnimationFrame(() => {
      clock.whole = performance.now();
    });
  };
  const observer = new MutationObserver(() => {
    if (!document.querySelector('section.app')) return;
    observer.disconnect();
    requestAnimationFrame(() => {
      clock.first = performance.now();
      requestAnimationFrame(() => {
        clock.all = performance.now();
        if (location.pathname === '/popup.html') untilWhole();
      });
    });
  });
  observer.observe(document, { childList: true, subtree: true });
};

/** The machine's busy and total CPU time so far (jiffies, /proc/stat), or undefined off Linux. */
async function cpuTimes() {
  try {
    const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
    // user nice system idle iowait irq softirq steal (guest and guest_nice are inside user and nice).
    const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
    if (fields.length < 8 || fields.some((n) => !Number.isFinite(n))) return undefined;
    const total = fields.reduce((a, b) => a + b, 0);
    return { busy: total - (fields[3] ?? 0) - (fields[4] ?? 0), total };
  } catch {
    return undefined;
  }
}

/**
 * Waits until the machine is quiet: a quarter-second in which its CPUs were busy less than
 * 15% of the time (at most 10 s; off Linux, 3 s). A browser just launched is busy for seconds
 * (its profile, its services, the extension's install) and slows what runs beside it; a
 * user's restore or unlock comes seconds after the popup opened, not during the launch. Says
 * so on stderr when the machine never went quiet (the figures after it are a busy machine's).
 * @returns {Promise<{ waited: number, quiet: boolean }>}
 */
export async function settled() {
  const start = performance.now();
  const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));
  while (performance.now() - start < 10_000) {
    const a = await cpuTimes();
    await sleep(250);
    const b = await cpuTimes();
    if (!a || !b) {
      await sleep(3000);
      return { waited: performance.now() - start, quiet: true };
    }
    if (b.total > a.total && (b.busy - a.busy) / (b.total - a.total) < 0.15) {
      return { waited: performance.now() - start, quiet: true };
    }
  }
  console.error('bench: the machine stayed busy for 10 s; the next figures were taken on a busy machine');
  return { waited: performance.now() - start, quiet: false };
}

/**
 * @param {number[]} samples
 * @returns {Stats}
 */
export function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return {
    median: s[Math.floor(s.length / 2)] ?? Number.NaN,
    p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? Number.NaN,
  };
}

/**
 * Creates a vault with the test passphrase from OnceKey's popup, as a user does, and waits
 * for it to be open.
 * @param {import('@playwright/test').Page} popup
 */
export async function createVaultIn(popup) {
  await popup.getByLabel('Passphrase', { exact: true }).fill(TEST_PASSPHRASE);
  await popup.getByLabel('Confirm passphrase').fill(TEST_PASSPHRASE);
  await popup.getByRole('button', { name: 'Create vault' }).click();
  await popup.getByRole('button', { name: 'Lock', exact: true }).waitFor();
}

/** @type {Promise<string> | undefined} */
let copied;
/**
 * The build the benchmarks load: the shipped one with its capture panel's shadow root open, as
 * the end-to-end tests load it (scripts/open-panel-copy.mjs), so that the capture benchmark can
 * find the panel's button from the page. Nothing else differs.
 */
function benchBuild() {
  copied ??= openPanelCopy(SHIPPED_EXTENSION_DIR, BENCH_BUILD).then(() => BENCH_BUILD);
  return copied;
}

/**
 * Runs `bench` on Chromium with the built extension and a fresh profile, OnceKey's popup open
 * in a tab; then closes the browser and removes the profile.
 * @template T
 * @param {(opened: { context: BrowserContext, popup: Page, popupUrl: string }) => Promise<T>} bench
 * @param {string[]} [args] further Chromium flags
 * @returns {Promise<T>}
 */
export async function withFreshProfile(bench, args = []) {
  const profile = await mkdtemp(join(tmpdir(), 'oncekey-bench-'));
  const context = await launchWithExtension(profile, {}, await benchBuild(), args);
  try {
    const popupUrl = `chrome-extension://${await extensionId(context)}/popup.html`;
    const popup = await context.newPage();
    await popup.goto(popupUrl);
    return await bench({ context, popup, popupUrl });
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

/**
 * withFreshProfile with a vault created in the popup (left open, unlocked).
 * @template T
 * @param {(vault: { context: BrowserContext, popup: Page, popupUrl: string }) => Promise<T>} bench
 * @param {string[]} [args] further Chromium flags
 * @returns {Promise<T>}
 */
export function withFreshVault(bench, args = []) {
  return withFreshProfile(async (opened) => {
    await createVaultIn(opened.popup);
    return bench(opened);
  }, args);
}
