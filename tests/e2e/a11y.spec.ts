// An accessibility audit (axe-core) of every popup screen, in the light and the dark theme, and of the
// capture panel on a served portal page: no violation of WCAG 2.1 A or AA.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, lock, saveCapture, startVault, test, unlock } from './fixtures';
import { fixture, fixtureHtml, saveButton, servePortal } from './portal';

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** What AxeBuilder evaluates instead of axe-core's source in a document that has it. */
const AXE_IN_PAGE = '/* axe-core is in this document already */';

/** Each violation as "rule: what is wrong (first element)", so a failure says what to fix. */
async function violations(page: Page, include?: string): Promise<string[]> {
  // Only violations are read: axe then details no passing or inapplicable check. (options()
  // replaces every option, so it comes before withTags.) Legacy mode runs axe in the page
  // itself; the default opens a new page (and renderer) to merge each run's results, and
  // that cost the popup's audit 33.5 s against 17.8 alone here. Neither page has a frame, the
  // one thing the default handles and legacy mode may not.
  //
  // AxeBuilder evaluates axe-core's 650 KB in the page twice an audit, already there or not:
  // once a document is enough (14 evaluations in the popup's audit instead of 28; 2.2 s less
  // of its 14.7 alone here).
  const present = await page.evaluate(() => typeof (window as { axe?: unknown }).axe === 'object');
  const builder = new AxeBuilder(present ? { page, axeSource: AXE_IN_PAGE } : { page })
    .setLegacyMode(true)
    .options({ resultTypes: ['violations'] })
    .withTags(WCAG_21_AA);
  if (include) builder.include(include);
  const { violations } = await builder.analyze();
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}×, e.g. ${v.nodes[0]?.target.flat().join(' ')})`);
}

/** The popup's screens, each reached as a user reaches it from the one before. */
const SCREENS: [name: string, reach: (popup: Page) => Promise<void>][] = [
  ['first run', async () => {}],
  [
    'locked',
    async (popup) => {
      await startVault(popup);
      await lock(popup);
    },
  ],
  [
    'unlocked list',
    async (popup) => {
      await unlock(popup);
      await saveCapture(popup, '28000041', 'audited-app', [
        { kind: 'apiKey', value: 'Au4Wm2Pz9Rt4Vb8Nc3Jd6Hf1Q' },
        { kind: 'apiKeySecret', value: 'Au2Wr4Et6Yu8Io0Pa1Sd3Fg5Hj7Kl9Zx2Cv4Bn6Mq8We0Rt1Yu' },
      ]);
      await popup.reload();
      await expect(popup.getByRole('region', { name: 'audited-app' })).toBeVisible();
    },
  ],
  ['history', async (popup) => popup.getByRole('button', { name: 'History for audited-app' }).click()],
  ['export', async (popup) => popup.getByRole('button', { name: 'Export audited-app' }).click()],
  ['add', async (popup) => popup.getByRole('button', { name: 'Add', exact: true }).click()],
  ['settings', async (popup) => popup.getByRole('button', { name: 'Settings' }).click()],
];

const THEMES = ['light', 'dark'] as const;

/**
 * Each theme's violations on this page as it is now: the theme switched in place, then audited
 * once painted.
 */
async function violationsInEachTheme(page: Page, include?: string): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const colorScheme of THEMES) {
    await page.emulateMedia({ colorScheme });
    // axe reads colours as painted: wait until the theme's styles apply and the fonts have loaded.
    await page.evaluate(
      (dark) =>
        new Promise<void>((resolve, reject) => {
          if (matchMedia('(prefers-color-scheme: dark)').matches !== dark) reject(new Error('theme not applied'));
          else document.fonts.ready.then(() => requestAnimationFrame(() => resolve()));
        }),
      colorScheme === 'dark',
    );
    found[colorScheme] = await violations(page, include);
  }
  return found;
}

const NONE = Object.fromEntries(THEMES.map((theme) => [theme, []]));

test('every popup screen passes axe at WCAG 2.1 AA in the light and the dark theme', async ({ openPopup }) => {
  // Seven screens, each audited in both themes, with a vault created and unlocked on the way.
  test.setTimeout(150_000);
  const found: Record<string, Record<string, string[]>> = {};
  let popup = await openPopup();
  for (const [name, reach] of SCREENS) {
    // Screens after the list start from the list again.
    if (['history', 'export', 'add', 'settings'].includes(name)) {
      await popup.close();
      popup = await openPopup();
      await expect(popup.getByRole('region', { name: 'audited-app' })).toBeVisible();
    }
    await reach(popup);
    await expect(popup.locator('h1, h2').first()).toBeVisible();
    found[name] = await violationsInEachTheme(popup);
  }
  expect(found).toEqual(Object.fromEntries(SCREENS.map(([name]) => [name, NONE])));
});

test('the capture panel on the portal passes axe at WCAG 2.1 AA in the light and the dark theme', async ({
  context,
  openPopup,
}) => {
  await startVault(await openPopup());
  const page = fixture('x-modal-api-key.html');
  await servePortal(context, new Map([[page.url, fixtureHtml(page.file)]]));
  const portal = await context.newPage();
  await portal.goto(page.url);
  await expect(saveButton(portal)).toBeVisible();
  // Only OnceKey's own panel is audited: the shadow host that holds the save button, found by its name.
  const host = await saveButton(portal).evaluate((button) => {
    const root = button.getRootNode();
    return root instanceof ShadowRoot ? root.host.localName : '';
  });
  expect(host).not.toBe('');
  expect(await violationsInEachTheme(portal, host)).toEqual(NONE);
  await saveButton(portal).click();
  await expect(portal.getByRole('status')).toContainText('Saved');
  expect(await violationsInEachTheme(portal, host)).toEqual(NONE);
});
