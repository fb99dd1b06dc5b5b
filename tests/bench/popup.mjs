// @ts-check
// Popup benchmarks in Chromium with the built extension: first paint of the locked screen,
// unlock to the list, a vault of 1,000 credentials rendered, and a search keystroke on it.
import { followServiceWorker, sendFromPage } from '../../scripts/chromium.mjs';
import { TEST_PASSPHRASE } from '../fixtures/passphrases.js';
import { FIRST_SCREEN_CLOCK, randomAlnum, stats, withFreshVault } from './measure.mjs';

/** @typedef {import('@playwright/test').Page} Page */
/** The popup page's globals these benchmarks use. */
/** @typedef {{ sendMessage(message: { type?: string, payload?: Record<string, unknown> }, ...rest: unknown[]): Promise<unknown> }} Runtime */
/** @typedef {{ chrome: { runtime: Runtime } }} PopupGlobals */

/** @type {[kind: string, length: number][]} */
const KINDS = [
  ['apiKey', 25],
  ['apiKeySecret', 50],
  ['accessTokenSecret', 45],
  ['clientSecret', 50],
];

/**
 * In the page, from now until `selector` (within the popup) exists; `action` 'unlock'
 * submits the Unlock form first.
 * @param {Page} page
 * @param {string} selector
 * @param {'unlock'} action
 */
const until = (page, selector, action) =>
  page.evaluate(
    ([selector, action]) =>
      /** @type {Promise<number>} */ (
        new Promise((resolve) => {
          const start = performance.now();
          const check = () => {
            if (document.querySelector(selector)) {
              observer.disconnect();
              resolve(performance.now() - start);
            }
          };
          const observer = new MutationObserver(check);
          observer.observe(document.body, { childList: true, subtree: true, characterData: true });
          if (action === 'unlock')
            /** @type {HTMLButtonElement} */ (document.querySelector('form button[type="submit"]')).click();
          check();
        })
      ),
    /** @type {const} */ ([selector, action]),
  );

/**
 * From the popup's navigation until its first frame with an App in it (`first`), the frame
 * after (`all`), that frame from the list's reply (`renderOnly`), and the frame after all of
 * the list is in hand (`whole`), as the page's own clock read them (FIRST_SCREEN_CLOCK,
 * installed on the page). The list renders the Apps in view (and a screenful either side) in
 * one go: the first frame with an App in it is the list painted.
 * @param {Page} popup
 */
const firstScreen = (popup) =>
  popup.evaluate(() => {
    const navStart = performance.getEntriesByType('navigation')[0]?.startTime ?? 0;
    /** @type {{ __oncekeyFirstScreen?: { first?: number, all?: number, whole?: number } }} */
    const { __oncekeyFirstScreen: clock } = /** @type {never} */ (globalThis);
    if (!clock) throw new Error('no first-screen clock in the popup: FIRST_SCREEN_CLOCK not installed');
    return /** @type {Promise<{ first: number, all: number, renderOnly: number, whole: number }>} */ (
      new Promise((resolve, reject) => {
        const check = () => {
          if (clock.first === undefined || clock.all === undefined || clock.whole === undefined) {
            return requestAnimationFrame(check);
          }
          // When the popup had the first Apps in hand, from the stored list or the reply.
          const inHand = performance.getEntriesByName('oncekey.list-first')[0]?.startTime ?? Number.NaN;
          resolve({
            first: clock.first - navStart,
            all: clock.all - navStart,
            renderOnly: clock.all - inHand,
            whole: clock.whole - navStart,
          });
        };
        check();
        setTimeout(
          () => reject(new Error(`no App painted within 20 s: ${document.body.textContent?.slice(0, 200)}`)),
          20_000,
        );
      })
    );
  });

/**
 * V8's efficiency mode, set per process by the browser: on while the process is not one the
 * user is waiting on (priority below "user blocking"). In it, V8 compiles hot functions on the
 * page's own thread, where they block what is running, instead of in the background. Here,
 * Chromium left the extension's process in it when a tab of the extension opened first (the
 * process had started for its service worker), until a web page opened anywhere in the
 * browser: the first keystroke took 16–24 ms in it and 3.5 ms out of it (medians of 10 runs
 * each), and which state a run met varied. The toolbar's own popup was out of it (opened with
 * chrome.action.openPopup in a headed Chromium under Xvfb and asked V8's
 * %IsEfficiencyModeEnabled: toolbar-popup.mjs), so that is the popup benchmark's default, and
 * the floor's (floor.mjs), which it is compared with. Each run fixes the state with V8's flag.
 */
export const V8_EFFICIENCY_MODE = { on: '--js-flags=--efficiency-mode', off: '--js-flags=--no-efficiency-mode' };

/**
 * Saves the popup benchmarks' 1,000 credentials, 250 Apps of four (bench-app-0 to -249), into
 * the unlocked vault, from a page of the extension.
 * @param {Page} page
 */
export async function fillBenchVault(page) {
  for (let app = 0; app < 250; app++) {
    const reply = await sendFromPage(page, 'capture.submit', {
      host: 'developer.x.com',
      appId: String(30000000 + app),
      appName: `bench-app-${app}`,
      projectName: `Project ${app % 20}`,
      at: Date.now() - app * 3600_000,
      credentials: KINDS.map(([kind, n]) => ({ kind, value: randomAlnum(n) })),
    });
    if (!reply.ok) throw new Error(reply.error?.message);
  }
}

/**
 * @param {number} [runs]
 * @param {{ efficiencyMode?: boolean }} [how] V8 in efficiency mode (by default out of it, as
 *   for the toolbar's popup)
 */
export function popupBench(runs = 10, { efficiencyMode = false } = {}) {
  const flag = efficiencyMode ? V8_EFFICIENCY_MODE.on : V8_EFFICIENCY_MODE.off;
  return withFreshVault(
    async ({ popup, popupUrl: url }) => {
      await popup.addInitScript(FIRST_SCREEN_CLOCK);
      await fillBenchVault(popup);

      const listReply = [];
      for (let i = 0; i < runs; i++) {
        listReply.push(
          await popup.evaluate(async () => {
            const { chrome } = /** @type {PopupGlobals} */ (/** @type {unknown} */ (globalThis));
            const start = performance.now();
            await chrome.runtime.sendMessage({ type: 'vault.list', payload: {} });
            return performance.now() - start;
          }),
        );
      }
      // The same right after a write: the background's kept list is dropped, so every name is decrypted again.
      const listCold = [];
      for (let i = 0; i < runs; i++) {
        listCold.push(
          await popup.evaluate(async (notes) => {
            const { chrome } = /** @type {PopupGlobals} */ (/** @type {unknown} */ (globalThis));
            const list = /** @type {{ ok: boolean, value: { id: string }[] }} */ (
              await chrome.runtime.sendMessage({ type: 'vault.list', payload: {} })
            );
            const id = list.value[0]?.id;
            await chrome.runtime.sendMessage({ type: 'app.update', payload: { id, notes } });
            const start = performance.now();
            await chrome.runtime.sendMessage({ type: 'vault.list', payload: {} });
            return performance.now() - start;
          }, `bench note ${i}`),
        );
      }
      const listFirstScreen = [];
      const listRenderOnly = [];
      const listRender = [];
      const keystroke = [];
      const typing = [];
      const scroll = [];
      const listWhole = [];
      const afterUnlock = [];
      const firstPaint = [];
      const unlockToList = [];
      for (let i = 0; i < runs; i++) {
        // Unlocked, 1,000 credentials: opened as a new document, as each toolbar popup is (a tab
        // of about:blank navigated to it), to the list rendered, then to all of it in hand.
        await popup.goto('about:blank');
        await popup.goto(url);
        const times = await firstScreen(popup);
        listFirstScreen.push(times.first);
        listRender.push(times.all);
        listRenderOnly.push(times.renderOnly);
        listWhole.push(times.whole);
        // A screenful further down: from the scroll to the frame after the Apps there are rendered.
        scroll.push(
          await popup.evaluate(
            () =>
              /** @type {Promise<number>} */ (
                new Promise((resolve) => {
                  const start = performance.now();
                  scrollBy(0, innerHeight);
                  const inView = () =>
                    [...document.querySelectorAll('section.app')].some((s) => {
                      const r = s.getBoundingClientRect();
                      return r.top >= 0 && r.top < innerHeight;
                    });
                  const check = () =>
                    inView()
                      ? requestAnimationFrame(() => resolve(performance.now() - start))
                      : requestAnimationFrame(check);
                  requestAnimationFrame(check);
                })
              ),
          ),
        );
        // Back at the top, and two frames for the list to render the Apps there before typing.
        await popup.evaluate(
          () =>
            new Promise((resolve) => {
              scrollTo(0, 0);
              requestAnimationFrame(() => requestAnimationFrame(resolve));
            }),
        );
        // Keystrokes in Search, each from its input event to the filtered list in the DOM: the
        // first right away, then the ones a user makes next (backspace, a digit), 100 ms apart,
        // each changing the Apps shown. The first after opening makes rendering code hot, which
        // V8 compiles (Maglev): in the background, or on this thread in efficiency mode.
        const [first, ...next] = await popup.evaluate(
          (queries) =>
            /** @type {Promise<number[]>} */ (
              new Promise((resolve, reject) => {
                const input = document.querySelector('input[type="search"]');
                const list = document.querySelector('.screen');
                if (!(input instanceof HTMLInputElement) || !list) return reject(new Error('no search box or list'));
                /** @type {number[]} */
                const times = [];
                const type = () => {
                  const query = queries[times.length];
                  if (query === undefined) return resolve(times);
                  const start = performance.now();
                  const observer = new MutationObserver(() => {
                    observer.disconnect();
                    times.push(performance.now() - start);
                    setTimeout(type, 100);
                  });
                  observer.observe(list, { childList: true, subtree: true });
                  input.value = query;
                  input.dispatchEvent(new Event('input', { bubbles: true }));
                };
                type();
              })
            ),
          ['bench-app-12', 'bench-app-1', 'bench-app-13', 'bench-app-1', 'bench-app-14'],
        );
        keystroke.push(/** @type {number} */ (first));
        typing.push(...next);
        // Locked: first contentful paint, and the Unlock screen ready.
        await popup.getByRole('button', { name: 'Lock', exact: true }).click();
        await popup.goto(url);
        await popup.getByRole('button', { name: 'Unlock' }).waitFor();
        firstPaint.push(
          await popup.evaluate(() => {
            const navStart = performance.getEntriesByType('navigation')[0]?.startTime ?? 0;
            const fcp = performance.getEntriesByName('first-contentful-paint')[0];
            return fcp ? fcp.startTime - navStart : Number.NaN;
          }),
        );
        await popup.getByLabel('Passphrase', { exact: true }).fill(TEST_PASSPHRASE);
        unlockToList.push(await until(popup, 'section.app', 'unlock'));
        // Reloaded at once over the page that unlocked, while the background finishes the unlock.
        await popup.goto(url);
        afterUnlock.push((await firstScreen(popup)).first);
      }
      // Opened after Chromium stopped the service worker, as it does after 30 s without an
      // event: the worker starts again for the popup's first message, and answers from the list
      // the last one stored (utils/vault/list-cache.ts), not from memory.
      const worker = await followServiceWorker(popup);
      const afterStop = [];
      for (let i = 0; i < runs; i++) {
        // Away from the popup first: its open page's port would start the worker again at once.
        await popup.goto('about:blank');
        await worker.stop();
        await popup.goto(url);
        afterStop.push((await firstScreen(popup)).first);
      }
      // The same after a write (as a capture on the portal is), two seconds before the stop.
      const afterWrite = [];
      for (let i = 0; i < runs; i++) {
        const list = /** @type {{ value: { id: string }[] }} */ (await sendFromPage(popup, 'vault.list', {}));
        await sendFromPage(popup, 'app.update', { id: list.value[0]?.id, notes: `written before a stop ${i}` });
        await popup.goto('about:blank');
        await new Promise((resolve) => setTimeout(resolve, 2000));
        await worker.stop();
        await popup.goto(url);
        afterWrite.push((await firstScreen(popup)).first);
      }
      await worker.detach();
      return {
        runs,
        afterStop: stats(afterStop),
        afterWrite: stats(afterWrite),
        listReply: stats(listReply),
        listCold: stats(listCold),
        firstPaint: stats(firstPaint),
        unlockToList: stats(unlockToList),
        listFirstScreen: stats(listFirstScreen),
        afterUnlock: stats(afterUnlock),
        listRender: stats(listRender),
        listRenderOnly: stats(listRenderOnly),
        keystroke: stats(keystroke),
        typing: stats(typing),
        scroll: stats(scroll),
        listWhole: stats(listWhole),
      };
    },
    [flag],
  );
}
