// @ts-check
// `npm run screenshots`: the README's pictures, taken from the built extension in Chromium,
// light and dark. Run after `npm run build`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TEST_PASSPHRASE } from '../tests/fixtures/passphrases.js';
import { extensionId, launchWithExtension, sendFromPage } from './chromium.mjs';

const OUT = resolve(import.meta.dirname, '../tests/screenshots');
/** @type {[appId: string, appName: string, daysAgo: number, credentials: { kind: string, value: string, handle?: string, permission?: string }[]][]} */
const SAMPLE = [
  [
    '28111111',
    'storm-watch',
    95,
    [
      {
        kind: 'bearerToken',
        value: `${'A'.repeat(21)}MLheAAAAAAA0%2BuSeid%2BULvsea4JtiGRiSDSJSI%3DEUifiRBkKG5E2XzMDjRfl76ZC9Ub0wnz4XsNiRVBChTYbJcE3F`,
      },
    ],
  ],
  [
    '28222222',
    'rain-alerts',
    80,
    [
      { kind: 'apiKey', value: 'Xq7Lm2Pz9Rt4Vb8Nc3Jd6Hf1K' },
      { kind: 'apiKeySecret', value: 'aB3dE5fG7hJ9kL2mN4pQ6rS8tU0vW1xY3zA5bC7dE9fG2hJ4km' },
    ],
  ],
  [
    '28222222',
    'rain-alerts',
    3,
    [
      {
        kind: 'accessToken',
        value: '1810982558290072140-qyqU3yGSvwVNhqtcK7QYizBTc1zo0R',
        handle: 'rainalerts',
        permission: 'Read and Write',
      },
    ],
  ],
];

for (const colorScheme of /** @type {const} */ (['light', 'dark'])) {
  const profile = await mkdtemp(join(tmpdir(), 'oncekey-shots-'));
  const context = await launchWithExtension(profile, { colorScheme, viewport: { width: 360, height: 520 } });
  const page = await context.newPage();
  await page.goto(`chrome-extension://${await extensionId(context)}/popup.html`);
  await page.getByLabel('Passphrase', { exact: true }).fill(TEST_PASSPHRASE);
  await page.getByLabel('Confirm passphrase').fill(TEST_PASSPHRASE);
  await page.screenshot({ path: `${OUT}/create-vault-${colorScheme}.png` });
  await page.getByRole('button', { name: 'Create vault' }).click();
  await page.getByRole('button', { name: 'Lock', exact: true }).waitFor();
  // Made-up values in the portal's formats, captured at different ages.
  for (const [appId, appName, daysAgo, credentials] of SAMPLE) {
    await sendFromPage(page, 'capture.submit', {
      host: 'developer.x.com',
      projectName: 'Weather bots',
      appId,
      appName,
      at: Date.now() - daysAgo * 86_400_000,
      credentials,
    });
  }
  await page.reload();
  await page.getByRole('region', { name: 'rain-alerts' }).waitFor();
  await page.screenshot({ path: `${OUT}/list-${colorScheme}.png` });
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await page.getByRole('button', { name: 'Unlock' }).waitFor();
  await page.screenshot({ path: `${OUT}/locked-${colorScheme}.png` });
  await context.close();
  await rm(profile, { recursive: true, force: true });
}
console.log('Screenshots written to tests/screenshots/');
