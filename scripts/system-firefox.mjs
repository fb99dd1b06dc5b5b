// @ts-check
// Where a system Firefox may be. Node built-ins only: `npm run setup` uses this before
// any npm package is installed. The ESR comes first: it is the one the tests are known to
// drive over WebDriver BiDi here (Debian's `firefox-esr`).
import { existsSync } from 'node:fs';

/** @returns {string | undefined} */
export function systemFirefox() {
  return [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox', '/snap/bin/firefox'].find(
    (path) => path && existsSync(path),
  );
}
