import { describe, expect, it } from 'vitest';
import { manifestProblems } from '../../scripts/manifest-rules.mjs';

const CSP =
  "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; img-src 'self' data: blob:; style-src 'self'; form-action 'none'; base-uri 'none'; default-src 'self'; connect-src 'none'";
const chrome = {
  content_security_policy: { extension_pages: CSP },
  externally_connectable: { ids: [], matches: [] },
  minimum_chrome_version: '116',
};

describe('the built manifest check (npm run check:manifest)', () => {
  it('passes a manifest with the hardening, for each browser', () => {
    expect(manifestProblems(chrome, 'chrome')).toEqual([]);
    const firefox = {
      content_security_policy: { extension_pages: CSP },
      browser_specific_settings: { gecko: { strict_min_version: '142.0' } },
    };
    expect(manifestProblems(firefox, 'firefox')).toEqual([]);
  });

  it('fails when a web-accessible resource appears: a page could probe it to detect OnceKey', () => {
    const probed = {
      ...chrome,
      web_accessible_resources: [{ resources: ['content-scripts/portal.css'], matches: ['https://developer.x.com/*'] }],
    };
    expect(manifestProblems(probed, 'chrome')).toEqual([expect.stringMatching(/^web-accessible resources/)]);
  });

  it('fails when a directive of the content security policy goes, or an outsider may connect', () => {
    const loose = {
      ...chrome,
      content_security_policy: { extension_pages: CSP.replace("; form-action 'none'", '') },
      externally_connectable: { matches: ['https://evil.example/*'] },
    };
    expect(manifestProblems(loose, 'chrome')).toEqual([
      `content security policy lacks "form-action 'none'"`,
      'externally_connectable must allow no extension and no page',
    ]);
    const { minimum_chrome_version: _, ...noMinimum } = chrome;
    expect(manifestProblems(noMinimum, 'chrome')).toEqual(['no minimum_chrome_version']);
  });
});
