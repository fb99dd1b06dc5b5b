import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { KIND_LABELS } from '../../utils/kinds';
import { PORTAL_FIXTURES, type PortalFixture } from '../fixtures/portal/index';

const FIXTURE_DIR = resolve(import.meta.dirname, '../fixtures/portal');
export const fixtureHtml = (file: string) => readFileSync(`${FIXTURE_DIR}/${file}`, 'utf8');

export const CAPTURE_FIXTURES = PORTAL_FIXTURES.filter(
  (f): f is PortalFixture & { expected: NonNullable<PortalFixture['expected']> } =>
    !!f.expected?.credentials.length && !f.file.startsWith('label-beside'),
);
type CaptureFixture = (typeof CAPTURE_FIXTURES)[number];

/** The App a fixture's capture files under: what the page names, or what the test types into the panel. */
export const capturedApp = (page: CaptureFixture) =>
  page.expected.appId || page.expected.appName ? page.expected : { appName: 'typed-in-panel' };

/**
 * The capture fixtures in `count` groups that can share one vault and one tab, each page
 * saved into the vault as into a new one: no two pages of a group name the same App (by id
 * or by title), so none adds versions to, renames or shares a heading with another's App,
 * and none lives at another's URL (servePortal serves one page per URL). Greedy, in the
 * fixtures' order, each into the smallest group it fits. A group's pages share a tab, and
 * OnceKey takes 20 previews and 20 saves a minute from a tab (utils/protocol/rate-limit.ts):
 * keep groups well under 20 pages.
 */
export function captureGroups(count: number): CaptureFixture[][] {
  const groups: { pages: CaptureFixture[]; apps: Set<string> }[] = Array.from({ length: count }, () => ({
    pages: [],
    apps: new Set(),
  }));
  for (const page of CAPTURE_FIXTURES) {
    const app = capturedApp(page);
    const keys = [
      `title:${appTitle(app)}`,
      `url:${page.url}`,
      ...(page.expected.appId ? [`id:${page.expected.appId}`] : []),
    ];
    const fits = groups.filter((g) => keys.every((k) => !g.apps.has(k)));
    const group = fits.sort((a, b) => a.pages.length - b.pages.length)[0];
    if (!group) throw new Error(`${page.file} names an App every group already has: add a group`);
    group.pages.push(page);
    for (const k of keys) group.apps.add(k);
  }
  return groups.map((g) => g.pages);
}

export const fixture = (file: string) => {
  const found = CAPTURE_FIXTURES.find((f) => f.file === file);
  if (!found) throw new Error(`no capture fixture ${file}`);
  return found;
};

/**
 * Serves pages at the portal's real URLs, so the manifest's real match patterns apply.
 * `pages` maps a URL (without its hash) to the HTML served there; anything else is a 404.
 */
export async function servePortal(context: BrowserContext, pages: Map<string, string>): Promise<void> {
  await context.route(/^https:\/\/(developer\.x\.com|developer\.twitter\.com|console\.x\.com)\//, (route) => {
    const url = route.request().url().split('#')[0] ?? '';
    const body = pages.get(url);
    return route.fulfill(
      body === undefined
        ? { status: 404, contentType: 'text/html', body: '<!doctype html><title>Not found</title>' }
        : { status: 200, contentType: 'text/html; charset=utf-8', body },
    );
  });
}

export const saveButton = (page: Page) => page.getByRole('button', { name: /^Save to OnceKey/ });

/**
 * Scrolls to OnceKey's button, as a user does before clicking it, and clicks. In Chromium the
 * panel takes a click only once the browser has reported the button visible, so it is marked
 * unavailable while out of view and the click waits for it.
 */
export async function pressSave(page: Page): Promise<void> {
  await saveButton(page).scrollIntoViewIfNeeded();
  await saveButton(page).click();
}
export const label = (kind: string) => KIND_LABELS[kind as keyof typeof KIND_LABELS];
export const appTitle = (expected: { appName?: string; appId?: string }) =>
  expected.appName ?? (expected.appId ? `App ${expected.appId}` : 'Unnamed App');

/**
 * Run in a portal page as its own script: every event of `types` the page hears, first (in the
 * capture phase), is counted, and so is each whose path names a node inside a shadow root,
 * such as OnceKey's panel. `heardByThePage` reads the counts back.
 */
export function listenAsThePage(types: string[]): void {
  const heard = { events: 0, inside: 0 };
  (window as unknown as { heard: typeof heard }).heard = heard;
  for (const type of types)
    document.addEventListener(
      type,
      (e) => {
        heard.events++;
        if (e.composedPath().some((n) => n instanceof Node && n.getRootNode() !== document)) heard.inside++;
      },
      true,
    );
}

/** What `listenAsThePage` counted, read in the page. */
export const heardByThePage = () => (window as unknown as { heard: { events: number; inside: number } }).heard;
