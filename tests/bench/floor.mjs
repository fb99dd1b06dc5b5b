// @ts-check
// The floor under the popup's "open → first screenful" row: the same build with one more
// page, of one tiny script that sends a single message, opened the way the popup bench opens
// the popup (a tab of about:blank navigated to it) and timed by the same clock
// (FIRST_SCREEN_CLOCK). No page of this extension can show a reply sooner.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXTENSION_DIR, extensionId, launchWithExtension } from '../../scripts/chromium.mjs';
import { FIRST_SCREEN_CLOCK, stats } from './measure.mjs';
import { V8_EFFICIENCY_MODE } from './popup.mjs';

const FLOOR_HTML = `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8"><title>floor</title><script type="module" src="/floor.js"></script></head>
<body><div id="app"></div></body></html>`;
// A paragraph at once, then a second element once the service worker has answered.
const FLOOR_JS = `const p = document.createElement('p');
p.textContent = 'OnceKey';
document.getElementById('app').append(p);
requestAnimationFrame(() => { globalThis.__painted = performance.now(); });
chrome.runtime.sendMessage({ type: 'vault.status', payload: {} }).then(() => {
  const section = document.createElement('section');
  section.className = 'app';
  section.textContent = 'answered';
  document.body.append(section);
});`;

/** @param {number} [runs] */
export async function floorBench(runs = 15) {
  const dir = await mkdtemp(join(tmpdir(), 'oncekey-floor-'));
  const extension = join(dir, 'extension');
  await cp(EXTENSION_DIR, extension, { recursive: true });
  await writeFile(join(extension, 'floor.html'), FLOOR_HTML);
  await writeFile(join(extension, 'floor.js'), FLOOR_JS);
  const context = await launchWithExtension(join(dir, 'profile'), {}, extension, [V8_EFFICIENCY_MODE.off]);
  try {
    const page = await context.newPage();
    await page.addInitScript(FIRST_SCREEN_CLOCK);
    const url = `chrome-extension://${await extensionId(context)}/floor.html`;
    await page.goto(url);
    const script = [];
    const reply = [];
    for (let i = 0; i < runs; i++) {
      await page.goto('about:blank');
      await page.goto(url);
      const times = await page.evaluate(
        () =>
          /** @type {Promise<{ script: number, reply: number }>} */ (
            new Promise((resolve) => {
              const navStart = performance.getEntriesByType('navigation')[0]?.startTime ?? 0;
              /** @type {{ __oncekeyFirstScreen?: { first?: number }, __painted?: number }} */
              const page = /** @type {never} */ (globalThis);
              // The frame in which the answer is first there, as the popup's "first screenful" row is timed.
              const check = () => {
                const first = page.__oncekeyFirstScreen?.first;
                if (first === undefined || page.__painted === undefined) return requestAnimationFrame(check);
                resolve({ script: page.__painted - navStart, reply: first - navStart });
              };
              check();
            })
          ),
      );
      script.push(times.script);
      reply.push(times.reply);
    }
    return { runs, script: stats(script), reply: stats(reply) };
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  }
}
