// Page and credential detection for the X developer portal. Pure functions of a Document
// and a URL, so the content script, unit tests and benchmarks all run the same code.
// Every portal text and pattern comes from ./selectors.ts.
import { isPortalUrl } from './hosts';
import { handleBehind, pageAppNames } from './page-names';
import { ownText, spacedText, squash, textOf } from './text';

export { isRegenerateConfirmation, type RegenerateMatch } from './regenerate';

import {
  APP_CREATED_SENTENCE,
  CONSOLE_PATHS,
  CREATION_SCREEN_TITLE,
  DEVELOPER_PATHS,
  DIALOG_SELECTOR,
  GENERIC_TITLES,
  HANDLE_TEXT,
  KEYS_SECTION_TITLES,
  KEYS_TAB_TEXT,
  type Kind,
  LABEL_INDEX,
  MASKED,
  matchesFormat,
  PERMISSION_CONTEXT,
  PERMISSION_TEXTS,
} from './selectors';

export type PortalPage = 'keys' | 'settings' | 'auth-settings' | 'app' | 'apps' | 'dashboard' | 'other';

export interface PortalContext {
  host: string;
  projectId?: string;
  appId?: string;
  accountId?: string;
  page: PortalPage;
}

export interface DetectedCredential {
  kind: Kind;
  value: string;
  /** Access tokens: the owner shown as "For @handle", without the "@". */
  handle?: string;
  /** Access tokens: "Read Only", "Read and Write", "Read, Write, and Direct Messages", "Read". */
  permission?: string;
  /** The element showing the value, for placing the capture panel beside it. */
  element: Element;
}

export interface Detection {
  context: PortalContext & { appName?: string; projectName?: string };
  credentials: DetectedCredential[];
}

// ---------------------------------------------------------------------------------------
// URLs

function pageOf(segment: string | undefined): PortalPage {
  if (segment === undefined) return 'app';
  if (segment === 'keys') return 'keys';
  if (segment === 'settings') return 'settings';
  if (segment === 'auth-settings') return 'auth-settings';
  return 'other';
}

/** Leaves out absent ids rather than setting them to undefined, so contexts compare cleanly. */
function context(host: string, found: Omit<PortalContext, 'host'>): PortalContext {
  const result: PortalContext = { host, page: found.page };
  if (found.projectId) result.projectId = found.projectId;
  if (found.appId) result.appId = found.appId;
  if (found.accountId) result.accountId = found.accountId;
  return result;
}

type Route = [RegExp, (m: RegExpMatchArray) => Omit<PortalContext, 'host'>];

function route(host: string, path: string, routes: Route[]): PortalContext {
  for (const [pattern, build] of routes) {
    const m = path.match(pattern);
    if (m) return context(host, build(m));
  }
  return { host, page: 'other' };
}

export function parsePortalUrl(url: string): PortalContext | null {
  if (!isPortalUrl(url)) return null;
  const { host, pathname, searchParams } = new URL(url);
  // Only an id as the portal writes them (digits): anything else in the query is not an App's.
  const appId = searchParams.get('appId')?.match(/^\d{1,25}$/)?.[0];

  if (host === 'console.x.com') {
    const P = CONSOLE_PATHS;
    return route(host, pathname, [
      [P.appSettings, (m) => ({ page: 'settings', accountId: m[1], appId })],
      [P.app, (m) => ({ page: pageOf(m[3]), accountId: m[1], appId: m[2] })],
      [P.appsList, (m) => ({ page: 'apps', accountId: m[1], appId })],
      [P.account, (m) => ({ page: 'dashboard', accountId: m[1] })],
    ]);
  }
  const P = DEVELOPER_PATHS;
  return route(host, pathname.replace(P.locale, ''), [
    [P.projectApp, (m) => ({ page: pageOf(m[3]), projectId: m[1], appId: m[2] })],
    [P.standaloneApp, (m) => ({ page: pageOf(m[2]), appId: m[1] })],
    [P.newApp, (m) => ({ page: 'apps', projectId: m[1] })],
    [P.project, (m) => ({ page: 'apps', projectId: m[1] })],
    [P.dashboard, () => ({ page: 'dashboard' })],
    [P.appsList, () => ({ page: 'apps' })],
    [P.oldAppsList, () => ({ page: 'apps' })],
    [P.oldApp, (m) => ({ page: pageOf(m[2]), appId: m[1] })],
  ]);
}

/** Only the portal's App pages show credentials; docs and blog pages are full of sample tokens. */
function inAppArea(url: string): boolean {
  const { host, pathname } = new URL(url);
  if (host === 'console.x.com') return CONSOLE_PATHS.appArea.test(pathname);
  return DEVELOPER_PATHS.appArea.test(pathname.replace(DEVELOPER_PATHS.locale, ''));
}

// ---------------------------------------------------------------------------------------
// Text helpers

/** Subtrees never shown: a closed <dialog> among them (an open one is DIALOG_SELECTOR's). */
const SKIPPED = '[hidden], template, script, style, noscript, input[type="hidden"], dialog:not([open])';
function labelKey(text: string): string {
  return text.replace(/\s*:$/, '').toLowerCase();
}

function follows(a: Node, b: Node): boolean {
  // b comes after a (descendants of a count as after it).
  return (a.compareDocumentPosition(b) & 4) !== 0;
}

// ---------------------------------------------------------------------------------------
// Credentials

interface Label {
  el: Element;
  kinds: readonly Kind[];
  /** The label follows its value, in parentheses: "VALUE (API key)" (2018–2020 App pages). */
  after?: boolean;
}

interface Holder {
  el: Element;
  value: string;
}

interface Scan {
  labels: Label[];
  holders: Holder[];
  /** Outside any dialog, the page shows a keys-view section title or the creation screen. */
  keysSectionShown: boolean;
}

const KEYS_SECTIONS = new Set(KEYS_SECTION_TITLES.map((t) => t.toLowerCase()));

/** One pass over the page's elements, skipping hidden and script subtrees. */
function scan(doc: Document): Scan {
  const result: Scan = { labels: [], holders: [], keysSectionShown: false };
  const root = doc.body ?? doc.documentElement;
  if (!root) return result;
  // Numeric NodeFilter constants: the global is missing in some test environments.
  const walker = doc.createTreeWalker(root, 1 /* SHOW_ELEMENT */, {
    acceptNode: (node) => ((node as Element).matches(SKIPPED) ? 2 /* REJECT */ : 1 /* ACCEPT */),
  });
  for (let node: Node | null = root; node; node = walker.nextNode()) {
    const el = node as Element;
    if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') {
      const value = squash((el as HTMLInputElement).value ?? '');
      if (value && !MASKED.test(value)) result.holders.push({ el, value });
      continue;
    }
    const text = ownText(el);
    if (!text) continue;
    const after = /^\((.+)\)$/.exec(text)?.[1];
    const key = labelKey(after ?? text);
    const kinds = LABEL_INDEX.get(key);
    if (kinds) result.labels.push(after ? { el, kinds, after: true } : { el, kinds });
    // Any element whose own text is one bare token may hold a value: code, pre, a
    // monospace paragraph, or a label's container with the value as a text sibling. The
    // format check that follows is what makes a holder count, not its tag or class.
    else if (!/\s/.test(text) && text.length >= 20 && !MASKED.test(text)) result.holders.push({ el, value: text });
    else if ((KEYS_SECTIONS.has(key) || CREATION_SCREEN_TITLE.test(text)) && !el.closest(DIALOG_SELECTOR)) {
      result.keysSectionShown = true;
    }
  }
  return result;
}

/** The nearest value after `label` (and before the next label) within five ancestors that
 * has the format of one of the label's kinds; for a label in parentheses after its value,
 * the nearest value before it (and after the previous label). */
function valueFor(
  label: Label,
  next: Label | undefined,
  holders: Holder[],
  previous?: Label,
): { kind: Kind; holder: Holder } | null {
  // Before the label; or the value's own element holding the label after the value's text.
  const before = (h: Holder) => follows(h.el, label.el);
  const eligible = label.after
    ? holders.filter((h) => before(h) && (!previous || follows(previous.el, h.el))).reverse()
    : holders.filter(
        (h) =>
          // After the label, or the label's container holding the value as a text sibling…
          (follows(label.el, h.el) || h.el.contains(label.el)) &&
          // …and before the next label, which owns whatever follows it.
          (!next || (follows(h.el, next.el) && !h.el.contains(next.el))),
      );
  let ancestor = label.el.parentElement;
  for (let depth = 0; ancestor && depth < 5; depth++, ancestor = ancestor.parentElement) {
    for (const holder of eligible) {
      if (!ancestor.contains(holder.el)) continue;
      const kind = label.kinds.find((k) => matchesFormat(k, holder.value));
      if (kind) return { kind, holder };
    }
  }
  return null;
}

/** Whether the page is an App's keys view, where values outside a dialog may be offered. */
function isKeysView(doc: Document, ctx: PortalContext, keysSectionShown: boolean): boolean {
  if (ctx.page === 'keys' || keysSectionShown) return true;
  // The selected tab says which tab is open; SPAs render only that tab's sections, which is
  // why their titles count too.
  return [...doc.querySelectorAll('[role="tab"][aria-selected="true"], [aria-current="page"]')].some((el) =>
    KEYS_TAB_TEXT.test(textOf(el)),
  );
}

/**
 * "For @handle" and the permission, each from the nearest of six ancestors that shows it,
 * never past the dialog that shows the token: the tab behind it describes the old token.
 */
function accessTokenOwner(el: Element): { handle?: string; permission?: string } {
  const owner: { handle?: string; permission?: string } = {};
  const dialog = el.closest(DIALOG_SELECTOR);
  let ancestor: Element | null = el;
  for (let depth = 0; ancestor && depth < 6; depth++, ancestor = ancestor.parentElement) {
    // Each element's text apart: "For @bob" and "Created with…" must not read "@bobCreated".
    const text = squash(spacedText(ancestor));
    owner.handle ??= text.match(HANDLE_TEXT)?.[1];
    const phrase = text.match(PERMISSION_CONTEXT);
    const shown = (phrase?.[1] ?? phrase?.[2] ?? '').toLowerCase();
    const permission = PERMISSION_TEXTS.find((p) => shown.startsWith(p.toLowerCase()));
    if (permission) owner.permission ??= canonicalPermission(permission);
    if (ancestor === dialog) break;
  }
  if (!owner.handle) delete owner.handle;
  return owner;
}

function canonicalPermission(text: string): string {
  const lower = text.toLowerCase();
  if (lower.includes('direct')) return 'Read, Write, and Direct Messages';
  if (lower.includes('write')) return 'Read and Write';
  if (lower.includes('only')) return 'Read Only';
  return 'Read';
}

// ---------------------------------------------------------------------------------------
// Names

function isGeneric(text: string): boolean {
  return !text || GENERIC_TITLES.some((t) => t.toLowerCase() === text.toLowerCase());
}

function linkText(doc: Document, pattern: RegExp): string | undefined {
  for (const a of doc.querySelectorAll('a[href]')) {
    const text = textOf(a);
    if (pattern.test(a.getAttribute('href') ?? '') && !isGeneric(text)) return text;
  }
  return undefined;
}

function names(doc: Document, ctx: PortalContext): { appName?: string; projectName?: string } {
  let appName: string | undefined;
  for (const dialog of doc.querySelectorAll(DIALOG_SELECTOR)) {
    appName ??= textOf(dialog).match(APP_CREATED_SENTENCE)?.[1];
  }
  if (ctx.appId) {
    // Breadcrumbs, tabs and the sidebar link to the App by id; the tabs have generic names.
    appName ??= linkText(doc, new RegExp(`/apps/${ctx.appId}(?:[/?#]|$)`));
    appName ??= [...doc.querySelectorAll('h1, h2')]
      .filter((h) => !h.closest(DIALOG_SELECTOR))
      .map(textOf)
      .find((t) => !isGeneric(t) && !KEYS_SECTION_TITLES.includes(t));
  }
  const projectName = ctx.projectId
    ? linkText(doc, new RegExp(`/projects/${ctx.projectId}(?:/?$|/?[?#]|/(?!apps/))`))
    : undefined;
  return { ...(appName ? { appName } : {}), ...(projectName ? { projectName } : {}) };
}

/** The credentials the page shows in full right now, or null when there are none to offer. */
export function detectCredentials(doc: Document, url: string): Detection | null {
  const ctx = parsePortalUrl(url);
  if (!ctx || !inAppArea(url)) return null;
  // Cheap bail-out for the many mutation batches on pages that show no label at all.
  const pageText = (doc.body?.textContent ?? '').toLowerCase();
  if (![...LABEL_INDEX.keys()].some((label) => pageText.includes(label))) return null;
  const { labels, holders, keysSectionShown } = scan(doc);
  if (!labels.length) return null;
  const keysView = isKeysView(doc, ctx, keysSectionShown);

  const collect = (dialogsOnly: boolean) => {
    const found: DetectedCredential[] = [];
    const seen = new Set<string>();
    labels.forEach((label, i) => {
      const inDialog = !!label.el.closest(DIALOG_SELECTOR);
      if (dialogsOnly ? !inDialog : !keysView && !inDialog) return;
      const value = valueFor(label, labels[i + 1], holders, labels[i - 1]);
      if (!value || seen.has(value.holder.value)) return;
      seen.add(value.holder.value);
      found.push({ kind: value.kind, value: value.holder.value, element: value.holder.el });
    });
    return found;
  };
  // A displayed-once dialog holds the user's attention, and the panel sits inside it: offer
  // what it shows. Values on the page behind it (the Client ID) are offered once it closes.
  let credentials = collect(false);
  if (credentials.some((c) => c.element.closest(DIALOG_SELECTOR))) credentials = collect(true);
  if (!credentials.length) return null;

  // The owner and permission are shown once for the pair; both halves carry them.
  const token = credentials.find((c) => c.kind === 'accessToken');
  if (token) {
    const owner = { ...handleBehind(doc, token.element), ...accessTokenOwner(token.element) };
    for (const c of credentials)
      if (c.kind === 'accessToken' || c.kind === 'accessTokenSecret') Object.assign(c, owner);
  }
  const named = names(doc, ctx);
  const page = pageAppNames(doc, ctx);
  // A drawer's App id goes with the drawer's name: a dialog that names another App (a creation
  // dialog's "Your application … has been created") does not borrow it.
  if (named.appName && page.appName !== named.appName) delete page.appId;
  return { context: { ...page, ...ctx, ...named }, credentials };
}

// ---------------------------------------------------------------------------------------

/** A preview that never shows more than the portal's own hints: "AAAA…cE3F". */
export function maskPreview(value: string): string {
  if (value.length <= 4) return '…';
  const n = value.length < 12 ? 2 : 4;
  return `${value.slice(0, n)}…${value.slice(-n)}`;
}
