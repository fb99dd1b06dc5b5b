// @ts-check
// `npm run setup`: everything a fresh machine needs before `npm test` or `npm run build`.
// Node built-ins only, because it runs before `npm ci` has installed anything.
//   - Chromium for the end-to-end tests: an existing one is used (CHROMIUM_PATH, Debian's
//     /usr/bin/chromium, ...); otherwise Debian's `chromium` package is installed with apt.
//   - The npm dependencies exactly as package-lock.json pins them (`npm ci`): the lock lists
//     every platform's optional packages (Rollup's, Biome's), so it installs anywhere and a
//     fresh clone stays clean.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { systemChromium } from './system-chromium.mjs';

/** @param {string} cmd @param {string[]} args */
const run = (cmd, args) => {
  console.log(`$ ${[cmd, ...args].join(' ')}`);
  execFileSync(cmd, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
};

const chromium = systemChromium();
if (chromium) {
  console.log(`Chromium: ${chromium}`);
} else if (existsSync('/usr/bin/apt-get')) {
  /** @param {string[]} args */
  const apt = (...args) => (process.getuid?.() === 0 ? run('apt-get', args) : run('sudo', ['apt-get', ...args]));
  apt('update', '-qq');
  apt('install', '-y', '-qq', 'chromium');
} else {
  console.error('No Chromium found and no apt-get to install one: install Chromium and set CHROMIUM_PATH.');
  process.exit(1);
}
run('npm', ['ci', '--no-audit', '--no-fund']);
