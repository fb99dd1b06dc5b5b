// @ts-check
// What a built manifest must keep of OnceKey's hardening (checked by check-manifest.mjs
// after a build, and by a unit test): no web-accessible resource (a page could probe one
// to detect OnceKey), the extension pages' content security policy and nothing added to it
// (but the hashes of the built pages' own stylesheets, checked by inlineStyleProblems),
// nobody allowed to connect from outside, the minimum browser versions the code needs, and
// least privilege: the permissions OnceKey uses and no other, host access and content
// scripts on the portal's origins only, in top frames, in the content script's own world.

/** @typedef {{ matches?: string[], exclude_matches?: string[], all_frames?: boolean, match_about_blank?: boolean, match_origin_as_fallback?: boolean, world?: string }} ContentScript */
/** @typedef {{ web_accessible_resources?: unknown[], content_security_policy?: { extension_pages?: string }, externally_connectable?: { ids?: string[], matches?: string[] }, minimum_chrome_version?: string, browser_specific_settings?: { gecko?: { strict_min_version?: string } }, permissions?: string[], optional_permissions?: string[], host_permissions?: string[], optional_host_permissions?: string[], content_scripts?: ContentScript[] }} Manifest */

/** The portal's pages (utils/portal/hosts.ts PORTAL_MATCHES; a unit test keeps the two the same). */
export const PORTAL_MATCHES = [
  'https://developer.x.com/*',
  'https://developer.twitter.com/*',
  'https://console.x.com/*',
];

/** Each permission OnceKey asks for at install, and why (wxt.config.ts). */
const PERMISSIONS = {
  chrome: ['storage', 'idle', 'alarms', 'notifications', 'clipboardRead', 'clipboardWrite', 'offscreen'],
  firefox: ['storage', 'idle', 'alarms', 'notifications', 'clipboardRead', 'clipboardWrite'],
};
/** Asked for only when the user turns the command line on. */
const OPTIONAL_PERMISSIONS = ['nativeMessaging'];

const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "object-src 'none'",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "form-action 'none'",
  "base-uri 'none'",
  "connect-src 'none'",
];

/** `style-src 'self'` and any number of SHA-256 hash sources, nothing else. */
const STYLE_WITH_HASHES = /^style-src 'self'(?: 'sha256-[A-Za-z0-9+/]{43}=')+$/;

/**
 * The style hashes the content security policy allows (`'sha256-…'`), each of which must be a
 * built page's `<style>`, and each `<style>` of the pages must be allowed, or the page would
 * be unstyled. Pure, for the unit test; check-manifest.mjs hands it the built pages.
 * @param {Manifest} manifest
 * @param {{ name: string, html: string }[]} pages
 * @param {(css: string) => string} hash the base64 SHA-256 of a stylesheet's text
 */
export function inlineStyleProblems(manifest, pages, hash) {
  const allowed = new Set(
    [...(manifest.content_security_policy?.extension_pages ?? '').matchAll(/'sha256-([A-Za-z0-9+/]{43}=)'/g)].map(
      (m) => /** @type {string} */ (m[1]),
    ),
  );
  const problems = [];
  const inline = new Set();
  for (const { name, html } of pages) {
    for (const [, css] of html.matchAll(/<style>([\s\S]*?)<\/style>/g)) {
      const digest = hash(/** @type {string} */ (css));
      inline.add(digest);
      if (!allowed.has(digest))
        problems.push(`${name}: an inline stylesheet the content security policy does not allow`);
    }
  }
  for (const digest of allowed) {
    if (!inline.has(digest)) problems.push(`style hash 'sha256-${digest}' is no page's stylesheet`);
  }
  return problems;
}

/**
 * What is wrong with one built manifest.
 * @param {Manifest} manifest
 * @param {'chrome' | 'firefox'} browser
 */
export function manifestProblems(manifest, browser) {
  const problems = [];
  if (manifest.web_accessible_resources?.length) {
    problems.push(`web-accessible resources: ${JSON.stringify(manifest.web_accessible_resources)}`);
  }
  // The hashes of the popup's inline stylesheet (wxt.config.ts) are checked against the built
  // pages (inlineStyleProblems); here, `style-src 'self'` with hashes only is `style-src 'self'`.
  const csp = (manifest.content_security_policy?.extension_pages ?? '')
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean)
    .map((d) => (STYLE_WITH_HASHES.test(d) ? "style-src 'self'" : d));
  for (const directive of CSP_DIRECTIVES) {
    if (!csp.includes(directive)) problems.push(`content security policy lacks "${directive}"`);
  }
  for (const directive of csp) {
    if (!CSP_DIRECTIVES.includes(directive)) problems.push(`content security policy adds "${directive}"`);
  }
  const outside = (/** @type {string[] | undefined} */ list, /** @type {string[]} */ allowed) =>
    (list ?? []).filter((item) => !allowed.includes(item));
  for (const permission of outside(manifest.permissions, PERMISSIONS[browser])) {
    problems.push(`permission "${permission}" is not one OnceKey uses`);
  }
  for (const permission of outside(manifest.optional_permissions, OPTIONAL_PERMISSIONS)) {
    problems.push(`optional permission "${permission}" is not one OnceKey uses`);
  }
  for (const host of [
    ...outside(manifest.host_permissions, PORTAL_MATCHES),
    ...(manifest.optional_host_permissions ?? []),
  ]) {
    problems.push(`host access to "${host}" beyond the portal`);
  }
  for (const script of manifest.content_scripts ?? []) {
    for (const match of outside(script.matches, PORTAL_MATCHES))
      problems.push(`content script on "${match}" beyond the portal`);
    if (script.all_frames || script.match_about_blank || script.match_origin_as_fallback) {
      problems.push('content script in frames: the portal pages only');
    }
    if (script.world === 'MAIN') problems.push("content script in the page's own world");
  }
  if (browser === 'chrome') {
    const outside = manifest.externally_connectable;
    if (outside?.ids?.length !== 0 || outside.matches?.length !== 0) {
      problems.push('externally_connectable must allow no extension and no page');
    }
    if (!manifest.minimum_chrome_version) problems.push('no minimum_chrome_version');
  } else if (!manifest.browser_specific_settings?.gecko?.strict_min_version) {
    problems.push('no strict_min_version');
  }
  return problems;
}
