// `npm run demo`: OnceKey in Chromium on a local copy of the portal's Keys and tokens page
// (tests/tools/demo-portal.mjs), served at the portal's real URL so the extension's real
// match patterns apply. With a display the browser opens for you to try; with
// `--screenshots DIR` (headed or headless) the whole story is walked, checked step by step,
// and each step saved as a numbered PNG.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { expect } from '@playwright/test';
import dotenv from 'dotenv';
import { EXTENSION_DIR, extensionId, launchWithExtension } from './chromium.mjs';
import { DEMO_APP, keysPage, keysUrl, otherPage } from './demo-portal.mjs';

export const DEMO_PASSPHRASE = 'demo passphrase for OnceKey 2026';

const PORTAL_VIEWPORT = { width: 1280, height: 800 };
const POPUP_VIEWPORT = { width: 360, height: 520 };
const ASSERT = expect.configure({ timeout: 10_000 });

const USAGE = `Usage: npm run demo [-- --screenshots DIR] [--headless]

  (no options)       open Chromium with OnceKey on a local copy of the portal's Keys and
                     tokens page; needs a display; close the browser to end
  --screenshots DIR  walk the demo, check each step, save a PNG of each step in DIR
                     (headless when there is no display)
  --headless         with --screenshots: no window even when a display is available`;

const NO_DISPLAY =
  'No display found: run `npm run demo -- --screenshots DIR` to walk the demo headless and save a screenshot of each step.';

export function hasDisplay() {
  return !!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) || ['darwin', 'win32'].includes(process.platform);
}

/** Chromium with OnceKey, a fresh profile, clipboard access, and the portal's host served locally. */
async function startDemo({ headless, viewport }) {
  const profile = await mkdtemp(join(tmpdir(), 'oncekey-demo-'));
  // Ctrl-C is ours to handle, so that the profile folder goes with the browser.
  const context = await launchWithExtension(profile, { headless, viewport, handleSIGINT: false }).catch(
    async (error) => {
      await rm(profile, { recursive: true, force: true });
      throw error;
    },
  );
  const id = await extensionId(context);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = keysPage(DEMO_APP);
  const home = keysUrl(DEMO_APP);
  await context.route('https://developer.x.com/**', (route) => {
    const url = route.request().url().split('#')[0] ?? '';
    const found = url === home;
    return route.fulfill({
      status: found ? 200 : 404,
      contentType: 'text/html; charset=utf-8',
      body: found ? page : otherPage(url, DEMO_APP),
    });
  });
  return {
    context,
    popupUrl: `chrome-extension://${id}/popup.html`,
    close: async () => {
      await context.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** What the capture panel shows of a value: the first and last four characters. */
const preview = (value) => `${value.slice(0, 4)}…${value.slice(-4)}`;

const saveButton = (page) => page.getByRole('button', { name: /^Save to OnceKey/ });
const panel = (page) => page.getByRole('region', { name: 'OnceKey' });

/**
 * The story, in order; each step leaves the browser where the next one starts. `shot()`
 * writes the step's PNG of its `page` (the popup's tab or the portal's); every step checks
 * its outcome with web-first assertions.
 */
const STEPS = [
  {
    name: 'create vault',
    page: 'popup',
    file: '01-create-vault.png',
    async run(s) {
      s.popup = s.context.pages()[0] ?? (await s.context.newPage());
      await s.popup.setViewportSize(POPUP_VIEWPORT);
      await s.popup.goto(s.popupUrl);
      await s.popup.getByLabel('Passphrase', { exact: true }).fill(DEMO_PASSPHRASE);
      await s.popup.getByLabel('Confirm passphrase').fill(DEMO_PASSPHRASE);
      const create = s.popup.getByRole('button', { name: 'Create vault' });
      await ASSERT(create).toBeEnabled();
      await s.shot();
      await create.click();
      await ASSERT(s.popup.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
    },
  },
  {
    name: 'keys tab',
    page: 'portal',
    file: '02-keys-tab.png',
    async run(s) {
      s.portal = await s.context.newPage();
      await s.portal.setViewportSize(PORTAL_VIEWPORT);
      await s.portal.goto(keysUrl(DEMO_APP));
      await ASSERT(s.portal.getByRole('tab', { name: 'Keys and tokens', selected: true })).toBeVisible();
      for (const title of ['Consumer Keys', 'Authentication Tokens', 'OAuth 2.0 Client ID and Client Secret']) {
        await ASSERT(s.portal.getByRole('region', { name: title })).toBeVisible();
      }
      // The Client ID is the one value the tab always shows, so OnceKey offers it already.
      await ASSERT(saveButton(s.portal)).toHaveText('Save to OnceKey (1 credential)');
      await ASSERT(panel(s.portal)).toContainText(`Client ID ${preview(DEMO_APP.clientId)}`);
      // The whole tab, down to the panel under the Client ID.
      await s.shot({ fullPage: true });
    },
  },
  {
    name: 'regenerate confirm',
    page: 'portal',
    file: '03-regenerate-confirm.png',
    async run(s) {
      await s.portal.getByRole('region', { name: 'Consumer Keys' }).getByRole('button', { name: 'Regenerate' }).click();
      const confirm = s.portal.getByRole('dialog', { name: /^Are you sure/ });
      await ASSERT(confirm).toContainText('API Key and Secret');
      await ASSERT(confirm.getByRole('button', { name: 'Yes, regenerate' })).toBeVisible();
      await s.shot();
    },
  },
  {
    name: 'displayed once with panel',
    page: 'portal',
    file: '04-displayed-once-with-panel.png',
    async run(s) {
      await s.portal.getByRole('button', { name: 'Yes, regenerate' }).click();
      const modal = s.portal.getByRole('dialog', { name: 'API Key and Secret' });
      await ASSERT(modal).toBeVisible();
      const shownValue = (label) =>
        modal.getByRole('group', { name: label, exact: true }).locator('code').first().textContent();
      s.values = { apiKey: await shownValue('API Key'), apiKeySecret: await shownValue('API Key Secret') };
      ASSERT(s.values.apiKey).toMatch(/^[A-Za-z0-9]{25}$/);
      ASSERT(s.values.apiKeySecret).toMatch(/^[A-Za-z0-9]{50}$/);
      // Only what the dialog shows once: the Client ID behind it is offered when it closes.
      await ASSERT(saveButton(s.portal)).toHaveText('Save to OnceKey (2 credentials)');
      for (const [label, value] of [
        ['API Key', s.values.apiKey],
        ['API Key Secret', s.values.apiKeySecret],
      ]) {
        await ASSERT(panel(s.portal)).toContainText(`${label} ${preview(value)}`);
        await ASSERT(panel(s.portal)).not.toContainText(value);
      }
      await s.shot();
    },
  },
  {
    name: 'saved',
    page: 'portal',
    file: '05-saved.png',
    async run(s) {
      await saveButton(s.portal).click();
      await ASSERT(panel(s.portal).getByRole('status')).toContainText('Saved');
      await s.shot();
      // The user closes the modal; the tab is back to hints.
      await s.portal.getByRole('button', { name: 'Yes, I saved them' }).click();
      await ASSERT(s.portal.getByRole('dialog')).toHaveCount(0);
      await ASSERT(s.portal.getByRole('region', { name: 'Consumer Keys' })).toContainText(
        `API Key hint: ${s.values.apiKey.slice(0, 4)}`,
      );
    },
  },
  {
    name: 'popup list',
    page: 'popup',
    file: '06-popup-list.png',
    async run(s) {
      await s.popup.bringToFront();
      await s.popup.reload();
      const app = s.popup.getByRole('region', { name: DEMO_APP.appName });
      await ASSERT(app).toContainText(DEMO_APP.projectName);
      for (const label of ['API Key', 'API Key Secret']) {
        await ASSERT(app.getByRole('button', { name: `Copy ${label}`, exact: true })).toBeVisible();
      }
      await s.shot();
    },
  },
  {
    name: 'locked',
    page: 'popup',
    file: '07-locked.png',
    async run(s) {
      await s.popup.getByRole('button', { name: 'Lock', exact: true }).click();
      await ASSERT(s.popup.getByRole('button', { name: 'Unlock' })).toBeVisible();
      await ASSERT(s.popup.getByRole('region', { name: DEMO_APP.appName })).toHaveCount(0);
      await s.shot();
    },
  },
  {
    name: 'unlocked',
    page: 'popup',
    file: '08-unlocked.png',
    async run(s) {
      await s.popup.getByLabel('Passphrase', { exact: true }).fill(DEMO_PASSPHRASE);
      await s.popup.getByRole('button', { name: 'Unlock' }).click();
      await ASSERT(s.popup.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
      await ASSERT(s.popup.getByRole('region', { name: DEMO_APP.appName })).toBeVisible();
      await s.shot();
    },
  },
  {
    name: 'copied',
    page: 'popup',
    file: '09-copied.png',
    async run(s) {
      await s.popup
        .getByRole('region', { name: DEMO_APP.appName })
        .getByRole('button', { name: 'Copy API Key Secret', exact: true })
        .click();
      await ASSERT(s.popup.getByRole('status')).toContainText('Copied API Key Secret');
      ASSERT(await s.popup.evaluate(() => navigator.clipboard.readText())).toBe(s.values.apiKeySecret);
      await s.shot();
    },
  },
  {
    name: 'export',
    page: 'popup',
    file: '10-export.png',
    async run(s) {
      const app = s.popup.getByRole('region', { name: DEMO_APP.appName });
      await app.getByRole('button', { name: `Export ${DEMO_APP.appName}` }).click();
      await s.popup.getByRole('button', { name: 'Copy .env' }).click();
      await ASSERT(s.popup.getByRole('status')).toContainText('Copied .env');
      // What dotenv reads from the clipboard is exactly what the portal showed once.
      const env = dotenv.parse(await s.popup.evaluate(() => navigator.clipboard.readText()));
      ASSERT(env).toMatchObject({ X_API_KEY: s.values.apiKey, X_API_SECRET: s.values.apiKeySecret });
      await s.shot();
    },
  },
];

/**
 * Walks the demo story in a fresh profile, writing one PNG per step into `dir`. Stops at the
 * first step that fails (the later ones build on it) and saves what its page showed then as
 * `NN-name-failed.png`. `onStep` hears each step as it ends.
 */
export async function walkDemo({ dir, headless = !hasDisplay(), onStep = () => {} }) {
  const out = resolve(dir);
  await mkdir(out, { recursive: true });
  // Only this run's pictures: an earlier run's, failed ones included, would mislead.
  await Promise.all(
    STEPS.flatMap((step) => [step.file, step.file.replace(/\.png$/, '-failed.png')]).map((file) =>
      rm(join(out, file), { force: true }),
    ),
  );
  const demo = await startDemo({ headless, viewport: PORTAL_VIEWPORT });
  const steps = [];
  const state = { context: demo.context, popupUrl: demo.popupUrl };
  try {
    for (const step of STEPS) {
      const file = join(out, step.file);
      const page = () => state[step.page];
      state.shot = async ({ fullPage = false } = {}) => {
        await page().bringToFront();
        await page().screenshot({ path: file, fullPage });
      };
      const result = { name: step.name, file, ok: false };
      try {
        await step.run(state);
        result.ok = true;
      } catch (error) {
        result.error = error instanceof Error ? error.message : String(error);
        await page()
          ?.screenshot({ path: file.replace(/\.png$/, '-failed.png') })
          .catch(() => {});
      }
      steps.push(result);
      onStep(result, steps.length);
      if (!result.ok) break;
    }
  } finally {
    await demo.close();
  }
  return { steps };
}

/** Builds the extension when there is no build yet. */
function ensureBuild() {
  if (existsSync(`${EXTENSION_DIR}/manifest.json`)) return;
  console.log('No build at .output/chrome-mv3: running `npx wxt build`…');
  const built = spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (built.status !== 0) {
    console.error('The build failed; fix it and run the demo again.');
    process.exit(1);
  }
}

/** Headed: the portal page and OnceKey's popup in tabs, until the user closes the browser. */
async function openDemo() {
  const demo = await startDemo({ headless: false, viewport: null });
  const popup = demo.context.pages()[0] ?? (await demo.context.newPage());
  await popup.goto(demo.popupUrl);
  const portal = await demo.context.newPage();
  await portal.goto(keysUrl(DEMO_APP));
  console.log(`OnceKey demo: ${keysUrl(DEMO_APP)} (a local copy; every value is made up).
  1. In the OnceKey tab, create a vault (try the passphrase "${DEMO_PASSPHRASE}").
  2. On the portal tab, press Regenerate (or Generate) and confirm: the portal shows new values once.
  3. Press "Save to OnceKey" beside them, then find them in the OnceKey tab.
Close the browser to end the demo.`);
  const closed = new Promise((done) => demo.context.on('close', done));
  process.once('SIGINT', () => void demo.close());
  await closed;
  await demo.close();
  console.log('Demo closed.');
}

async function main(argv) {
  let options;
  try {
    options = parseArgs({
      args: argv,
      options: {
        screenshots: { type: 'string' },
        headless: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  if (options.screenshots === '') {
    console.error(`--screenshots needs a folder.\n\n${USAGE}`);
    return 2;
  }
  if (options.headless && options.screenshots === undefined) {
    console.error(`--headless only goes with --screenshots DIR.\n\n${USAGE}`);
    return 2;
  }
  if (options.screenshots === undefined && !hasDisplay()) {
    console.error(NO_DISPLAY);
    return 1;
  }

  ensureBuild();
  if (options.screenshots === undefined) {
    await openDemo();
    return 0;
  }
  const headless = options.headless || !hasDisplay();
  const { steps } = await walkDemo({
    dir: options.screenshots,
    headless,
    onStep: (step, n) => {
      const number = String(n).padStart(2, '0');
      const outcome = step.ok ? 'ok' : `FAILED\n${step.error}`;
      (step.ok ? console.log : console.error)(`${number} ${step.name}: ${outcome}`);
    },
  });
  const failed = steps.some((step) => !step.ok);
  if (!failed) console.log(`Screenshots in ${resolve(options.screenshots)}`);
  return failed ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  process.exitCode = await main(process.argv.slice(2));
}
