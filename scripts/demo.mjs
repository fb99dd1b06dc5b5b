// @ts-check
// `npm run demo`: OnceKey in Chromium on a local copy of the portal's Keys and tokens page
// (tests/fixtures/demo-portal/). With a display the browser opens for you to try; with
// `--screenshots DIR` (headed or headless) the demo's end-to-end test walks the whole story,
// checks it step by step, and saves each step as a numbered PNG in DIR.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_APP, keysUrl } from '../tests/fixtures/demo-portal/app.js';
import { DEMO_PASSPHRASE } from '../tests/fixtures/passphrases.js';
import { EXTENSION_DIR } from './chromium.mjs';
import { startDemo } from './demo-portal.mjs';

/** The test that walks the demo, and what it reads from the environment (tests/e2e/demo.spec.ts). */
const WALK = {
  spec: 'tests/e2e/demo.spec.ts',
  title: 'the demo walk',
  shotsVar: 'DEMO_SCREENSHOTS',
  headedVar: 'DEMO_HEADED',
};

const USAGE = `Usage: npm run demo [-- --screenshots DIR] [--headless]

  (no options)       open Chromium with OnceKey on a local copy of the portal's Keys and
                     tokens page; needs a display; close the browser to end
  --screenshots DIR  walk the demo, check each step, save a PNG of each step in DIR
                     (headless when there is no display)
  --headless         with --screenshots: no window even when a display is available`;

const NO_DISPLAY =
  'No display found: run `npm run demo -- --screenshots DIR` to walk the demo headless and save a screenshot of each step.';

function hasDisplay() {
  return !!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) || ['darwin', 'win32'].includes(process.platform);
}

/** Runs `npx` with `args`, its output on ours; its exit status. @param {string[]} args @param {NodeJS.ProcessEnv} [env] */
const npx = (args, env = process.env) =>
  spawnSync('npx', args, { stdio: 'inherit', env, shell: process.platform === 'win32' }).status ?? 1;

/** Builds the extension when there is no build yet. */
function ensureBuild() {
  if (existsSync(`${EXTENSION_DIR}/manifest.json`)) return;
  console.log('No build at .output/chrome-mv3: running `npx wxt build`…');
  if (npx(['wxt', 'build']) !== 0) {
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

/**
 * The demo's walk (a Playwright test) with a PNG of each step saved in `dir`.
 * @param {string} dir
 * @param {boolean} headless
 */
function walkDemo(dir, headless) {
  const env = {
    ...process.env,
    [WALK.shotsVar]: dir,
    [WALK.headedVar]: headless ? '' : '1',
    // Each step as it ends, as the demo printed before it was a test.
    PLAYWRIGHT_LIST_PRINT_STEPS: '1',
  };
  const status = npx(['playwright', 'test', WALK.spec, '--grep', WALK.title, '--reporter', 'list'], env);
  if (status === 0) console.log(`Screenshots in ${dir}`);
  return status;
}

/** @param {string[]} argv */
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
  return walkDemo(resolve(options.screenshots), options.headless || !hasDisplay());
}

process.exitCode = await main(process.argv.slice(2));
