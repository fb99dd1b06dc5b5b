// `npm run screenshots`: the README's pictures, taken from the built extension in Chromium,
// light and dark. Run after `npm run build`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extensionId, launchWithExtension } from './chromium.mjs';

const OUT = 'tests/screenshots';
const PASSPHRASE = 'correct horse battery staple 42';

for (const colorScheme of ['light', 'dark']) {
  const profile = await mkdtemp(join(tmpdir(), 'oncekey-shots-'));
  const context = await launchWithExtension(profile, { colorScheme, viewport: { width: 360, height: 420 } });
  const page = await context.newPage();
  await page.goto(`chrome-extension://${await extensionId(context)}/popup.html`);
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByLabel('Confirm passphrase').fill(PASSPHRASE);
  await page.screenshot({ path: `${OUT}/create-vault-${colorScheme}.png` });
  await page.getByRole('button', { name: 'Create vault' }).click();
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await page.getByRole('button', { name: 'Unlock' }).waitFor();
  await page.screenshot({ path: `${OUT}/locked-${colorScheme}.png` });
  await context.close();
  await rm(profile, { recursive: true, force: true });
}
console.log(`Screenshots written to ${OUT}/`);
