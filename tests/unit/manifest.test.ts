import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PORTAL_MATCHES as PORTAL } from '@/utils/portal/hosts';
import { inlineStyleProblems, manifestProblems, PORTAL_MATCHES } from '../../scripts/manifest-rules.mjs';

const CSP =
  "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; img-src 'self' data: blob:; style-src 'self'; form-action 'none'; base-uri 'none'; default-src 'self'; connect-src 'none'";
const chrome = {
  content_security_policy: { extension_pages: CSP },
  externally_connectable: { ids: [], matches: [] },
  minimum_chrome_version: '116',
  permissions: ['storage', 'idle', 'alarms', 'notifications', 'clipboardRead', 'clipboardWrite', 'offscreen'],
  optional_permissions: ['nativeMessaging'],
  host_permissions: ['https://developer.x.com/*', 'https://developer.twitter.com/*', 'https://console.x.com/*'],
  content_scripts: [{ matches: ['https://console.x.com/*', 'https://developer.x.com/*'], js: ['portal.js'] }],
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
    const added = { ...chrome, content_security_policy: { extension_pages: `${CSP}; script-src-elem https:` } };
    expect(manifestProblems(added, 'chrome')).toEqual([`content security policy adds "script-src-elem https:"`]);
  });

  it('fails on a permission, host or frame beyond what OnceKey uses', () => {
    const wide = {
      ...chrome,
      permissions: [...chrome.permissions, 'tabs'],
      optional_permissions: ['nativeMessaging', 'history'],
      host_permissions: [...chrome.host_permissions, '<all_urls>'],
      optional_host_permissions: ['https://*/*'],
      content_scripts: [{ matches: ['https://developer.x.com/*', 'https://x.com/*'], all_frames: true, world: 'MAIN' }],
    };
    expect(manifestProblems(wide, 'chrome')).toEqual([
      'permission "tabs" is not one OnceKey uses',
      'optional permission "history" is not one OnceKey uses',
      'host access to "<all_urls>" beyond the portal',
      'host access to "https://*/*" beyond the portal',
      'content script on "https://x.com/*" beyond the portal',
      'content script in frames: the portal pages only',
      "content script in the page's own world",
    ]);
    // Firefox has no offscreen documents: OnceKey does not ask for them there.
    const firefox = {
      ...chrome,
      minimum_chrome_version: undefined,
      externally_connectable: undefined,
      browser_specific_settings: { gecko: { strict_min_version: '142.0' } },
    };
    expect(manifestProblems(firefox, 'firefox')).toEqual(['permission "offscreen" is not one OnceKey uses']);
  });

  it("allows the popup's own inline stylesheet by its hash, and nothing else inline", () => {
    const sha256 = (css: string) => createHash('sha256').update(css).digest('base64');
    const css = ':root{color-scheme:light dark}\n';
    const page = { name: 'popup.html', html: `<head><style>${css}</style></head>` };
    const hashed = (...sources: string[]) => ({
      ...chrome,
      content_security_policy: {
        extension_pages: CSP.replace("style-src 'self'", `style-src 'self' ${sources.join(' ')}`),
      },
    });
    const ours = hashed(`'sha256-${sha256(css)}'`);
    expect(manifestProblems(ours, 'chrome')).toEqual([]);
    expect(inlineStyleProblems(ours, [page], sha256)).toEqual([]);
    // The page's stylesheet changed after the hash was taken: the popup would be unstyled.
    expect(inlineStyleProblems(ours, [{ ...page, html: page.html.replace('dark', 'light') }], sha256)).toEqual([
      'popup.html: an inline stylesheet the content security policy does not allow',
      `style hash 'sha256-${sha256(css)}' is no page's stylesheet`,
    ]);
    // A hash of no page's stylesheet would allow some other inline style.
    expect(inlineStyleProblems(hashed(`'sha256-${sha256('x')}'`), [], sha256)).toEqual([
      `style hash 'sha256-${sha256('x')}' is no page's stylesheet`,
    ]);
    // Any inline style, or styles from elsewhere: not a hash.
    expect(manifestProblems(hashed("'unsafe-inline'"), 'chrome')).toEqual([
      `content security policy lacks "style-src 'self'"`,
      `content security policy adds "style-src 'self' 'unsafe-inline'"`,
    ]);
    expect(manifestProblems(hashed(`'sha256-${sha256(css)}'`, 'https:'), 'chrome')).toHaveLength(2);
  });

  it('knows the portal as the content script does', () => {
    expect(PORTAL_MATCHES).toEqual([...PORTAL]);
  });
});
