// @ts-check
// Where a system Chromium may be. Node built-ins only: `npm run setup` uses this before
// any npm package is installed.
import { existsSync } from 'node:fs';

/** @returns {string | undefined} */
export function systemChromium() {
  return [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/snap/bin/chromium',
  ].find((path) => path && existsSync(path));
}
