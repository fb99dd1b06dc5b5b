// @ts-check
// Capture benchmarks in Chromium with the built extension: values entering the DOM to the
// panel showing, and the user's click to the capture being stored.
import { randomAlnum, stats, withFreshVault } from './measure.mjs';

const URL = 'https://developer.x.com/en/portal/projects/1529384756102938475/apps/29384756/keys';
const modal = () => `<div role="dialog" aria-modal="true"><h2>API Key and Secret</h2>
  <p>API Key</p><p class="font-mono">${randomAlnum(25)}</p><p>API Key Secret</p><p class="font-mono">${randomAlnum(50)}</p></div>`;

export function captureBench(runs = 20) {
  return withFreshVault(async ({ context }) => {
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
            /** @type {Promise<number>} */ (
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
              })
            ),
          modal(),
        ),
      );
      // The user's click to "Saved": sealed or encrypted and stored in IndexedDB.
      const button = page.getByRole('button', { name: /^Save to OnceKey/ });
      await button.waitFor();
      // Timed in the page: from the click event to the status appearing in the panel.
      const timing = page.evaluate(
        () =>
          /** @type {Promise<number>} */ (
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
            })
          ),
      );
      await button.click();
      toStored.push(await timing);
      await page.evaluate(() => document.querySelector('[role="dialog"]')?.remove());
      await page.locator('oncekey-panel').waitFor({ state: 'detached' });
    }
    return { toPanel: stats(toPanel), toStored: stats(toStored), runs };
  });
}
