// Capture benchmarks in Chromium with the built extension: values entering the DOM to the
// panel showing, and the user's click to the capture being stored.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extensionId, launchWithExtension } from '../tools/chromium.mjs';

const URL = 'https://developer.x.com/en/portal/projects/1529384756102938475/apps/29384756/keys';
const PASSPHRASE = 'correct horse battery staple 42';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const random = (n) => Array.from({ length: n }, () => ALNUM[Math.floor(Math.random() * ALNUM.length)]).join('');
const modal = () => `<div role="dialog" aria-modal="true"><h2>API Key and Secret</h2>
  <p>API Key</p><p class="font-mono">${random(25)}</p><p>API Key Secret</p><p class="font-mono">${random(50)}</p></div>`;

const stats = (samples) => {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] };
};

export async function captureBench(runs = 20) {
  const profile = await mkdtemp(join(tmpdir(), 'oncekey-bench-'));
  const context = await launchWithExtension(profile);
  try {
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${await extensionId(context)}/popup.html`);
    await popup.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await popup.getByLabel('Confirm passphrase').fill(PASSPHRASE);
    await popup.getByRole('button', { name: 'Create vault' }).click();
    await popup.getByRole('button', { name: 'Lock', exact: true }).waitFor();

    await context.route('https://developer.x.com/**', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><title>Keys and tokens</title><main><h1>trend-watcher</h1></main>',
      }),
    );
    const page = await context.newPage();
    await page.goto(URL);
    const toPanel = [];
    const toStored = [];
    for (let i = 0; i < runs; i++) {
      // Values enter the DOM; time until the panel's button exists in its shadow root.
      toPanel.push(
        await page.evaluate(
          (html) =>
            new Promise((resolve) => {
              const start = performance.now();
              const done = () => {
                const button = document.querySelector('oncekey-panel')?.shadowRoot?.querySelector('button');
                if (button) {
                  observer.disconnect();
                  resolve(performance.now() - start);
                }
              };
              const observer = new MutationObserver(done);
              observer.observe(document.body, { childList: true, subtree: true });
              document.body.insertAdjacentHTML('beforeend', html);
              done();
            }),
          modal(),
        ),
      );
      // The user's click to "Saved": sealed or encrypted and stored in IndexedDB.
      const button = page.getByRole('button', { name: /^Save to OnceKey/ });
      await button.waitFor();
      // Timed in the page: from the click event to the status appearing in the panel.
      const timing = page.evaluate(
        () =>
          new Promise((resolve) => {
            const root = document.querySelector('oncekey-panel')?.shadowRoot;
            let start = 0;
            document.addEventListener('click', () => (start = performance.now()), { capture: true, once: true });
            const observer = new MutationObserver(() => {
              if (start && root?.querySelector('[role="status"]')) {
                observer.disconnect();
                resolve(performance.now() - start);
              }
            });
            if (root) observer.observe(root, { childList: true, subtree: true });
          }),
      );
      await button.click();
      toStored.push(await timing);
      await page.evaluate(() => document.querySelector('[role="dialog"]')?.remove());
      await page.locator('oncekey-panel').waitFor({ state: 'detached' });
    }
    return { toPanel: stats(toPanel), toStored: stats(toStored), runs };
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}
