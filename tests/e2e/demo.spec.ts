import { mkdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import dotenv from 'dotenv';
import { serveDemoPortal, startDemo } from '../../scripts/demo-portal.mjs';
import { KIND_LABELS, type Kind, matchesFormat } from '../../utils/kinds';
import { maskPreview } from '../../utils/portal/detect';
import { DEMO_APP, keysUrl } from '../fixtures/demo-portal/app.js';
import { DEMO_KINDS, fakeCredential } from '../fixtures/demo-portal/credentials.js';
import { DEMO_PAIRS, type DemoPair, demoPair } from '../fixtures/demo-portal/pairs.js';
import { DEMO_PASSPHRASE } from '../fixtures/passphrases.js';
import { createVault, expect, sendFromPage, test } from './fixtures';
import { saveButton } from './portal';

// ---------------------------------------------------------------------------------------
// The demo walk: the story `npm run demo` tells, step by step, each step checked and
// pictured. `npm run demo -- --screenshots DIR` runs this test with DEMO_SCREENSHOTS=DIR
// (and DEMO_HEADED=1 to show the window); otherwise the pictures go to the test's output.

/** The steps in order; each one's picture is `NN-name.png`. */
const WALK_STEPS = [
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
] as const;
type WalkStep = (typeof WALK_STEPS)[number];
const pictureOf = (step: WalkStep) =>
  `${String(WALK_STEPS.indexOf(step) + 1).padStart(2, '0')}-${step.replaceAll(' ', '-')}.png`;

const PORTAL_VIEWPORT = { width: 1280, height: 800 };
const POPUP_VIEWPORT = { width: 360, height: 520 };
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** What the capture panel shows of a value: the first and last four characters. */
const preview = (value: string) => `${value.slice(0, 4)}…${value.slice(-4)}`;
const panel = (page: Page) => page.getByRole('region', { name: 'OnceKey' });

type Shot = (options?: { fullPage?: boolean }) => Promise<void>;

test('the demo walk: every step of the story works, and each is pictured', async () => {
  test.setTimeout(120_000);
  const shots = process.env.DEMO_SCREENSHOTS;
  const dir = shots ? resolve(shots) : test.info().outputPath('demo');
  await mkdir(dir, { recursive: true });
  // Only this run's pictures: an earlier run's, failed ones included, would mislead.
  const failedPicture = (file: string) => file.replace(/\.png$/, '-failed.png');
  await Promise.all(
    WALK_STEPS.map(pictureOf)
      .flatMap((file) => [file, failedPicture(file)])
      .map((file) => rm(join(dir, file), { force: true })),
  );

  const demo = await startDemo({ headless: !process.env.DEMO_HEADED, viewport: PORTAL_VIEWPORT });
  const walked: WalkStep[] = [];
  let popup: Page | undefined;
  let portal: Page | undefined;
  /**
   * One step: `body` calls `shot()` where the step's picture of its page (the popup's tab or
   * the portal's) is due. A failing step is pictured as `NN-name-failed.png` and ends the walk:
   * the later steps build on it.
   */
  const step = (name: WalkStep, page: () => Page | undefined, body: (shot: Shot) => Promise<void>) =>
    test.step(name, async () => {
      const file = join(dir, pictureOf(name));
      const shot: Shot = async ({ fullPage = false } = {}) => {
        const shown = page();
        if (!shown) throw new Error(`${name}: no page to picture`);
        await shown.bringToFront();
        await shown.screenshot({ path: file, fullPage });
      };
      try {
        await body(shot);
      } catch (error) {
        await page()
          ?.screenshot({ path: failedPicture(file) })
          .catch(() => {});
        throw error;
      }
      walked.push(name);
    });

  try {
    let values = { apiKey: '', apiKeySecret: '' };
    await step(
      'create vault',
      () => popup,
      async (shot) => {
        popup = demo.context.pages()[0] ?? (await demo.context.newPage());
        await popup.setViewportSize(POPUP_VIEWPORT);
        await popup.goto(demo.popupUrl);
        await popup.getByLabel('Passphrase', { exact: true }).fill(DEMO_PASSPHRASE);
        await popup.getByLabel('Confirm passphrase').fill(DEMO_PASSPHRASE);
        const create = popup.getByRole('button', { name: 'Create vault' });
        await expect(create).toBeEnabled();
        await shot();
        await create.click();
        await expect(popup.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
      },
    );
    const onPopup = () => popup as Page;
    const onPortal = () => portal as Page;

    await step('keys tab', onPortal, async (shot) => {
      portal = await demo.context.newPage();
      await portal.setViewportSize(PORTAL_VIEWPORT);
      await portal.goto(keysUrl(DEMO_APP));
      await expect(portal.getByRole('tab', { name: 'Keys and tokens', selected: true })).toBeVisible();
      for (const title of ['Consumer Keys', 'Authentication Tokens', 'OAuth 2.0 Client ID and Client Secret']) {
        await expect(portal.getByRole('region', { name: title })).toBeVisible();
      }
      // The Client ID is the one value the tab always shows, so OnceKey offers it already.
      await expect(saveButton(portal)).toHaveText('Save to OnceKey (1 credential)');
      await expect(panel(portal)).toContainText(`Client ID ${preview(DEMO_APP.clientId)}`);
      // The whole tab, down to the panel under the Client ID.
      await shot({ fullPage: true });
    });

    await step('regenerate confirm', onPortal, async (shot) => {
      await onPortal()
        .getByRole('region', { name: 'Consumer Keys' })
        .getByRole('button', { name: 'Regenerate' })
        .click();
      const confirm = onPortal().getByRole('dialog', { name: /^Are you sure/ });
      await expect(confirm).toContainText('API Key and Secret');
      await expect(confirm.getByRole('button', { name: 'Yes, regenerate' })).toBeVisible();
      await shot();
    });

    await step('displayed once with panel', onPortal, async (shot) => {
      const page = onPortal();
      await page.getByRole('button', { name: 'Yes, regenerate' }).click();
      const modal = page.getByRole('dialog', { name: 'API Key and Secret' });
      await expect(modal).toBeVisible();
      const shownValue = async (label: string) =>
        (await modal.getByRole('group', { name: label, exact: true }).locator('code').first().textContent()) ?? '';
      values = { apiKey: await shownValue('API Key'), apiKeySecret: await shownValue('API Key Secret') };
      expect(values.apiKey).toMatch(/^[A-Za-z0-9]{25}$/);
      expect(values.apiKeySecret).toMatch(/^[A-Za-z0-9]{50}$/);
      // Only what the dialog shows once: the Client ID behind it is offered when it closes.
      await expect(saveButton(page)).toHaveText('Save to OnceKey (2 credentials)');
      for (const [label, value] of [
        ['API Key', values.apiKey],
        ['API Key Secret', values.apiKeySecret],
      ] as const) {
        await expect(panel(page)).toContainText(`${label} ${preview(value)}`);
        await expect(panel(page)).not.toContainText(value);
      }
      // Pictured ready to press: the button is pale for its first half second.
      await expect(saveButton(page)).toBeEnabled();
      await shot();
    });

    await step('saved', onPortal, async (shot) => {
      const page = onPortal();
      await saveButton(page).click();
      await expect(panel(page).getByRole('status')).toContainText('Saved');
      await shot();
      // The user closes the modal; the tab is back to hints.
      await page.getByRole('button', { name: 'Yes, I saved them' }).click();
      await expect(page.getByRole('dialog')).toHaveCount(0);
      await expect(page.getByRole('region', { name: 'Consumer Keys' })).toContainText(
        `API Key hint: ${values.apiKey.slice(0, 4)}`,
      );
    });

    const demoApp = (): Locator => onPopup().getByRole('region', { name: DEMO_APP.appName });

    await step('popup list', onPopup, async (shot) => {
      await onPopup().bringToFront();
      await onPopup().reload();
      await expect(demoApp()).toContainText(DEMO_APP.projectName);
      for (const label of ['API Key', 'API Key Secret']) {
        await expect(demoApp().getByRole('button', { name: `Copy ${label}`, exact: true })).toBeVisible();
      }
      await shot();
    });

    await step('locked', onPopup, async (shot) => {
      await onPopup().getByRole('button', { name: 'Lock', exact: true }).click();
      await expect(onPopup().getByRole('button', { name: 'Unlock' })).toBeVisible();
      await expect(demoApp()).toHaveCount(0);
      await shot();
    });

    await step('unlocked', onPopup, async (shot) => {
      await onPopup().getByLabel('Passphrase', { exact: true }).fill(DEMO_PASSPHRASE);
      await onPopup().getByRole('button', { name: 'Unlock' }).click();
      await expect(onPopup().getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
      await expect(demoApp()).toBeVisible();
      await shot();
    });

    await step('copied', onPopup, async (shot) => {
      await demoApp().getByRole('button', { name: 'Copy API Key Secret', exact: true }).click();
      await expect(onPopup().getByRole('status')).toContainText('Copied API Key Secret');
      expect(await onPopup().evaluate(() => navigator.clipboard.readText())).toBe(values.apiKeySecret);
      await shot();
    });

    await step('export', onPopup, async (shot) => {
      await demoApp()
        .getByRole('button', { name: `Export ${DEMO_APP.appName}` })
        .click();
      await onPopup().getByRole('button', { name: 'Copy .env' }).click();
      await expect(onPopup().getByRole('status')).toContainText('Copied .env');
      // What dotenv reads from the clipboard is exactly what the portal showed once.
      const env = dotenv.parse(await onPopup().evaluate(() => navigator.clipboard.readText()));
      expect(env).toMatchObject({ X_API_KEY: values.apiKey, X_API_SECRET: values.apiKeySecret });
      await shot();
    });
  } finally {
    await demo.close();
  }

  expect(walked).toEqual([...WALK_STEPS]);
  for (const file of WALK_STEPS.map((s) => join(dir, pictureOf(s)))) {
    const png = await readFile(file);
    expect(png.length, file).toBeGreaterThan(PNG_SIGNATURE.length);
    expect(png.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE), `${file} is a PNG`).toBe(true);
  }
});

// ---------------------------------------------------------------------------------------
// The demo portal itself

test('the demo makes values of every kind in formats OnceKey’s detector accepts', () => {
  for (const kind of DEMO_KINDS) {
    const values = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const value = fakeCredential(kind, DEMO_APP);
      expect(matchesFormat(kind, value), `${kind}: ${value}`).toBe(true);
      values.add(value);
    }
    // Fresh each time; only what belongs to the App (the user id) repeats.
    expect(values.size, kind).toBe(200);
  }
  expect(matchesFormat('clientId', DEMO_APP.clientId)).toBe(true);
});

/** Presses the pair's button on the demo tab, confirms if asked, and returns the values shown once. */
async function regenerate(portal: Page, { pair, button, title, fields }: DemoPair) {
  await portal.locator(`[data-pair="${pair}"]`).getByRole('button', { name: button, exact: true }).click();
  if (button === 'Regenerate') {
    const confirm = portal.getByRole('dialog', { name: /^Are you sure you want to regenerate/ });
    await confirm.getByRole('button', { name: 'Yes, regenerate' }).click();
  }
  const dialog = portal.getByRole('dialog', { name: title, exact: true });
  await expect(dialog).toBeVisible();
  const values: Partial<Record<Kind, string>> = {};
  for (const [kind, label] of fields) {
    const field = dialog.getByRole('group', { name: label, exact: true });
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
  await serveDemoPortal(context);
  const portal = await context.newPage();
  await portal.goto(keysUrl());

  const shown: Partial<Record<Kind, string>> = {};
  for (const pair of DEMO_PAIRS) {
    const values = await regenerate(portal, pair);
    await saveAndClose(portal, values);
    Object.assign(shown, values);
  }
  // Generating once turns the button into Regenerate, as on the portal.
  await expect(portal.locator('[data-pair="accessToken"]').getByRole('button')).toHaveText('Regenerate');
  expect(await statuses(popup)).toEqual(DEMO_KINDS.map((kind) => `${kind} v1 active`).sort());

  // Regenerating again: the demo's confirmation is one OnceKey recognises, so the old pair is
  // superseded, and the new values differ from the old.
  const again = await regenerate(portal, demoPair('apiKey'));
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
