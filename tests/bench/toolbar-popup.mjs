// @ts-check
// OnceKey's own toolbar popup, as a user opens it, rather than popup.html in a tab: a headed
// Chromium on a virtual display (Xvfb), the popup opened with chrome.action.openPopup() from
// the service worker, and read over the DevTools protocol (Playwright does not list a toolbar
// popup among its pages). It answers what the tab-based popup rows cannot: whether V8 runs the
// popup in its efficiency mode (popup.mjs, V8_EFFICIENCY_MODE), and how long the browser takes
// to show it. Xvfb is not a dependency: without it on PATH the rows say so.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extensionId, launchWithExtension, QUIET_ENV } from '../../scripts/chromium.mjs';
import { createVaultIn, stats } from './measure.mjs';
import { fillBenchVault } from './popup.mjs';

/** @typedef {import('./measure.mjs').Stats} Stats */

const hasXvfb = () => spawnSync('sh', ['-c', 'command -v Xvfb'], { stdio: 'ignore' }).status === 0;

/** What the popup reports about itself once it has settled. */
const REPORT = `new Promise((resolve) => {
  const out = {
    origin: performance.timeOrigin,
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    efficiencyMode: %IsEfficiencyModeEnabled(),
    apps: document.querySelectorAll('section.app').length,
  };
  new PerformanceObserver((list) => {
    out.lcp = list.getEntries().at(-1)?.startTime;
    resolve(out);
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  setTimeout(() => resolve(out), 300);
})`;

/**
 * Opens the toolbar popup `runs` times on an unlocked vault of 1,000 credentials.
 * @param {number} [runs]
 * @returns {Promise<{ runs: number, toDocument: Stats, toFcp: Stats, toLcp: Stats, efficiencyMode: number, apps: number } | undefined>}
 *   undefined without Xvfb
 */
export async function toolbarPopupBench(runs = 8) {
  if (!hasXvfb()) return undefined;
  const display = `:${90 + Math.floor(Math.random() * 9)}`;
  const xvfb = spawn('Xvfb', [display, '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  const dir = await mkdtemp(join(tmpdir(), 'oncekey-toolbar-'));
  try {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const context = await launchWithExtension(
      dir,
      { headless: false, env: { ...QUIET_ENV, DISPLAY: display } },
      undefined,
      [
        // Lets the popup be asked %IsEfficiencyModeEnabled(); changes nothing V8 compiles or runs.
        '--js-flags=--allow-natives-syntax',
      ],
    );
    try {
      const tab = await context.newPage();
      await tab.goto(`chrome-extension://${await extensionId(context)}/popup.html`);
      await createVaultIn(tab);
      await fillBenchVault(tab);
      await tab.close();
      const worker = context.serviceWorkers()[0];
      const browser = context.browser();
      if (!worker || !browser) throw new Error('no service worker or browser connection');
      const cdp = await browser.newBrowserCDPSession();
      /** @type {Record<'toDocument' | 'toFcp' | 'toLcp', number[]>} */
      const samples = { toDocument: [], toFcp: [], toLcp: [] };
      let efficiencyMode = 0;
      let apps = 0;
      let id = 0;
      for (let run = 0; run < runs; run++) {
        const opened = await worker.evaluate(async () => {
          const { chrome } = /** @type {{ chrome: any }} */ (/** @type {unknown} */ (globalThis));
          const at = performance.timeOrigin + performance.now();
          await chrome.action.openPopup();
          return at;
        });
        /** @type {{ targetId: string } | undefined} */
        let target;
        for (let i = 0; i < 200 && !target; i++) {
          const { targetInfos } = /** @type {{ targetInfos: { targetId: string, url: string }[] }} */ (
            await cdp.send('Target.getTargets')
          );
          target = targetInfos.find((t) => t.url.endsWith('/popup.html'));
          if (!target) await new Promise((resolve) => setTimeout(resolve, 10));
        }
        if (!target) throw new Error('the toolbar popup did not open');
        const { sessionId } = /** @type {{ sessionId: string }} */ (
          await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false })
        );
        /** Runtime.evaluate in the popup, through the browser session. @param {string} expression */
        const evaluate = (expression) =>
          new Promise((resolve) => {
            const call = ++id;
            /** @param {{ sessionId: string, message: string }} event */
            const listener = (event) => {
              const reply = JSON.parse(event.message);
              if (event.sessionId !== sessionId || reply.id !== call) return;
              cdp.off('Target.receivedMessageFromTarget', listener);
              resolve(reply.result?.result?.value);
            };
            cdp.on('Target.receivedMessageFromTarget', listener);
            const params = { expression, awaitPromise: true, returnByValue: true };
            cdp.send('Target.sendMessageToTarget', {
              sessionId,
              message: JSON.stringify({ id: call, method: 'Runtime.evaluate', params }),
            });
          });
        // Long enough for the first screenful and the rest of the list (~0.3 s in a tab).
        await new Promise((resolve) => setTimeout(resolve, 1200));
        const report =
          /** @type {{ origin: number, fcp: number, lcp?: number, efficiencyMode: boolean, apps: number }} */ (
            await evaluate(REPORT)
          );
        samples.toDocument.push(report.origin - opened);
        samples.toFcp.push(report.fcp);
        samples.toLcp.push(report.lcp ?? Number.NaN);
        if (report.efficiencyMode) efficiencyMode++;
        apps = report.apps;
        await evaluate('window.close()');
        await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      return {
        runs,
        toDocument: stats(samples.toDocument),
        toFcp: stats(samples.toFcp),
        toLcp: stats(samples.toLcp),
        efficiencyMode,
        apps,
      };
    } finally {
      await context.close();
    }
  } finally {
    xvfb.kill();
    await rm(dir, { recursive: true, force: true });
  }
}
