// @ts-check
// `npm run screenshots:store`: the stores' 1280×800 pictures (docs/store/screenshots/), from a real
// run of the built extension in Chromium on the demo portal (made-up values). The portal shots are
// the page as it is; the popup, 360 px wide, is pictured as it is and then set on a 1280×800 canvas
// with one line saying what it shows. Run after `npm run build`.
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DEMO_APP, keysUrl } from '../tests/fixtures/demo-portal/app.js';
import { DEMO_PASSPHRASE } from '../tests/fixtures/passphrases.js';
import { SHIPPED_EXTENSION_DIR, sendFromPage } from './chromium.mjs';
import { startDemo } from './demo-portal.mjs';
import { openPanelCopy } from './open-panel-copy.mjs';

/** @typedef {import('@playwright/test').Page} Page */

const OUT = resolve(import.meta.dirname, '../docs/store/screenshots');
const SIZE = { width: 1280, height: 800 };

/** Earlier captures, so that the list shows ages and rotation states. */
const EARLIER = [
  {
    appId: '28111111',
    appName: 'storm-watch',
    daysAgo: 95,
    credentials: [{ kind: 'apiKey', value: 'Xq7Lm2Pz9Rt4Vb8Nc3Jd6Hf1K' }],
  },
  {
    appId: '28222222',
    appName: 'rain-alerts',
    daysAgo: 80,
    credentials: [{ kind: 'clientSecret', value: 'aB3dE5fG7hJ9kL2mN4pQ6rS8tU0vW1xY3zA5bC7dE9fG2hJ4k' }],
  },
];

/**
 * Sets a picture of the popup on a 1280×800 canvas, with a headline, and saves it.
 * @param {Page} canvas @param {Buffer} popup @param {string} headline @param {'light' | 'dark'} scheme @param {string} file
 */
async function framed(canvas, popup, headline, scheme, file) {
  const [bg, fg] = scheme === 'dark' ? ['#0b1016', '#e7e9ea'] : ['#eef3f8', '#0f1419'];
  await canvas.setContent(`<!doctype html><meta charset="utf-8">
    <body style="margin:0;width:1280px;height:800px;display:flex;align-items:center;justify-content:center;gap:72px;
      background:${bg};color:${fg};font:600 34px/1.3 system-ui,sans-serif">
      <p style="width:460px;margin:0">${headline}</p>
      <img alt="" src="data:image/png;base64,${popup.toString('base64')}"
        style="width:360px;border-radius:12px;box-shadow:0 12px 40px rgba(0,0,0,.35)">
    </body>`);
  await canvas.screenshot({ path: `${OUT}/${file}` });
}

await mkdir(OUT, { recursive: true });
// The panel's shadow root is closed in the build; the pictures are taken with a copy whose root
// is open, so that this script can find the panel's button (nothing else differs).
const OPEN_COPY = resolve(import.meta.dirname, '../.output/screenshots/chrome-mv3');
await openPanelCopy(SHIPPED_EXTENSION_DIR, OPEN_COPY);
const demo = await startDemo({ headless: true, viewport: SIZE, extensionDir: OPEN_COPY });
try {
  const { context } = demo;
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 360, height: 600 });
  await popup.goto(demo.popupUrl);
  await popup.getByLabel('Passphrase', { exact: true }).fill(DEMO_PASSPHRASE);
  await popup.getByLabel('Confirm passphrase').fill(DEMO_PASSPHRASE);
  await popup.getByRole('button', { name: 'Create vault' }).click();
  await popup.getByRole('button', { name: 'Lock', exact: true }).waitFor();
  for (const { daysAgo, ...capture } of EARLIER) {
    await sendFromPage(popup, 'capture.submit', {
      host: 'developer.x.com',
      at: Date.now() - daysAgo * 86_400_000,
      ...capture,
    });
  }

  // The portal shows new keys once; OnceKey's panel sits in the dialog beside them.
  const portal = await context.newPage();
  await portal.goto(keysUrl(DEMO_APP));
  await portal.locator('[data-pair="apiKey"]').getByRole('button', { name: 'Regenerate', exact: true }).click();
  await portal
    .getByRole('dialog', { name: /^Are you sure you want to regenerate/ })
    .getByRole('button', { name: 'Yes, regenerate' })
    .click();
  const panel = portal.getByRole('region', { name: 'OnceKey' });
  await panel.getByRole('button', { name: /^Save to OnceKey/ }).waitFor();
  await portal.screenshot({ path: `${OUT}/1-portal-panel.png` });
  await panel.getByRole('button', { name: /^Save to OnceKey/ }).click();
  await panel.getByRole('status').waitFor();
  await portal.screenshot({ path: `${OUT}/2-portal-saved.png` });

  const canvas = await context.newPage();
  for (const scheme of /** @type {const} */ (['light', 'dark'])) {
    await popup.emulateMedia({ colorScheme: scheme });
    await popup.reload();
    const app = popup.getByRole('region', { name: DEMO_APP.appName });
    await app.waitFor();
    if (scheme === 'light') {
      await app.getByRole('button', { name: 'Copy API Key Secret', exact: true }).click();
      await popup.getByRole('status').waitFor();
      await framed(
        canvas,
        await popup.screenshot(),
        'Every key the portal showed once, by App, with its age. Copied values leave the clipboard after 30 s.',
        scheme,
        '3-popup-list.png',
      );
      await app.getByRole('button', { name: `Export ${DEMO_APP.appName}` }).click();
      await popup.getByRole('button', { name: 'Copy .env' }).waitFor();
      await framed(
        canvas,
        await popup.screenshot(),
        'Export an App as .env, shell, JSON, Postman or Insomnia, with the variable names your library expects.',
        scheme,
        '4-popup-export.png',
      );
    } else {
      await framed(
        canvas,
        await popup.screenshot(),
        'Encrypted in your browser with your passphrase. No account, no server, no network.',
        scheme,
        '5-popup-dark.png',
      );
    }
  }
  console.log(`Store screenshots (1280×800) written to ${OUT}`);
} finally {
  await demo.close();
}
