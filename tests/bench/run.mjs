// @ts-check
// `npm run bench`: builds OnceKey, then measures it in Chromium and prints a table.
// Figures are for reading, not asserting: nothing here fails on a slow machine.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { chromiumPath, launchBrowser, QUIET_FLAGS } from '../../scripts/chromium.mjs';
import { captureBench } from './capture.mjs';
import { cliBench } from './cli.mjs';
import { contentScriptModules } from './content-size.mjs';
import { floorBench } from './floor.mjs';
import { KEEPASSXC_DIR, keepassxcBench } from './keepassxc.mjs';
import { popupBench } from './popup.mjs';
import { restoreBackgroundBench } from './restore-background.mjs';
import { toolbarPopupBench } from './toolbar-popup.mjs';

const root = resolve(import.meta.dirname, '../..');
const BENCH_ORIGIN = 'https://bench.oncekey.test';

/**
 * A bench module bundled into one script that sets `globalThis.oncekeyBench`.
 * @param {string} entry
 */
async function bundle(entry) {
  const result = /** @type {import('vite').Rollup.RollupOutput[]} */ (
    await build({
      configFile: false,
      logLevel: 'silent',
      resolve: { alias: { '@': root } },
      build: { write: false, minify: true, lib: { entry, formats: ['iife'], name: 'oncekeyBench' } },
    })
  );
  const code = result[0]?.output[0].code;
  if (code === undefined) throw new Error(`bundling ${entry} gave no script`);
  return code;
}

async function sizes() {
  const dir = resolve(root, '.output/chrome-mv3');
  /** @type {{ action: { default_popup: string }, background: { service_worker: string }, content_scripts?: { js?: string[] }[] }} */
  const manifest = JSON.parse(await readFile(`${dir}/manifest.json`, 'utf8'));
  /** @param {string[]} files */
  const gz = async (files) => {
    let total = 0;
    for (const file of files) total += gzipSync(await readFile(`${dir}/${file}`), { level: 9 }).length;
    return total;
  };
  const popupHtml = await readFile(`${dir}/${manifest.action.default_popup}`, 'utf8');
  const popupJs = [...popupHtml.matchAll(/(?:src|href)="\/?([^"]+\.js)"/g)].flatMap((m) => (m[1] ? [m[1]] : []));
  const contentJs = (manifest.content_scripts ?? []).flatMap((c) => c.js ?? []);
  return [
    { what: 'popup JS (gzip)', value: await gz(popupJs), files: popupJs.length, target: '≤ 40 KB' },
    {
      what: 'content script (gzip)',
      value: contentJs.length ? await gz(contentJs) : null,
      files: contentJs.length,
      target: '≤ 10 KB',
    },
    { what: 'background JS (gzip)', value: await gz([manifest.background.service_worker]), files: 1, target: '' },
  ];
}

const browser = await launchBrowser();

/**
 * Runs a bench module's `run()` in a fresh page at a secure origin (WebCrypto needs one), served from memory.
 * `onDisk`: in a profile on disk (the default context is in memory, like incognito).
 * @template T
 * @param {string} entry
 * @param {{ onDisk?: boolean }} [options]
 * @returns {Promise<T>}
 */
async function runInPage(entry, { onDisk = false } = {}) {
  const profile = onDisk ? await mkdtemp(join(tmpdir(), 'oncekey-bench-disk-')) : undefined;
  const context = profile
    ? await chromium.launchPersistentContext(profile, {
        executablePath: chromiumPath(),
        headless: true,
        args: QUIET_FLAGS,
      })
    : undefined;
  const page = context ? await context.newPage() : await browser.newPage();
  await page.route(`${BENCH_ORIGIN}/**`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bench</title>' }),
  );
  await page.goto(`${BENCH_ORIGIN}/`);
  await page.addScriptTag({ content: await bundle(resolve(root, entry)) });
  const result = await page.evaluate(() =>
    /** @type {{ oncekeyBench: { run(): Promise<T> } }} */ (/** @type {unknown} */ (globalThis)).oncekeyBench.run(),
  );
  await page.close();
  await context?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
  return result;
}

/** @typedef {import('./in-browser').Row} Row */

/** @param {number | undefined} n */
const fmt = (n) => (n === undefined || Number.isNaN(n) ? '' : Math.abs(n) < 1 ? n.toFixed(3) : n.toFixed(1));

/**
 * Prints rows as a Markdown table whose first column is headed `title`.
 * @param {string} title
 * @param {Row[]} tableRows
 */
function printRows(title, tableRows) {
  console.log(`\n| ${title} | median | p95 | unit | runs |\n|---|---:|---:|---|---:|`);
  for (const r of tableRows) console.log(`| ${r.what} | ${fmt(r.median)} | ${fmt(r.p95)} | ${r.unit} | ${r.runs} |`);
}

/** The bench vault's backup file and an empty vault's (restore-in-page.ts), for restoring through the extension. */
const backupFiles = () =>
  /** @type {Promise<{ file: string, empty: string }>} */ (runInPage('tests/bench/restore-file-in-page.ts'));

/**
 * Rows in milliseconds, each a measurement's name and its timings, all over `runs` runs.
 * @param {number} runs
 * @param {[what: string, timing: import('./measure.mjs').Stats][]} measured
 * @returns {Row[]}
 */
const msRows = (runs, measured) => measured.map(([what, timing]) => ({ what, ...timing, unit: 'ms', runs }));
/**
 * Issue 14's restore rows through the built extension (restore-background.mjs).
 * @param {Awaited<ReturnType<typeof restoreBackgroundBench>>} r
 * @returns {Row[]}
 */
const restoreBackgroundRows = (r) =>
  msRows(r.runs, [
    [
      'restore of 1,000 through the background, beyond its key derivation (the file chosen and inspected, then backup.restore from the popup, posted to the service worker, less Argon2id alone in that worker: the median of three unlocks just after; target ≤ 150)',
      r.beyond,
    ],
    ['  the same, less the restore’s own Argon2id run (its writes beside it)', r.beyondOwn],
    [
      '  the same, less Argon2id run as the restore’s met it: the first in a new browser (an empty vault’s restore at the same cost)',
      r.beyondFirst,
    ],
    ['  the same restore, whole (message of the file, Argon2id, checks, writes, reply)', r.restore],
    [
      '  its inspection, when the file was chosen, before the passphrase (message of the file, the checks that need none, reply)',
      r.inspect,
    ],
    [
      '  the same, the worker stopped between the choice and Restore (started again, the file read again), beyond its key derivation',
      r.restartedBeyond,
    ],
    ['  that restore, whole', r.restarted],
    [
      '  the same file restored right after the browser launched, not inspected first (as measured before 2026-12-03), beyond its key derivation',
      r.atOnceBeyond,
    ],
    ['  that restore, whole', r.atOnce],
    [
      '  Argon2id alone, in the service worker (the median of three unlocks’: kdf.estimate just after each)',
      r.kdfAlone,
    ],
    ['  Argon2id alone, the first in a new browser (restoring an empty vault’s file)', r.kdfFirst],
    ['  the restore’s own Argon2id run (kdf.estimate just after it): the worker’s first, beside the writes', r.kdf],
    ['  unlock in the service worker (the first of those, vault.unlock from the popup, Argon2id included)', r.unlock],
    ['  opening an offscreen document from the service worker (the least Argon2id there would add)', r.offscreen],
    ['  the file there and a refusal back, by runtime.sendMessage (how backups went before)', r.runtimeMessage],
    ['  the same, posted to the service worker with a port for the reply (how the popup sends them)', r.posted],
  ]);

/**
 * Issue 14's popup rows (popup.mjs); with a run in V8's efficiency mode, its keystroke rows too.
 * @param {Awaited<ReturnType<typeof popupBench>>} popup
 * @param {Awaited<ReturnType<typeof popupBench>>} [inEfficiencyMode]
 */
const popupRows = (popup, inEfficiencyMode) =>
  msRows(
    popup.runs,
    /** @type {[string, import('./measure.mjs').Stats | undefined][]} */ ([
      ['popup: first contentful paint, locked (target ≤ 100)', popup.firstPaint],
      ['popup: Unlock click → list of 1,000 shown (Argon2id included)', popup.unlockToList],
      ['background: vault.list of 1,000 credentials, kept list (copy, message)', popup.listReply],
      ['background: vault.list of 1,000 right after a write (decrypt names and details, message)', popup.listCold],
      [
        'popup: open, unlocked → first screenful of the 1,000 painted (a new document, as each toolbar popup is; target ≤ 100)',
        popup.listFirstScreen,
      ],
      [
        '  the same, reloaded at once over the page that unlocked (as this row opened it until 2026-12-03)',
        popup.afterUnlock,
      ],
      [
        '  the same, opened after Chromium stopped the service worker (as after 30 s without an event)',
        popup.afterStop,
      ],
      [
        '  the same, with a write (an App’s notes) two seconds before the stop, as a capture on the portal is',
        popup.afterWrite,
      ],
      [
        'popup: open, unlocked → list of 1,000 painted (the Apps in view and a screenful either side)',
        popup.listRender,
      ],
      [
        'popup: open, unlocked → all 1,000 in hand and painted (the rest is taken after the first paint)',
        popup.listWhole,
      ],
      [
        'popup: list in hand (the stored list or the reply, first Apps) → list of 1,000 painted (target ≤ 50)',
        popup.listRenderOnly,
      ],
      ['popup: scroll down a screenful → next frame, the Apps there rendered', popup.scroll],
      [
        'popup: search keystroke on 1,000 credentials, the first after opening (V8 out of efficiency mode, as for the toolbar’s popup; target ≤ 8)',
        popup.keystroke,
      ],
      [
        '  the same, V8 in efficiency mode, as Chromium left the extension’s process here at times (compiles on the page’s thread)',
        inEfficiencyMode?.keystroke,
      ],
      ['popup: search keystrokes on 1,000 while typing on (4 a run, 100 ms apart; target ≤ 8)', popup.typing],
      ['  the same, V8 in efficiency mode', inEfficiencyMode?.typing],
    ]).filter(/** @returns {row is [string, import('./measure.mjs').Stats]} */ (row) => row[1] !== undefined),
  );

// `BENCH_ONLY=popup`: the popup's rows alone (V8 out of efficiency mode), to iterate quickly.
if (process.env.BENCH_ONLY === 'popup') {
  printRows('popup', popupRows(await popupBench()));
  await browser.close();
  process.exit(0);
}

// `BENCH_ONLY=restore`: issue 14's restore rows alone, in memory and in a profile on disk.
if (process.env.BENCH_ONLY === 'restore') {
  printRows('restore, in memory', await runInPage('tests/bench/restore-in-page.ts'));
  printRows('restore, profile on disk', await runInPage('tests/bench/restore-in-page.ts', { onDisk: true }));
  printRows('restore, the path a user takes', restoreBackgroundRows(await restoreBackgroundBench(await backupFiles())));
  await browser.close();
  process.exit(0);
}
/** @type {Row[]} */
const rows = await runInPage('tests/bench/in-browser.ts');
/** @type {Row[]} */
const durability = await runInPage('tests/bench/durability-in-page.ts', { onDisk: true });
rows.push(...durability);
// The portal watcher on a busy page, in a page of its own.
/** @type {Awaited<ReturnType<typeof import('./watch-in-page').run>>} */
const watch = await runInPage('tests/bench/watch-in-page.ts');
rows.push({
  what: `portal watcher: observer callback per unrelated mutation batch (page of ${watch.nodes} elements, ${watch.detections} detections run; target ≤ 0.2)`,
  median: watch.perBatch,
  unit: 'ms (mean)',
  runs: watch.batches,
});
rows.push(...restoreBackgroundRows(await restoreBackgroundBench(await backupFiles())));
const popup = await popupBench();
// The same with V8 in efficiency mode (popup.mjs, V8_EFFICIENCY_MODE): only its keystroke rows are kept.
const popupInEfficiencyMode = await popupBench(undefined, { efficiencyMode: true });
rows.push(...popupRows(popup, popupInEfficiencyMode));
const toolbar = await toolbarPopupBench();
if (toolbar) {
  rows.push(
    ...msRows(toolbar.runs, [
      [
        'toolbar popup (headed Chromium on Xvfb, 1,000 credentials): chrome.action.openPopup() → its document starts (the browser’s share)',
        toolbar.toDocument,
      ],
      ['  its document → first contentful paint', toolbar.toFcp],
      ['  its document → largest contentful paint', toolbar.toLcp],
    ]),
    {
      what: '  openings that found V8 in efficiency mode (the popup rows above are run out of it)',
      median: toolbar.efficiencyMode,
      unit: `of ${toolbar.runs}`,
      runs: toolbar.runs,
    },
  );
} else {
  rows.push({
    what: 'toolbar popup: not measured (no Xvfb on PATH, `apt-get install xvfb`; see tests/bench/toolbar-popup.mjs)',
    median: Number.NaN,
    unit: '',
    runs: 0,
  });
}
const floor = await floorBench();
rows.push(
  ...msRows(floor.runs, [
    ['floor: a page of one tiny script in this extension, open → its first element painted', floor.script],
    [
      'floor: the same page, open → one message’s reply painted (the least "open → first screenful" can take here)',
      floor.reply,
    ],
  ]),
);
const capture = await captureBench();
rows.push(
  ...msRows(capture.runs, [
    [
      'values inserted in a frame → panel in place before a paint (in-page clock; target: that same frame, ≤ 20)',
      capture.toPanel,
    ],
  ]),
  {
    what: 'panel in the DOM before the frame that shows the values is painted',
    median: capture.sameFrame,
    unit: `of ${capture.runs} runs`,
    runs: capture.runs,
  },
  ...msRows(capture.runs, [['click "Save to OnceKey" → stored, "Saved" shown (target ≤ 50)', capture.toStored]]),
);
const kpxc = await keepassxcBench();
if (kpxc) {
  rows.push(
    ...msRows(kpxc.runs, [
      ['popup first contentful paint, locked: OnceKey, both extensions in one Chromium', kpxc.oncekey],
      [`  the same for KeePassXC-Browser ${kpxc.version} (its "not connected" popup)`, kpxc.keepassxc],
    ]),
    {
      what: '  OnceKey ÷ KeePassXC-Browser, medians (target ≤ 0.8)',
      median: kpxc.oncekey.median / kpxc.keepassxc.median,
      unit: '×',
      runs: kpxc.runs,
    },
  );
} else {
  rows.push({
    what: `popup first paint vs KeePassXC-Browser: not measured (no unpacked KeePassXC-Browser at ${KEEPASSXC_DIR}; see tests/bench/keepassxc.mjs)`,
    median: Number.NaN,
    unit: '',
    runs: 0,
  });
}
const commandLine = await cliBench();
/**
 * @typedef {{ median: number, p95: number }} Timing
 * @param {string} where
 * @param {{ toChild: Timing, version: Timing, bare: Timing }} t
 * @param {string} [target]
 * @returns {[string, Timing][]}
 */
const commandLineRows = (where, t, target = '') => [
  [`oncekey run → its command starts, "Allow for 8 hours" given${where}${target}`, t.toChild],
  [`  oncekey --version, start to exit${where}`, t.version],
  [`  node -e 0, start to exit${where}`, t.bare],
];
rows.push(
  ...msRows(commandLine.runs, [
    ...(commandLine.plain ? commandLineRows('', commandLine.plain, ' (target ≤ 150)') : []),
    [
      `  of which the request: socket → host → browser → vault → reply (load average ${commandLine.load.toFixed(1)})`,
      commandLine.socket,
    ],
    ...(commandLine.extraCerts
      ? commandLineRows(
          ', with NODE_EXTRA_CA_CERTS set as in this sandbox (every Node start reads it)',
          commandLine.extraCerts,
        )
      : []),
  ]),
);
const version = browser.version();
await browser.close();

console.log(`\nOnceKey benchmarks — Chromium ${version} (${chromiumPath()}), ${new Date().toISOString()}`);
printRows('measurement', rows);
console.log('\n| bundle | gzip bytes | files | target |');
console.log('|---|---:|---:|---|');
for (const s of await sizes()) console.log(`| ${s.what} | ${s.value ?? 'n/a'} | ${s.files} | ${s.target} |`);
const content = await contentScriptModules();
console.log(
  `\n| content script module (${content.total.bytes} bytes minified, ${content.total.gzip} gzip) | minified bytes | gzip alone | share of gzip (est.) |`,
);
console.log('|---|---:|---:|---:|');
for (const m of content.modules) console.log(`| ${m.module} | ${m.bytes} | ${m.gzipAlone} | ${m.gzipShare} |`);
