import type { Page } from '@playwright/test';
import { createVault, expect, lock, sendFromPage, startVault, test, unlock } from './fixtures';
import {
  appTitle,
  capturedApp,
  captureGroups,
  fixture,
  fixtureHtml,
  label,
  pressSave,
  saveButton,
  servePortal,
} from './portal';

async function copyBack(popup: Page, app: string, kind: string): Promise<string> {
  // Emptied first, so that what is read can only come from this copy (the popup stays open
  // from one capture to the next).
  await popup.evaluate(() => navigator.clipboard.writeText(''));
  await popup
    .getByRole('region', { name: app, exact: true })
    .getByRole('button', { name: `Copy ${label(kind)}`, exact: true })
    .click();
  await expect(popup.getByRole('status')).toContainText(`Copied ${label(kind)}.`);
  return popup.evaluate(() => navigator.clipboard.readText());
}

async function vaultList(popup: Page) {
  const reply = await sendFromPage(popup, 'vault.list', {});
  return reply.value as {
    credentials: { kind: string; version: number; status: string }[];
    regenerations?: { startedAt: number; kinds: string[] }[];
  }[];
}

async function activeCredentials(popup: Page) {
  return (await vaultList(popup)).flatMap((a) => a.credentials);
}

test.beforeEach(async ({ context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
});

// Every capture fixture, in a few groups (each needs a vault and a popup, not each page): a
// group's pages open one after another in one tab, each saved into the group's vault, where
// no other page of the group names its App (captureGroups).
const GROUPS = captureGroups(4);
for (const [index, pages] of GROUPS.entries()) {
  test(`saves what each page shows (group ${index + 1} of ${GROUPS.length}), and each value copies back exactly`, async ({
    context,
    openPopup,
  }) => {
    // Each page had a test, and its time, of its own.
    test.setTimeout(30_000 + 10_000 * pages.length);
    expect(pages.length).toBeGreaterThan(0);
    const popup = await openPopup();
    await startVault(popup);
    await servePortal(context, new Map(pages.map((page) => [page.url, fixtureHtml(page.file)])));
    const portal = await context.newPage();
    for (const page of pages) {
      await test.step(page.file, async () => {
        // Each page is clicked in while it is the tab in front, as a user does: Chromium takes
        // ~0.8 s for each click in a tab behind (headless, here), most of this test's time.
        await portal.bringToFront();
        await portal.goto(page.url);
        const n = page.expected.credentials.length;
        await expect(saveButton(portal)).toHaveText(`Save to OnceKey (${n} credential${n === 1 ? '' : 's'})`);
        // The panel shows masked previews only, never a whole value.
        for (const c of page.expected.credentials) {
          await expect(portal.getByRole('region', { name: 'OnceKey' })).not.toContainText(c.value);
        }
        // A page that names no App: the panel asks for its name (prefilled with what the page shows).
        if (!page.expected.appId) {
          const field = portal.getByRole('region', { name: 'OnceKey' }).getByLabel('App name');
          await expect(field).toHaveValue(page.expected.appName ?? '');
          if (!page.expected.appName) await field.fill('typed-in-panel');
        }
        await pressSave(portal);
        await expect(portal.getByRole('status')).toContainText('Saved to OnceKey');

        // The popup left open since startVault hears of the capture and lists it, without
        // being opened again (the locked and regeneration tests below reopen it).
        const app = appTitle(capturedApp(page));
        await popup.bringToFront();
        await expect(popup.getByRole('region', { name: app, exact: true })).toBeVisible();
        for (const c of page.expected.credentials) {
          expect(await copyBack(popup, app, c.kind)).toBe(c.value);
        }
      });
    }
  });
}

test('saving while the vault is locked works, and the values are there after unlocking', async ({
  context,
  openPopup,
}) => {
  const page = fixture('x-modal-access-token.html');
  const popup = await openPopup();
  await startVault(popup);
  await lock(popup);
  await servePortal(context, new Map([[page.url, fixtureHtml(page.file)]]));

  const portal = await context.newPage();
  await portal.goto(page.url);
  await saveButton(portal).click();
  await expect(portal.getByRole('status')).toHaveText('Saved, unlock OnceKey to use them.');

  await popup.reload();
  await unlock(popup);
  for (const c of page.expected.credentials) {
    expect(await copyBack(popup, appTitle(page.expected), c.kind)).toBe(c.value);
  }
  await expect(popup.getByRole('region', { name: appTitle(page.expected) })).toContainText('@trendwatcher');
});

test('before any vault exists, a capture waits in memory and goes into the vault the user creates', async ({
  context,
}) => {
  const page = fixture('x-modal-api-key.html');
  await servePortal(context, new Map([[page.url, fixtureHtml(page.file)]]));
  const portal = await context.newPage();
  await portal.goto(page.url);

  const setupOpens = context.waitForEvent('page');
  await saveButton(portal).click();
  await expect(portal.getByRole('status')).toContainText('Saved for now');
  const setup = await setupOpens;
  await createVault(setup);
  for (const c of page.expected.credentials) {
    expect(await copyBack(setup, appTitle(page.expected), c.kind)).toBe(c.value);
  }
});

test('a regeneration confirmed on the portal supersedes the old values once the new ones show, and they become version 2', async ({
  context,
  openPopup,
}) => {
  const page = fixture('x-modal-api-key.html');
  const [oldKey, oldSecret] = page.expected.credentials.map((c) => c.value);
  const newKey = 'Nw4Kq9Zr2Lm7Tx1Bv6Cp3Hd8J';
  const newSecret = 'Qz8Xw2Ec4Rv6Tb8Yn0Um2Il4Ok6Pj8Hg0Fd2Sa4Zx6Cv8Bn0Mq';
  const popup = await openPopup();
  await startVault(popup);
  const html = fixtureHtml(page.file);
  const pages = new Map([[page.url, html]]);
  await servePortal(context, pages);

  const portal = await context.newPage();
  await portal.goto(page.url);
  await saveButton(portal).click();
  await expect(portal.getByRole('status')).toContainText('Saved to OnceKey');

  // The portal asks "Are you sure?" and the user confirms.
  await portal.evaluate(() => {
    document.querySelector('[role="dialog"]')?.remove();
    const dialog = document.createElement('div');
    dialog.setAttribute('role', 'dialog');
    dialog.innerHTML =
      '<h2>Regenerate API Key and Secret?</h2><p>Your old keys will stop working.</p><button>Yes, regenerate</button>';
    document.body.append(dialog);
  });
  await portal.getByRole('button', { name: 'Yes, regenerate' }).click();
  // Recorded as pending: the saved values stay current until the new ones appear.
  await expect.poll(async () => (await vaultList(popup))[0]?.regenerations?.length).toBe(1);
  expect((await activeCredentials(popup)).map((c) => `${c.kind}:${c.status}`).sort()).toEqual([
    'apiKey:active',
    'apiKeySecret:active',
  ]);

  // The portal then shows the new values once: the old ones are superseded, saved or not.
  pages.set(page.url, html.replace(oldKey as string, newKey).replace(oldSecret as string, newSecret));
  await portal.goto(page.url);
  await expect
    .poll(async () => (await activeCredentials(popup)).map((c) => `${c.kind}:${c.status}`).sort())
    .toEqual(['apiKey:superseded', 'apiKeySecret:superseded']);
  await saveButton(portal).click();
  await expect(portal.getByRole('status')).toContainText('Saved to OnceKey');

  await popup.reload();
  expect(await copyBack(popup, appTitle(page.expected), 'apiKey')).toBe(newKey);
  expect(await copyBack(popup, appTitle(page.expected), 'apiKeySecret')).toBe(newSecret);
  expect((await activeCredentials(popup)).map((c) => `${c.kind} v${c.version} ${c.status}`).sort()).toEqual([
    'apiKey v1 superseded',
    'apiKey v2 active',
    'apiKeySecret v1 superseded',
    'apiKeySecret v2 active',
  ]);
});

test('saving the same values twice keeps one copy', async ({ context, openPopup }) => {
  const page = fixture('x-modal-bearer.html');
  const popup = await openPopup();
  await startVault(popup);
  await servePortal(context, new Map([[page.url, fixtureHtml(page.file)]]));
  const portal = await context.newPage();
  for (let i = 0; i < 2; i++) {
    await portal.goto(page.url);
    await saveButton(portal).click();
    await expect(portal.getByRole('status')).toContainText('Saved to OnceKey');
  }
  expect(await activeCredentials(popup)).toHaveLength(1);
});

test('a click the page script makes on the panel saves nothing; the user’s own click does', async ({
  context,
  openPopup,
}) => {
  const page = fixture('x-modal-client-secret.html');
  const popup = await openPopup();
  await startVault(popup);
  await servePortal(context, new Map([[page.url, fixtureHtml(page.file)]]));
  const portal = await context.newPage();
  await portal.goto(page.url);
  await expect(saveButton(portal)).toBeEnabled();

  const clicked = await portal.evaluate(() => {
    const host = document.querySelector('[data-oncekey="panel"]');
    const button = host?.shadowRoot?.querySelector('button');
    button?.click();
    button?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    return !!button;
  });
  expect(clicked).toBe(true);
  await expect(saveButton(portal)).toBeEnabled();
  expect(await activeCredentials(popup)).toEqual([]);

  await saveButton(portal).click();
  await expect(portal.getByRole('status')).toContainText('Saved to OnceKey');
  expect(await activeCredentials(popup)).toHaveLength(2);
});

test('following the portal without page loads: the panel comes with the keys and goes with them', async ({
  context,
  openPopup,
}) => {
  const settings = {
    url: 'https://developer.x.com/en/portal/projects/1700000000000000001/apps/30999888/settings',
    file: 'spa-1-settings.html',
  };
  const keys = fixture('spa-2-keys.html');
  const popup = await openPopup();
  await startVault(popup);
  await servePortal(context, new Map([[settings.url, fixtureHtml(settings.file)]]));
  const portal = await context.newPage();
  await portal.goto(settings.url);

  const bodyOf = (html: string) => /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? '';
  const navigate = (url: string, body: string) =>
    portal.evaluate(
      ([url, body]) => {
        history.pushState({}, '', url);
        document.body.innerHTML = body;
      },
      [url, body] as const,
    );

  await navigate(keys.url, bodyOf(fixtureHtml(keys.file)));
  const n = keys.expected.credentials.length;
  await expect(saveButton(portal)).toHaveText(`Save to OnceKey (${n} credential${n === 1 ? '' : 's'})`);

  await navigate(settings.url, bodyOf(fixtureHtml(settings.file)));
  await expect(portal.getByRole('region', { name: 'OnceKey' })).toHaveCount(0);
});

test('values shown masked are never offered; the modal that follows is', async ({ context, openPopup }) => {
  const masked = PAGE_MASKED;
  const popup = await openPopup();
  await startVault(popup);
  await servePortal(context, new Map([[masked.url, fixtureHtml(masked.file)]]));
  const portal = await context.newPage();
  await portal.goto(masked.url);
  await portal.evaluate((modal) => document.body.insertAdjacentHTML('beforeend', modal), MODAL);
  // Only the modal's two values: none of the masked page's.
  await expect(saveButton(portal)).toHaveText('Save to OnceKey (2 credentials)');
});

const PAGE_MASKED = {
  file: 'x-keys-tab-all-masked.html',
  url: 'https://developer.x.com/en/portal/projects/1468091287391821824/apps/28000001/keys',
};
const MODAL = `<div role="dialog" aria-modal="true"><h2>API Key and Secret</h2>
  <p>API Key</p><p style="font-family:monospace">Gh5Jk8Lm2Np4Qr6St8Uv0Wx2Y</p>
  <p>API Key Secret</p><p style="font-family:monospace">Ab1Cd3Ef5Gh7Ij9Kl1Mn3Op5Qr7St9Uv1Wx3Yz5Ab7Cd9Ef1Gh</p>
  <button>Yes, I saved them</button></div>`;
