import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { KIND_LABELS, type Kind, matchesFormat } from '../../utils/kinds';
import { maskPreview } from '../../utils/portal/detect';
import { walkDemo } from '../tools/demo.mjs';
import { DEMO_APP, DEMO_KINDS, type DemoKind, fakeCredential, keysPage, keysUrl } from '../tools/demo-portal.mjs';
import { createVault, expect, sendFromPage, test } from './fixtures';
import { saveButton, servePortal } from './portal';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

test('`npm run demo -- --screenshots` walks the whole story and saves a picture of each step', async () => {
  test.setTimeout(120_000);
  const dir = await mkdtemp(join(tmpdir(), 'oncekey-demo-shots-'));
  try {
    const { steps } = await walkDemo({ dir, headless: true });
    expect(steps.filter((s) => !s.ok).map((s) => `${s.name}: ${s.error}`)).toEqual([]);
    expect(steps.map((s) => s.name)).toEqual([
      'create vault',
      'keys tab',
      'regenerate confirm',
      'displayed once with panel',
      'saved',
      'popup list',
      'locked',
      'unlocked',
      'copied',
      'export',
    ]);
    for (const step of steps) {
      const png = await readFile(step.file);
      expect(png.length, step.file).toBeGreaterThan(PNG_SIGNATURE.length);
      expect(png.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE), `${step.file} is a PNG`).toBe(true);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the demo makes values of every kind in formats OnceKey’s detector accepts', () => {
  for (const kind of DEMO_KINDS) {
    const values = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const value = fakeCredential(kind);
      expect(matchesFormat(kind, value), `${kind}: ${value}`).toBe(true);
      values.add(value);
    }
    // Fresh each time; only what belongs to the App (the user id) repeats.
    expect(values.size, kind).toBe(200);
  }
  expect(matchesFormat('clientId', DEMO_APP.clientId)).toBe(true);
});

/** The demo page's buttons, what each opens, and the values its modal shows. */
const PAIRS: { pair: string; button: string; modal: string; kinds: DemoKind[] }[] = [
  { pair: 'apiKey', button: 'Regenerate', modal: 'API Key and Secret', kinds: ['apiKey', 'apiKeySecret'] },
  { pair: 'bearerToken', button: 'Regenerate', modal: 'Bearer Token', kinds: ['bearerToken'] },
  {
    pair: 'accessToken',
    button: 'Generate',
    modal: 'Access Token and Secret',
    kinds: ['accessToken', 'accessTokenSecret'],
  },
  {
    pair: 'clientSecret',
    button: 'Regenerate',
    modal: 'OAuth 2.0 Client ID and Client Secret',
    kinds: ['clientId', 'clientSecret'],
  },
];

/** Presses the pair's button on the demo tab, confirms if asked, and returns the values shown once. */
async function regenerate(portal: Page, { pair, button, modal, kinds }: (typeof PAIRS)[number]) {
  await portal.locator(`[data-pair="${pair}"]`).getByRole('button', { name: button, exact: true }).click();
  if (button === 'Regenerate') {
    const confirm = portal.getByRole('dialog', { name: /^Are you sure you want to regenerate/ });
    await confirm.getByRole('button', { name: 'Yes, regenerate' }).click();
  }
  const dialog = portal.getByRole('dialog', { name: modal, exact: true });
  await expect(dialog).toBeVisible();
  const values: Partial<Record<Kind, string>> = {};
  for (const kind of kinds) {
    const field = dialog.getByRole('group', { name: KIND_LABELS[kind], exact: true });
    const value = (await field.locator('code').first().textContent()) ?? '';
    expect(matchesFormat(kind, value), `${kind}: ${value}`).toBe(true);
    values[kind] = value;
  }
  return values;
}

async function saveAndClose(portal: Page, values: Partial<Record<Kind, string>>) {
  const panel = portal.getByRole('region', { name: 'OnceKey' });
  for (const [kind, value] of Object.entries(values)) {
    await expect(panel).toContainText(`${KIND_LABELS[kind as Kind]} ${maskPreview(value)}`);
  }
  await saveButton(portal).click();
  await expect(panel.getByRole('status')).toContainText('Saved');
  await portal.getByRole('button', { name: /^Yes, I saved/ }).click();
  await expect(portal.getByRole('dialog')).toHaveCount(0);
}

async function statuses(popup: Page) {
  const reply = await sendFromPage(popup, 'vault.list', {});
  const apps = reply.value as { credentials: { kind: string; version: number; status: string }[] }[];
  return apps.flatMap((a) => a.credentials.map((c) => `${c.kind} v${c.version} ${c.status}`)).sort();
}

test('every Regenerate and Generate on the demo tab shows fresh values once, and OnceKey saves them', async ({
  context,
  openPopup,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const popup = await openPopup();
  await createVault(popup);
  await servePortal(context, new Map([[keysUrl(), keysPage()]]));
  const portal = await context.newPage();
  await portal.goto(keysUrl());

  const shown: Partial<Record<Kind, string>> = {};
  for (const pair of PAIRS) {
    const values = await regenerate(portal, pair);
    await saveAndClose(portal, values);
    Object.assign(shown, values);
  }
  // Generating once turns the button into Regenerate, as on the portal.
  await expect(portal.locator('[data-pair="accessToken"]').getByRole('button')).toHaveText('Regenerate');
  expect(await statuses(popup)).toEqual(DEMO_KINDS.map((kind) => `${kind} v1 active`).sort());

  // Regenerating again: the demo's confirmation is one OnceKey recognises, so the old pair is
  // superseded, and the new values differ from the old.
  const again = await regenerate(portal, PAIRS[0] as (typeof PAIRS)[number]);
  expect(again.apiKey).not.toBe(shown.apiKey);
  expect(again.apiKeySecret).not.toBe(shown.apiKeySecret);
  await expect
    .poll(async () => (await statuses(popup)).filter((s) => s.startsWith('apiKey')))
    .toEqual(['apiKey v1 superseded', 'apiKeySecret v1 superseded']);
  await saveAndClose(portal, again);
  Object.assign(shown, again);

  await popup.reload();
  const app = popup.getByRole('region', { name: DEMO_APP.appName });
  await expect(app).toContainText(`@${DEMO_APP.handle}`);
  await expect(app).toContainText(DEMO_APP.permission);
  for (const [kind, value] of Object.entries(shown)) {
    const label = KIND_LABELS[kind as Kind];
    await app.getByRole('button', { name: `Copy ${label}`, exact: true }).click();
    await expect(popup.getByRole('status')).toContainText(`Copied ${label}.`);
    expect(await popup.evaluate(() => navigator.clipboard.readText()), label).toBe(value);
  }
});
