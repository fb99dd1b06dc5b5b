// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KIND_LABELS, KINDS, type Kind, matchesFormat, VALUE_PATTERNS } from '../../utils/kinds';
import {
  type Detection,
  detectCredentials,
  isRegenerateConfirmation,
  maskPreview,
  parsePortalUrl,
} from '../../utils/portal/detect';
import { DOCS_BEARER_TOKEN, DOCS_CLIENT_ID, PORTAL_FIXTURES, type PortalFixture } from '../fixtures/portal/index';

const readFixture = (file: string) => readFileSync(join(import.meta.dirname, '../fixtures/portal', file), 'utf8');
const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
const KEYS = 'https://developer.x.com/en/portal/apps/27364518/keys';

function found(detection: Detection | null) {
  return detection?.credentials.map(({ kind, value, handle, permission }) => ({
    kind,
    value,
    ...(handle ? { handle } : {}),
    ...(permission ? { permission } : {}),
  }));
}

function detectIn(html: string, url: string) {
  return detectCredentials(parse(html), url);
}

describe('detectCredentials on saved portal pages', () => {
  it.each(PORTAL_FIXTURES)('$file at $url', ({ file, url, expected }) => {
    const detection = detectIn(readFixture(file), url);
    if (expected === null) {
      expect(detection).toBeNull();
      return;
    }
    if (!detection) throw new Error('nothing detected');
    expect(found(detection)).toEqual(expected.credentials);
    const { appId, projectId, accountId, appName, projectName } = detection.context;
    expect({ appId, projectId, accountId, appName, projectName }).toEqual({
      appId: expected.appId,
      projectId: expected.projectId,
      accountId: expected.accountId,
      appName: expected.appName,
      projectName: expected.projectName,
    });
    // The element is where the value is shown, so the panel can sit beside it.
    for (const c of detection.credentials) {
      const shown = (c.element as HTMLInputElement).value ?? c.element.textContent ?? '';
      expect(shown).toContain(c.value);
    }
  });

  it('covers every kind somewhere in the fixtures', () => {
    const kinds = new Set(PORTAL_FIXTURES.flatMap((f) => f.expected?.credentials.map((c) => c.kind) ?? []));
    expect([...kinds].sort()).toEqual([...KINDS].sort());
  });
});

describe('robustness to markup changes', () => {
  const positives = PORTAL_FIXTURES.filter(
    (f): f is PortalFixture & { expected: NonNullable<PortalFixture['expected']> } => f.expected !== null,
  );

  it.each(positives)('$file without any class, style or data attribute', ({ file, url, expected }) => {
    const doc = parse(readFixture(file));
    for (const el of doc.querySelectorAll('*')) {
      for (const attr of [...el.attributes]) {
        if (attr.name === 'class' || attr.name === 'style' || attr.name.startsWith('data-'))
          el.removeAttribute(attr.name);
      }
    }
    expect(found(detectCredentials(doc, url))).toEqual(expected.credentials);
  });

  it.each(positives)('$file with code/pre/p turned into spans and <wbr> inside values', ({ file, url, expected }) => {
    let html = readFixture(file).replace(/<(\/?)(code|pre|p|dd|dt)\b/g, '<$1span');
    for (const { value } of expected.credentials) {
      // Text content only: a <wbr> inside a textarea would become part of its value.
      const shown = new RegExp(`(<(?!textarea)[a-z][^>]*>)${value.replace(/[^\w]/g, '\\$&')}<`, 'g');
      html = html.replace(shown, `$1${value.slice(0, 10)}<wbr>${value.slice(10)}<`);
    }
    expect(found(detectIn(html, url))).toEqual(expected.credentials);
  });

  it.each(positives.filter((f) => !f.file.startsWith('label-')))(
    '$file with labels in upper case',
    ({ file, url, expected }) => {
      const doc = parse(readFixture(file));
      const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        if (/^\s*[A-Za-z][A-Za-z .]*:?\s*$/.test(t.nodeValue ?? '')) t.nodeValue = (t.nodeValue ?? '').toUpperCase();
      }
      expect(found(detectCredentials(doc, url))).toEqual(expected.credentials);
    },
  );

  it('follows an SPA from the Settings tab to Keys and tokens without a page load', () => {
    const base = 'https://developer.x.com/en/portal/projects/1700000000000000001/apps/30999888';
    const doc = parse(readFixture('spa-1-settings.html'));
    expect(detectCredentials(doc, `${base}/settings`)).toBeNull();
    doc.body.innerHTML = parse(readFixture('spa-2-keys.html')).body.innerHTML;
    expect(found(detectCredentials(doc, `${base}/keys`))).toEqual(
      PORTAL_FIXTURES.find((f) => f.file === 'spa-2-keys.html')?.expected?.credentials,
    );
    // The dialog is offered even if the URL has not caught up yet.
    expect(detectCredentials(doc, `${base}/settings`)?.credentials).toHaveLength(1);
  });

  it('offers values outside a dialog only on the keys view', () => {
    const html = readFixture('x-standalone-keys-tab.html');
    const settingsUrl = 'https://developer.x.com/en/portal/apps/27364518/settings';
    // Still the keys view: its tab is current and its sections are rendered.
    expect(detectIn(html, settingsUrl)).not.toBeNull();
    const bare = html.replace('aria-current="page"', '').replace(/<h3[^>]*>[^<]*<\/h3>/g, '');
    expect(detectIn(bare, settingsUrl)).toBeNull();
    expect(detectIn(bare, 'https://developer.x.com/en/portal/apps/27364518/keys')).not.toBeNull();
  });

  it('offers dialog values on any App page of the portal, never elsewhere', () => {
    const html = readFixture('console-app-created.html');
    expect(detectIn(html, 'https://console.x.com/accounts/1811223344556677889/apps/31415926')).not.toBeNull();
    expect(detectIn(html, 'https://console.x.com/')).toBeNull();
    expect(detectIn(html, 'https://console.x.com.evil.example/accounts/1/apps')).toBeNull();
    expect(detectIn(html, 'http://console.x.com/accounts/1/apps')).toBeNull();
    expect(detectIn(html, 'https://developer.x.com/en/docs/x-api')).toBeNull();
  });

  it('does not let a dialog title make the page underneath a keys view', () => {
    const url = 'https://console.x.com/accounts/1811223344556677889/apps/settings?appId=31415926';
    const html = readFixture('console-oauth2-saved.html').replace(
      '<form',
      `<p>API Key</p><p>${'k'.repeat(25)}</p><form`,
    );
    expect(found(detectIn(html, url))?.map((c) => c.kind)).toEqual(['clientId', 'clientSecret']);
  });

  it('ignores hidden copies and values inside scripts', () => {
    const html = `<div role="dialog" aria-modal="true">
      <div hidden><p>API Key</p><p>${'a'.repeat(25)}</p></div>
      <script>const k = { "API Key": "${'b'.repeat(25)}" }</script>
      <p>Bearer Token</p><p>${DOCS_BEARER_TOKEN}</p></div>`;
    const detection = detectIn(html, 'https://developer.x.com/en/portal/apps/27364518/keys');
    expect(found(detection)).toEqual([{ kind: 'bearerToken', value: DOCS_BEARER_TOKEN }]);
  });
});

describe('formats', () => {
  const valid: Record<Kind, string[]> = {
    apiKey: ['wiRZwUf4YfqktgLJ9IrcypDWH', 'zRLQK55KhBcMq0vrCKE4u', 'a'.repeat(20), 'Z'.repeat(22)],
    apiKeySecret: ['x'.repeat(50), 'X51jV3A1uvygdlrou7vx4zLnW7i9FV6UnBM0Z7mNbP', '1'.repeat(41), 'q'.repeat(43)],
    bearerToken: [
      DOCS_BEARER_TOKEN,
      `${'A'.repeat(21)}${'b'.repeat(38)}%3D${'c'.repeat(50)}`,
      `${'A'.repeat(21)}%2F%2B${'b'.repeat(36)}%3D${'c'.repeat(50)}`,
    ],
    accessToken: [
      '1810982558290072140-qyqU3yGSvwVNhqtcK7QYizBTc1zo0R',
      '891180741-HrG8guSjr7EEhSVMmKQjaOccGotyD11toYG4m8Po',
      `12-${'a'.repeat(40)}`,
    ],
    accessTokenSecret: ['k'.repeat(45), 'ewIaNJzml2h3GJquuifjkxVmsaWRudRNdFcGLs4c6A', 'm'.repeat(41)],
    clientId: [
      DOCS_CLIENT_ID,
      'b19SejVRY0JuZG1UY3JVU0FQZFg6MTpjaQ',
      btoa(`${'_-aZ09'.repeat(3)}xy:1:ci`).replace(/=+$/, ''),
    ],
    clientSecret: ['CJVXcyNA47M7btwLgp358k-IzJ-_vxcHXobHEu0jxm16FM1wZ0', '_'.repeat(50)],
    oauth2AccessToken: [
      'eVM0ZGRhQXB0WnJ3M0hhazNTRjY5MXJHWFU2NzlyVlBWR211LVpENXpVLTJrOjE3NjQyMzcxMjczMDQ6MToxOmF0OjE',
      btoa(`${'t'.repeat(45)}:1767225600000:1:0:at:1`).replace(/=+$/, ''),
    ],
    oauth2RefreshToken: ['Z0xLOVNiUzc4c25iaDJXTmRFZGJKTFdUUEdNMUFPN2IxY3d3UTYwd2lwaDR3OjE3Njg0NjUyNzMzODA6MToxOnJ0OjE'],
  };
  const nearMisses: Record<Kind, string[]> = {
    apiKey: [
      'a'.repeat(19),
      'a'.repeat(23),
      'a'.repeat(24),
      'a'.repeat(26),
      `${'a'.repeat(24)}-`,
      ` ${'a'.repeat(25)}`,
    ],
    apiKeySecret: ['x'.repeat(40), 'x'.repeat(44), 'x'.repeat(49), 'x'.repeat(51), `${'x'.repeat(49)}_`],
    bearerToken: [
      // one "A" too many, the sample with its escapes decoded, cut short, lower-case escape
      `${'A'.repeat(22)}${'b'.repeat(38)}%3D${'c'.repeat(50)}`,
      decodeURIComponent(DOCS_BEARER_TOKEN),
      DOCS_BEARER_TOKEN.slice(0, -1),
      `${'A'.repeat(21)}${'b'.repeat(38)}%3d${'c'.repeat(50)}`,
    ],
    accessToken: [
      `1810982558290072140-${'a'.repeat(31)}`,
      `1810982558290072140_${'a'.repeat(30)}`,
      `-${'a'.repeat(40)}`,
      `0123-${'a'.repeat(40)}`,
      `123-${'a'.repeat(39)}`,
    ],
    accessTokenSecret: ['k'.repeat(40), 'k'.repeat(43), 'k'.repeat(44), 'k'.repeat(46), `${'k'.repeat(44)}-`],
    clientId: [
      DOCS_CLIENT_ID.replace(/Q$/, 'R'),
      `${DOCS_CLIENT_ID}A`,
      DOCS_CLIENT_ID.slice(1),
      btoa(`${'a'.repeat(20)}:2:ci`).replace(/=+$/, ''),
    ],
    clientSecret: ['_'.repeat(49), '_'.repeat(51), `${'a'.repeat(49)}+`],
    oauth2AccessToken: [
      'Z0xLOVNiUzc4c25iaDJXTmRFZGJKTFdUUEdNMUFPN2IxY3d3UTYwd2lwaDR3OjE3Njg0NjUyNzMzODA6MToxOnJ0OjE',
      'a'.repeat(91),
    ],
    oauth2RefreshToken: ['eVM0ZGRhQXB0WnJ3M0hhazNTRjY5MXJHWFU2NzlyVlBWR211LVpENXpVLTJrOjE3NjQyMzcxMjczMDQ6MToxOmF0OjE'],
  };

  it.each(KINDS)('%s accepts its valid samples, legacy lengths included', (kind) => {
    for (const value of valid[kind]) expect(matchesFormat(kind, value), value).toBe(true);
  });

  it.each(KINDS)('%s rejects near misses', (kind) => {
    for (const value of nearMisses[kind]) expect(matchesFormat(kind, value), value).toBe(false);
  });

  it('uses the bearer pattern exactly as portal.md gives it', () => {
    expect(VALUE_PATTERNS.bearerToken.source).toBe('^A{21}(?:[A-Za-z0-9]|%2[BF]){38}%3D[A-Za-z0-9]{50}$');
  });

  it('labels every kind', () => {
    expect(Object.keys(KIND_LABELS).sort()).toEqual([...KINDS].sort());
    expect(KIND_LABELS.apiKeySecret).toBe('API Key Secret');
    expect(KIND_LABELS.oauth2RefreshToken).toBe('OAuth 2.0 Refresh Token');
  });

  it('accepts any generated Client ID and rejects it with one character changed', () => {
    const idChars = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-');
    fc.assert(
      fc.property(fc.string({ unit: idChars, minLength: 20, maxLength: 20 }), fc.nat(33), (raw, at) => {
        const id = btoa(`${raw}:1:ci`).replace(/=+$/, '');
        expect(matchesFormat('clientId', id)).toBe(true);
        const changed = id.slice(0, at) + (id[at] === '!' ? '?' : '!') + id.slice(at + 1);
        expect(matchesFormat('clientId', changed)).toBe(false);
      }),
    );
  });

  it('never takes a mask for a value', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('•', '*', 'x', 'X', '·'), minLength: 1, maxLength: 120 }),
        (mask) => {
          for (const kind of KINDS) {
            if (
              kind === 'apiKey' ||
              kind === 'apiKeySecret' ||
              kind === 'accessTokenSecret' ||
              kind === 'clientSecret'
            ) {
              // "xxxx…" of the right length is alphanumeric; the detector skips it as a mask.
              continue;
            }
            expect(matchesFormat(kind, mask)).toBe(false);
          }
        },
      ),
    );
    const html = `<div role="dialog"><p>API Key</p><p>${'x'.repeat(25)}</p></div>`;
    expect(detectIn(html, 'https://developer.x.com/en/portal/apps/27364518/keys')).toBeNull();
    // In a field, and as a hint that shows the first characters and masks the rest.
    const masked = [
      `<input readonly value="${'x'.repeat(25)}">`,
      `<input readonly value="Q7xv${'*'.repeat(21)}">`,
      `<p>Q7xv${'x'.repeat(21)}</p>`,
    ];
    for (const shown of masked) {
      expect(detectIn(`<div role="dialog"><p>API Key</p>${shown}</div>`, KEYS)).toBeNull();
    }
  });
});

describe('the App the values are filed under, on a console page that names none in its URL', () => {
  const APPS = 'https://console.x.com/accounts/1811223344556677889/apps';
  const drawer = (name: string, id: string) =>
    `<div class="drawer"><div><h2>${name}</h2><div><span>${id}</span><span>ACTIVE</span></div></div></div>`;

  it("never lends a drawer's App id to the App a creation dialog names", () => {
    const created = readFixture('console-app-created.html');
    const detect = (html: string) => detectIn(html, APPS)?.context;
    expect(detect(created)).toMatchObject({ appName: 'orbit-scheduler' });
    expect(detect(created)?.appId).toBeUndefined();
    // Another App's drawer left open behind the dialog.
    const behind = created.replace('<main', `${drawer('harbor-watch', '1823344556677889900')}<main`);
    expect(detect(behind)).toMatchObject({ appName: 'orbit-scheduler' });
    expect(detect(behind)?.appId).toBeUndefined();
    // The new App's own drawer: its id goes with it.
    const own = created.replace('<main', `${drawer('orbit-scheduler', '1823344556677880001')}<main`);
    expect(detect(own)).toMatchObject({ appName: 'orbit-scheduler', appId: '1823344556677880001' });
  });

  it('takes no App id from a list of Apps, each with its badge', () => {
    const fixture = readFixture('console-app-drawer.html');
    expect(detectIn(fixture, APPS)?.context).toMatchObject({ appName: 'harbor-watch', appId: '1823344556677889900' });
    const list = fixture.replace('<main>', `<main>${drawer('kestrel-feed', '1823344556677880002')}`);
    expect(detectIn(list, APPS)?.context.appId).toBeUndefined();
  });
});

describe('layouts that hold values in unusual places', () => {
  const KEY = 'Gh5Jk8Lm2Np4Qr6St8Uv0Wx2Y';

  it('reads a value followed by its label in the same element', () => {
    const labelled = `<div role="dialog"><p>${KEY} <span>(API key)</span></p></div>`;
    expect(found(detectIn(labelled, KEYS))).toEqual([{ kind: 'apiKey', value: KEY }]);
  });

  it('offers nothing from a closed <dialog>', () => {
    const closed = `<main><h3>Consumer Keys</h3></main><dialog><p>API Key</p><p>${KEY}</p></dialog>`;
    expect(detectIn(closed, KEYS)).toBeNull();
    expect(found(detectIn(closed.replace('<dialog>', '<dialog open>'), KEYS))).toEqual([
      { kind: 'apiKey', value: KEY },
    ]);
  });

  it("reads an access token's owner and permission from its own dialog, never from the tab behind it", () => {
    const token = '1829384756102938475-Ab1Cd3Ef5Gh7Ij9Kl1Mn3Op5Qr7St9Uv1Wx3Yz5Q';
    const secret = 'Ab1Cd3Ef5Gh7Ij9Kl1Mn3Op5Qr7St9Uv1Wx3Yz5Ab7CdQ';
    const pair = `<p>Access Token</p><p>${token}</p><p>Access Token Secret</p><p>${secret}</p>`;
    // The 2021 dialog shows no permission: the tab behind it describes the token it replaces.
    const behind = `<section><h3>Access Token and Secret</h3><p>For @bob</p><p>Created with Read Only permissions</p></section>
      <div role="dialog" aria-modal="true"><h2>New Access Token and Secret</h2>${pair}</div>`;
    const fromDialog = found(detectIn(behind, KEYS));
    expect(fromDialog?.map((c) => [c.kind, c.handle, c.permission])).toEqual([
      ['accessToken', 'bob', undefined],
      ['accessTokenSecret', 'bob', undefined],
    ]);
    // Lines side by side in the dialog stay apart: "@bob", not "@bobCreated".
    const inside = `<div role="dialog" aria-modal="true"><h4>Access Token and Secret</h4><p>For @bob</p><p>Created with Read and Write permissions</p>${pair}</div>`;
    expect(found(detectIn(inside, KEYS))?.[0]).toMatchObject({ handle: 'bob', permission: 'Read and Write' });
  });
});

describe('parsePortalUrl', () => {
  it.each([
    [
      'https://developer.twitter.com/en/apps/18273645',
      { host: 'developer.twitter.com', appId: '18273645', page: 'app' },
    ],
    ['https://developer.twitter.com/en/apps', { host: 'developer.twitter.com', page: 'apps' }],
    [
      'https://developer.twitter.com/en/portal/projects/1293847561029384756/apps/18273645/keys',
      { host: 'developer.twitter.com', projectId: '1293847561029384756', appId: '18273645', page: 'keys' },
    ],
    [
      'https://developer.x.com/en/portal/projects/1293847561029384756/apps/18273645/settings',
      { host: 'developer.x.com', projectId: '1293847561029384756', appId: '18273645', page: 'settings' },
    ],
    [
      'https://developer.x.com/en/portal/projects/1293847561029384756/apps/18273645/auth-settings',
      { host: 'developer.x.com', projectId: '1293847561029384756', appId: '18273645', page: 'auth-settings' },
    ],
    [
      'https://developer.x.com/en/portal/projects/1293847561029384756/apps/18273645/',
      { host: 'developer.x.com', projectId: '1293847561029384756', appId: '18273645', page: 'app' },
    ],
    [
      'https://developer.x.com/en/portal/apps/27364518/keys',
      { host: 'developer.x.com', appId: '27364518', page: 'keys' },
    ],
    [
      'https://developer.x.com/en/portal/apps/27364518/keys#top',
      { host: 'developer.x.com', appId: '27364518', page: 'keys' },
    ],
    ['https://developer.x.com/en/portal/dashboard', { host: 'developer.x.com', page: 'dashboard' }],
    ['https://developer.x.com/en/portal/projects-and-apps', { host: 'developer.x.com', page: 'apps' }],
    [
      'https://developer.x.com/en/portal/projects/1293847561029384756',
      { host: 'developer.x.com', projectId: '1293847561029384756', page: 'apps' },
    ],
    ['https://developer.x.com/en/docs/x-api', { host: 'developer.x.com', page: 'other' }],
    [
      'https://console.x.com/accounts/1811223344556677889/apps',
      { host: 'console.x.com', accountId: '1811223344556677889', page: 'apps' },
    ],
    [
      'https://console.x.com/accounts/1811223344556677889/apps/31415926',
      { host: 'console.x.com', accountId: '1811223344556677889', appId: '31415926', page: 'app' },
    ],
    [
      'https://console.x.com/accounts/1811223344556677889/apps/settings?appId=31415926',
      { host: 'console.x.com', accountId: '1811223344556677889', appId: '31415926', page: 'settings' },
    ],
    [
      'https://console.x.com/accounts/1811223344556677889',
      { host: 'console.x.com', accountId: '1811223344556677889', page: 'dashboard' },
    ],
    ['https://console.x.com/', { host: 'console.x.com', page: 'other' }],
  ])('%s', (url, expected) => {
    expect(parsePortalUrl(url)).toStrictEqual(expected);
  });

  it.each([
    'https://x.com/home',
    'https://docs.x.com/x-api/introduction',
    'https://apps.twitter.com/app/123',
    'https://developer.x.com.example.net/en/portal/apps/27364518/keys',
    'http://developer.x.com/en/portal/apps/27364518/keys',
    'not a url',
    '',
  ])('is null for %s', (url) => {
    expect(parsePortalUrl(url)).toBeNull();
  });

  it('takes an appId from the query only as the portal writes ids, and detects on such a page', () => {
    const base = 'https://console.x.com/accounts/1811223344556677889/apps/settings';
    for (const query of ['((', 'abc', '1.5', '%2A', '']) {
      expect(parsePortalUrl(`${base}?appId=${query}`)).toStrictEqual({
        host: 'console.x.com',
        accountId: '1811223344556677889',
        page: 'settings',
      });
      const html = `<div role="dialog"><p>API Key</p><p>Gh5Jk8Lm2Np4Qr6St8Uv0Wx2Y</p></div>`;
      expect(found(detectIn(html, `${base}?appId=${query}`))).toEqual([
        { kind: 'apiKey', value: 'Gh5Jk8Lm2Np4Qr6St8Uv0Wx2Y' },
      ]);
    }
  });
});

describe('maskPreview', () => {
  it.each([
    [DOCS_BEARER_TOKEN, 'AAAA…cE3F'],
    [DOCS_CLIENT_ID, 'M1M5…pjaQ'],
    ['abcdefghijkl', 'abcd…ijkl'],
    ['abcdefghijk', 'ab…jk'],
    ['abcde', 'ab…de'],
    ['abcd', '…'],
    ['', '…'],
  ])('%s → %s', (value, preview) => {
    expect(maskPreview(value)).toBe(preview);
  });
});

describe('isRegenerateConfirmation', () => {
  const button = (html: string, text: string) => {
    const doc = parse(html);
    const el = [...doc.querySelectorAll('button, [role="button"]')].find((b) => b.textContent?.trim() === text);
    if (!el) throw new Error(`no button ${text}`);
    // Clicks land on the button's inner span as often as on the button.
    return el.querySelector('span') ?? el;
  };
  const confirm = (title: string, body: string, yes: string) =>
    `<div role="dialog" aria-modal="true"><h2>${title}</h2><p>${body}</p><button>Cancel</button><button><span>${yes}</span></button></div>`;

  it.each([
    [
      'a confirmation naming the API Key and Secret first',
      confirm(
        'Are you sure?',
        'Regenerating your API Key and Secret will invalidate your Access Token and Secret.',
        'Yes, regenerate',
      ),
      'Yes, regenerate',
      'apiKey',
    ],
    [
      'an Access Token confirmation',
      confirm('Regenerate Access Token and Secret', 'Your old Access Token will stop working.', 'Yes, regenerate'),
      'Yes, regenerate',
      'accessToken',
    ],
    [
      'a Bearer Token confirmation',
      confirm('Regenerate Bearer Token?', 'Apps using it will stop working.', 'Regenerate'),
      'Regenerate',
      'bearerToken',
    ],
    [
      'a Client Secret confirmation',
      confirm('Are you sure?', 'This will regenerate your Client Secret.', 'Yes, regenerate'),
      'Yes, regenerate',
      'clientSecret',
    ],
    [
      'Generate under Bearer Token on the tab',
      '<section><h2>Authentication Tokens</h2><div><h3>Bearer Token</h3><button>Generate</button></div><div><h3>Access Token and Secret</h3><button>Generate</button></div></section>',
      'Generate',
      'bearerToken',
    ],
    [
      'Generate under Access Token and Secret on the tab',
      '<section><h2>Authentication Tokens</h2><div><h3>Bearer Token</h3><p>••••</p></div><div><h3>Access Token and Secret</h3><div role="button">Generate</div></div></section>',
      'Generate',
      'accessToken',
    ],
  ])('%s', (_, html, text, group) => {
    expect(isRegenerateConfirmation(button(html, text))?.group).toBe(group);
  });

  it('gives the kinds each pair replaces', () => {
    const el = button(confirm('API Key and Secret', 'Are you sure?', 'Yes, regenerate'), 'Yes, regenerate');
    expect(isRegenerateConfirmation(el)?.kinds).toEqual(['apiKey', 'apiKeySecret']);
  });

  it('tells the console OAuth 2.0 token generation from OAuth 1.0a', () => {
    const doc = parse(readFixture('console-keys-tab.html'));
    const generates = [...doc.querySelectorAll('button')].filter((b) => b.textContent === 'Generate');
    expect(generates.map((b) => isRegenerateConfirmation(b)?.group)).toEqual(['accessToken', 'oauth2Token']);
  });

  it.each([
    ['Cancel', confirm('API Key and Secret', 'Are you sure?', 'Yes, regenerate'), 'Cancel'],
    [
      'the closing button',
      '<div role="dialog"><h2>API Key and Secret</h2><p>API Key</p><button>Yes, I saved them</button></div>',
      'Yes, I saved them',
    ],
    // On the tab, "Regenerate" only opens the confirmation.
    [
      'Regenerate on the tab',
      '<section><h2>Consumer Keys</h2><h3>API Key and Secret</h3><button>Regenerate</button></section>',
      'Regenerate',
    ],
    ['Copy', '<section><h2>Consumer Keys</h2><button>Copy</button></section>', 'Copy'],
  ])('is null for %s', (_, html, text) => {
    expect(isRegenerateConfirmation(button(html, text))).toBeNull();
  });

  it('is null outside any button', () => {
    const p = parse('<p>Yes, regenerate</p>').querySelector('p');
    expect(p && isRegenerateConfirmation(p)).toBeNull();
  });
});
