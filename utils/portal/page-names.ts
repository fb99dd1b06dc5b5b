import { DIALOG_SELECTOR, GENERIC_TITLES, HANDLE_TEXT, KEYS_SECTION_TITLES, LABEL_INDEX } from './selectors';
import { ownText, spacedText, squash, textOf } from './text';

/**
 * What a page shows of the App when its URL and breadcrumbs name none (docs/portal.md, "Seen
 * in dated public screenshots"): onboarding screens such as /en/portal/apps/new and
 * /en/portal/register/keys, and the console's App drawer over its Apps list. In order:
 * - the console's App id beside its "ACTIVE" badge, with the heading there as its name;
 * - a dialog's "Application Name" (or "App name") field;
 * - the sidebar's entry under "STANDALONE APPS" (or "APPS"): the App just created, the one
 *   marked current, else the last;
 * - a dialog's own heading or label, when it is not one of the portal's generic titles.
 * And the "For @handle" line on the tab behind an access-token dialog, which names the
 * token's owner. Texts only, never classes or ids.
 */

const APP_ID = /(?<!\d)(\d{6,25})(?!\d)/;
const ACTIVE_BADGE = /^active$/i;
const NAME_LABEL = /^(?:application|app) name:?$/i;
const SIDEBAR_TITLE = /^(?:standalone apps|apps)$/i;
/** Headings that describe the values, not the App: "Here are your keys", "Save your Access Token". */
const ABOUT_VALUES = /\b(?:keys?|tokens?|secrets?|saved?|credentials?|created|regenerated?|client id)\b/i;
const MAX_NAME = 200;

const generic = (text: string) =>
  !text ||
  text.length > MAX_NAME ||
  GENERIC_TITLES.some((t) => t.toLowerCase() === text.toLowerCase()) ||
  KEYS_SECTION_TITLES.some((t) => t.toLowerCase() === text.toLowerCase()) ||
  LABEL_INDEX.has(text.replace(/\s*:$/, '').toLowerCase()) ||
  ABOUT_VALUES.test(text);

const headingIn = (scope: Element) =>
  [...scope.querySelectorAll('h1, h2, h3, h4, [role="heading"]')].map(textOf).find((t) => !generic(t));

/**
 * The console's drawer: "my-bot" and "1234567890123456789" beside an "ACTIVE" badge. Only an
 * id with the name shown beside it, and only when the page shows one such App: a list of
 * Apps, each with its badge, says nothing about which App the values are for.
 */
function besideActiveBadge(doc: Document): { appName?: string; appId?: string } {
  let found: { appId: string; appName: string } | undefined;
  for (const badge of doc.querySelectorAll('span, div, p, strong')) {
    if (!ACTIVE_BADGE.test(ownText(badge))) continue;
    let scope = badge.parentElement;
    let appId: string | undefined;
    for (let depth = 0; scope && depth < 3; depth++, scope = scope.parentElement) {
      appId ??= squash(spacedText(scope)).match(APP_ID)?.[1];
      // The App's heading sits in the drawer's head, beside or above the id.
      const appName = appId && headingIn(scope);
      if (appId && appName) {
        if (found && found.appId !== appId) return {};
        found = { appId, appName };
        break;
      }
    }
  }
  return found ?? {};
}

/** "Application Name" in a dialog, and the name shown after it (or typed in its field). */
function nameField(doc: Document): string | undefined {
  for (const dialog of doc.querySelectorAll(DIALOG_SELECTOR)) {
    for (const label of dialog.querySelectorAll('label, dt, p, span, div')) {
      if (!NAME_LABEL.test(ownText(label))) continue;
      const input =
        label.querySelector('input') ?? (label.nextElementSibling?.matches('input') ? label.nextElementSibling : null);
      const shown = squash(input ? input.getAttribute('value') : label.nextElementSibling?.textContent);
      if (shown && !generic(shown)) return shown;
    }
  }
  return undefined;
}

/** The sidebar's App under "STANDALONE APPS": the current one, else the newest (last). */
function sidebarApp(doc: Document): string | undefined {
  for (const title of doc.querySelectorAll('nav *, aside *')) {
    if (!SIDEBAR_TITLE.test(ownText(title))) continue;
    const list = title.nextElementSibling ?? title.parentElement?.querySelector('ul, ol');
    const entries = [...(list?.querySelectorAll('a, li') ?? [])].filter((e) => !generic(textOf(e)));
    const current = entries.find((e) => e.getAttribute('aria-current'));
    const name = textOf(current ?? entries.at(-1) ?? title).trim();
    if (name && !SIDEBAR_TITLE.test(name) && !generic(name)) return name;
  }
  return undefined;
}

/** A dialog's own name: its aria-label or heading, unless it is about the values. */
function dialogName(doc: Document): string | undefined {
  for (const dialog of doc.querySelectorAll(DIALOG_SELECTOR)) {
    const label = squash(dialog.getAttribute('aria-label'));
    if (label && !generic(label)) return label;
    const heading = headingIn(dialog);
    if (heading) return heading;
  }
  return undefined;
}

/**
 * The App the page shows when its URL names none; `known` (the URL's App id) wins. An App id
 * comes only with the name shown beside it (detect.ts drops it when the page names another
 * App elsewhere).
 */
export function pageAppNames(doc: Document, known: { appId?: string }): { appName?: string; appId?: string } {
  const drawer = known.appId ? {} : besideActiveBadge(doc);
  const appName = drawer.appName ?? nameField(doc) ?? sidebarApp(doc) ?? dialogName(doc);
  return { ...(drawer.appId ? { appId: drawer.appId } : {}), ...(appName ? { appName } : {}) };
}

/**
 * "For @handle" on the tab behind an access-token dialog (2021): the dialog shows none, so
 * the line beside "Access Token and Secret" on the page behind names the token's owner.
 */
export function handleBehind(doc: Document, token: Element): { handle?: string } {
  if (!token.closest(DIALOG_SELECTOR)) return {};
  for (const el of doc.querySelectorAll('h2, h3, h4, p, div, span')) {
    if (el.closest(DIALOG_SELECTOR) || ownText(el).toLowerCase() !== 'access token and secret') continue;
    let scope = el.parentElement;
    for (let depth = 0; scope && depth < 3; depth++, scope = scope.parentElement) {
      const handle = squash(spacedText(scope)).match(HANDLE_TEXT)?.[1];
      if (handle) return { handle };
    }
  }
  return {};
}
