// @ts-check
// Issue 14's restore figure on the path a user's restore takes in Chrome: the popup sends
// backup.restore to the service worker, which derives the key (Argon2id), checks and writes
// the file, and replies. restore-in-page.ts times the same code in a page; here the service
// worker's thread, the message of the whole file and the reply are in it too.
import { sendFromPage } from '../../scripts/chromium.mjs';
import { TEST_PASSPHRASE } from '../fixtures/passphrases.js';
import { stats, withFreshProfile } from './measure.mjs';

/** @typedef {import('@playwright/test').Page} Page */
/** @typedef {import('./measure.mjs').Stats} Stats */

/**
 * One message from the extension page, timed on the page's clock, sent as OnceKey's pages
 * send it (utils/protocol/client.ts): backups posted to the service worker with a port for
 * the reply (file-channel.ts), or, with `runtime`, by runtime.sendMessage as every other message.
 * Refused replies throw, unless `refused` (a malformed message, timed for its transport).
 * @param {Page} page
 * @param {string} type
 * @param {unknown} payload
 * @param {{ runtime?: boolean, refused?: boolean }} [how]
 */
const timed = (page, type, payload, how = {}) =>
  page.evaluate(
    async ([type, payload, how]) => {
      const { chrome, navigator } = /** @type {any} */ (globalThis);
      const viaWorker = async () => {
        // A new browser's popup can open before the worker is active: the ready registration has one.
        const worker = (await navigator.serviceWorker.ready).active;
        if (!worker) throw new Error('no service worker to post to');
        const { port1, port2 } = new MessageChannel();
        return new Promise((resolve) => {
          port1.onmessage = (event) => resolve(event.data);
          worker.postMessage({ type, payload }, [port2]);
        });
      };
      const start = performance.now();
      const posted = type.startsWith('backup.') && !how.runtime;
      const reply = posted ? await viaWorker() : await chrome.runtime.sendMessage({ type, payload });
      if (!reply.ok && !how.refused) throw new Error(`${type}: ${JSON.stringify(reply)}`);
      if (reply.ok && how.refused) throw new Error(`${type} was taken`);
      return performance.now() - start;
    },
    /** @type {const} */ ([type, payload, how]),
  );

/**
 * Restores `file` in `runs` fresh profiles. kdf.estimate scales from the worker's last
 * derivation (the file's cost is the Standard one), so asked right after the restore it gives
 * what the restore's own Argon2id took, and right after an unlock in the same worker, what
 * Argon2id takes alone. The first figure beyond the key derivation subtracts that run alone.
 *
 * The restore's own run is slower, and not for the writes beside it: it is the first in a new
 * browser, whose 64 MiB are new to the process, and touching 64 MiB of new memory takes a page
 * ~300 ms on this machine (a worker Chromium restarts in the same process does not pay it
 * again: its first run took as long as the unlock's). So each run also restores an empty
 * vault's file, at the same cost, in another new browser: its Argon2id is the first there,
 * with no writes beside it (and takes as long as the restore's), and the second "beyond"
 * figure subtracts that. Then offscreen documents opened in the same worker.
 * @param {{ file: string, empty: string }} files backups of the bench vault and of an empty vault, both at the Standard cost
 * @param {number} [runs]
 * @returns {Promise<{ runs: number, restore: Stats, kdf: Stats, kdfAlone: Stats, kdfFirst: Stats, beyond: Stats, beyondFirst: Stats, unlock: Stats, offscreen: Stats, runtimeMessage: Stats, posted: Stats }>}
 */
export async function restoreBackgroundBench({ file, empty }, runs = 3) {
  /** @type {Record<'restore' | 'kdf' | 'kdfAlone' | 'kdfFirst' | 'beyond' | 'beyondFirst' | 'unlock' | 'offscreen' | 'runtimeMessage' | 'posted', number[]>} */
  const samples = {
    restore: [],
    kdf: [],
    kdfAlone: [],
    kdfFirst: [],
    beyond: [],
    beyondFirst: [],
    unlock: [],
    offscreen: [],
    runtimeMessage: [],
    posted: [],
  };
  /** @param {Page} page what the worker's last Argon2id run took (kdf.estimate scales from it) */
  const lastKdf = async (page) =>
    /** @type {{ standard: number }} */ ((await sendFromPage(page, 'kdf.estimate', {})).value).standard;
  for (let i = 0; i < runs; i++) {
    await withFreshProfile(async ({ context, popup: page }) => {
      const restore = await timed(page, 'backup.restore', { text: file, passphrase: TEST_PASSPHRASE });
      samples.restore.push(restore);
      samples.kdf.push(await lastKdf(page));
      await sendFromPage(page, 'vault.lock', {});
      samples.unlock.push(await timed(page, 'vault.unlock', { passphrase: TEST_PASSPHRASE }));
      const kdfAlone = await lastKdf(page);
      samples.kdfAlone.push(kdfAlone);
      samples.beyond.push(restore - kdfAlone);
      const worker = context.serviceWorkers()[0];
      if (!worker) throw new Error('no service worker');
      // Opening the (clipboard's) offscreen document and closing it again: the least that
      // running Argon2id in an offscreen document would add before the derivation starts.
      samples.offscreen.push(
        await worker.evaluate(async () => {
          const { chrome } = /** @type {{ chrome: any }} */ (/** @type {unknown} */ (globalThis));
          const start = performance.now();
          await chrome.offscreen.createDocument({
            url: chrome.runtime.getURL('/offscreen.html'),
            reasons: ['WORKERS'],
            justification: 'bench',
          });
          const opened = performance.now() - start;
          await chrome.offscreen.closeDocument();
          return opened;
        }),
      );
      // The file's journey alone, after the restore (which met the worker cold): the same message, refused at once for its empty passphrase.
      const malformed = { text: file, passphrase: '' };
      for (let j = 0; j < 3; j++) {
        samples.runtimeMessage.push(await timed(page, 'backup.restore', malformed, { runtime: true, refused: true }));
        samples.posted.push(await timed(page, 'backup.restore', malformed, { refused: true }));
      }
    });
    // Argon2id as the restore met it: the first in a new browser, without the writes beside it.
    await withFreshProfile(async ({ popup: page }) => {
      await timed(page, 'backup.restore', { text: empty, passphrase: TEST_PASSPHRASE });
      const kdfFirst = await lastKdf(page);
      samples.kdfFirst.push(kdfFirst);
      samples.beyondFirst.push(/** @type {number} */ (samples.restore.at(-1)) - kdfFirst);
    });
  }
  return {
    runs,
    restore: stats(samples.restore),
    kdf: stats(samples.kdf),
    kdfAlone: stats(samples.kdfAlone),
    kdfFirst: stats(samples.kdfFirst),
    beyond: stats(samples.beyond),
    beyondFirst: stats(samples.beyondFirst),
    unlock: stats(samples.unlock),
    offscreen: stats(samples.offscreen),
    runtimeMessage: stats(samples.runtimeMessage),
    posted: stats(samples.posted),
  };
}
