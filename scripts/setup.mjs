// @ts-check
// `npm run setup`: everything a fresh machine needs before `npm test` or `npm run build`.
// Node built-ins only, because it runs before `npm ci` has installed anything.
//   - Chromium and Firefox for the end-to-end tests: an existing one is used (CHROMIUM_PATH,
//     Debian's /usr/bin/chromium, ...; FIREFOX_PATH, /usr/bin/firefox-esr, ...); otherwise
//     Debian's `chromium` or `firefox-esr` package is installed with apt.
//   - zsh, which reads the exported shell file in the tests beside bash and dash.
//   - The npm dependencies exactly as package-lock.json pins them (`npm ci`): the lock lists
//     every platform's optional packages (Rollup's, Biome's), so it installs anywhere and a
//     fresh clone stays clean.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { systemChromium } from './system-chromium.mjs';
import { systemFirefox } from './system-firefox.mjs';

/** @param {string} cmd @param {string[]} args */
const run = (cmd, args) => {
  console.log(`$ ${[cmd, ...args].join(' ')}`);
  execFileSync(cmd, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
};

/** @type {[name: string, found: string | undefined, debianPackage: string, hint: string][]} */
const tools = [
  ['Chromium', systemChromium(), 'chromium', 'install Chromium and set CHROMIUM_PATH'],
  ['Firefox', systemFirefox(), 'firefox-esr', 'install Firefox ESR and set FIREFOX_PATH'],
  ['zsh', ['/usr/bin/zsh', '/bin/zsh'].find((path) => existsSync(path)), 'zsh', 'install zsh'],
];
for (const [name, found] of tools) if (found) console.log(`${name}: ${found}`);
const missing = tools.filter(([, found]) => !found);
if (missing.length && existsSync('/usr/bin/apt-get')) {
  /** @param {string[]} args */
  const apt = (...args) => (process.getuid?.() === 0 ? run('apt-get', args) : run('sudo', ['apt-get', ...args]));
  apt('update', '-qq');
  apt('install', '-y', '-qq', ...missing.map(([, , debianPackage]) => debianPackage));
} else if (missing.length) {
  for (const [name, , , hint] of missing) console.error(`No ${name} found and no apt-get to install it: ${hint}.`);
  process.exit(1);
}
run('npm', ['ci', '--no-audit', '--no-fund']);
