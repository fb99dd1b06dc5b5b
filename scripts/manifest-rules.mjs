// @ts-check
// What a built manifest must keep of OnceKey's hardening (checked by check-manifest.mjs
// after a build, and by a unit test): no web-accessible resource (a page could probe one
// to detect OnceKey), the extension pages' content security policy, nobody allowed to
// connect from outside, and the minimum browser versions the code needs.

/** @typedef {{ web_accessible_resources?: unknown[], content_security_policy?: { extension_pages?: string }, externally_connectable?: { ids?: string[], matches?: string[] }, minimum_chrome_version?: string, browser_specific_settings?: { gecko?: { strict_min_version?: string } } }} Manifest */

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
  const csp = (manifest.content_security_policy?.extension_pages ?? '').split(';').map((d) => d.trim());
  for (const directive of CSP_DIRECTIVES) {
    if (!csp.includes(directive)) problems.push(`content security policy lacks "${directive}"`);
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
