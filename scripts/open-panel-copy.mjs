// @ts-check
// The end-to-end tests' copy of a build: the same files but for one word, the capture panel's
// shadow root opened ('open' for 'closed'), so that Playwright's locators, axe and puppeteer
// reach the panel by role and name, as assistive technology does. The build that ships keeps
// it closed, so that no script on the portal's page can reach into the panel
// (entrypoints/portal.content/panel.ts, docs/security.md). A build that attaches anything
// but exactly one closed shadow root fails here, and with it every end-to-end test.
import { cp, readFile, rm, writeFile } from 'node:fs/promises';

const CLOSED_ROOT = 'attachShadow({mode:"closed"';

/**
 * What is wrong with a built content script's shadow roots: it should attach exactly one, closed
 * (an open one lets the page's scripts reach into the panel). Undefined when nothing is.
 * @param {string} script
 */
export function shadowRootProblem(script) {
  const roots = script.split('attachShadow(').length - 1;
  if (roots === 1 && script.includes(CLOSED_ROOT)) return undefined;
  return `the content script should attach exactly one shadow root, closed; it attaches ${roots}${
    script.includes(CLOSED_ROOT) ? '' : ', none of them closed'
  }: a page could reach into an open one`;
}

/**
 * Copies `build` (an unpacked extension) to `copy`, its content script's one closed shadow root opened.
 * @param {string} build
 * @param {string} copy
 */
export async function openPanelCopy(build, copy) {
  const script = await readFile(`${build}/content-scripts/portal.js`, 'utf8');
  const problem = shadowRootProblem(script);
  if (problem) throw new Error(`${build}: ${problem}.`);
  await rm(copy, { recursive: true, force: true });
  await cp(build, copy, { recursive: true });
  await writeFile(`${copy}/content-scripts/portal.js`, script.replace(CLOSED_ROOT, 'attachShadow({mode:"open"'));
}
