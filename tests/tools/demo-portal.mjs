// The demo's portal: a self-contained copy of one App's "Keys and tokens" tab on
// developer.x.com, built from ../../../shared/portal.md and tests/fixtures/portal/. Its
// Regenerate and Generate buttons work as the portal's do: "Are you sure…" then "Yes,
// regenerate", then the modal that shows fresh values once. Every value is made up, in the
// formats portal.md gives, by the same generator in Node (fakeCredential) and in the page.

/** The App the demo shows. Ids have the portal's lengths (project 19 digits, App 8). */
export const DEMO_APP = Object.freeze({
  projectId: '1847261930485716203',
  projectName: 'OnceKey Demo',
  appId: '31415927',
  appName: 'oncekey-demo-app',
  /** The account the App's Access Token belongs to ("For @handle") and its numeric id. */
  handle: 'oncekeydemo',
  userId: '1847261930485716210',
  permission: 'Read and Write',
  /** The Client ID stays the same when the Client Secret is regenerated. */
  clientId: 'dmhrSUliMVV0Y2pMbDViMzZpWGw6MTpjaQ',
  /** The "API Key hint" shown before the first regeneration. */
  apiKeyHint: 'r7Kp',
});

/**
 * Makes fake credentials from a source of random bytes. Self-contained on purpose: the
 * demo page inlines this function's source, so Node and the page share one generator.
 * `app` gives the parts that belong to the App rather than to one value.
 */
export function credentialMaker(getRandomValues) {
  const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const URL_SAFE = `${ALNUM}-_`;
  // Rejection sampling: every character of the alphabet equally likely.
  const pick = (alphabet, n) => {
    const limit = 256 - (256 % alphabet.length);
    let out = '';
    while (out.length < n) {
      for (const byte of getRandomValues(new Uint8Array(n))) {
        if (byte < limit && out.length < n) out += alphabet[byte % alphabet.length];
      }
    }
    return out;
  };
  const base64 = (bytes) => btoa(String.fromCharCode(...bytes));
  return {
    apiKey: () => pick(ALNUM, 25),
    apiKeySecret: () => pick(ALNUM, 50),
    // URL-encoded base64 of 44 bytes: 16 zero bytes (the 21 leading "A"s), the App id
    // (little endian, where portal.md suspects real tokens carry it), 20 random bytes; the
    // padding "=" becomes "%3D"; then 50 alphanumerics.
    bearerToken: (app) => {
      const bytes = new Uint8Array(44);
      let id = Number(app.appId);
      for (let i = 16; i < 24; i++, id = Math.floor(id / 256)) bytes[i] = id % 256;
      bytes.set(getRandomValues(new Uint8Array(20)), 24);
      return encodeURIComponent(base64(bytes)) + pick(ALNUM, 50);
    },
    // 19-digit user ids come with 30 characters after the dash.
    accessToken: (app) => `${app.userId}-${pick(ALNUM, 30)}`,
    accessTokenSecret: () => pick(ALNUM, 45),
    // Unpadded base64 of "<20 of [A-Za-z0-9_-]>:1:ci": 34 characters ending in "6MTpjaQ".
    clientId: () => base64(new TextEncoder().encode(`${pick(URL_SAFE, 20)}:1:ci`)).replace(/=+$/, ''),
    clientSecret: () => pick(URL_SAFE, 50),
  };
}

export const DEMO_KINDS = Object.freeze([
  'apiKey',
  'apiKeySecret',
  'bearerToken',
  'accessToken',
  'accessTokenSecret',
  'clientId',
  'clientSecret',
]);

const nodeMaker = credentialMaker((bytes) => globalThis.crypto.getRandomValues(bytes));

/** A fresh fake credential of `kind` (one of DEMO_KINDS), in the portal's format. */
export function fakeCredential(kind, app = DEMO_APP) {
  const make = nodeMaker[kind];
  if (!make) throw new Error(`fakeCredential: unknown kind ${kind}; expected one of ${DEMO_KINDS.join(', ')}`);
  return make(app);
}

// ---------------------------------------------------------------------------------------
// Pages

const ORIGIN = 'https://developer.x.com';
const appPath = (app) => `/en/portal/projects/${app.projectId}/apps/${app.appId}`;

/** Where the page lives on the real portal. */
export function keysUrl(app = DEMO_APP) {
  return `${ORIGIN}${appPath(app)}/keys`;
}

const escapeHtml = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** JSON that is safe inside an inline <script>. */
const scriptJson = (value) => JSON.stringify(value).replace(/</g, '\\u003c');

const STYLE = `
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  color: #0f1419; background: #fff; }
a { color: inherit; text-decoration: none; }
.topbar { display: flex; align-items: center; gap: 12px; height: 56px; padding: 0 24px; border-bottom: 1px solid #eff3f4; }
.logo { font-size: 24px; font-weight: 800; }
.topbar .product { font-weight: 700; }
.topbar .demo { margin-left: auto; font-size: 12px; color: #536471; border: 1px solid #cfd9de; border-radius: 999px;
  padding: 2px 10px; }
.layout { display: flex; min-height: calc(100vh - 56px); }
.sidebar { width: 248px; flex: none; padding: 16px 12px; border-right: 1px solid #eff3f4; }
.sidebar a { display: block; padding: 8px 12px; border-radius: 999px; font-weight: 500; }
.sidebar a:hover { background: #f7f9f9; }
.sidebar .group { margin: 20px 12px 4px; font-size: 12px; font-weight: 700; text-transform: uppercase; color: #536471; }
.sidebar .app-link { padding-left: 28px; font-weight: 700; background: #f7f9f9; }
main { flex: 1; max-width: 920px; padding: 20px 40px 48px; }
.crumbs ol { display: flex; gap: 8px; margin: 0; padding: 0; list-style: none; font-size: 14px; color: #536471; }
.crumbs li + li::before { content: "›"; margin-right: 8px; }
h1 { margin: 12px 0 16px; font-size: 28px; font-weight: 800; }
.tabs { display: flex; gap: 8px; border-bottom: 1px solid #eff3f4; margin-bottom: 24px; }
.tabs a { padding: 12px 16px; color: #536471; font-weight: 600; border-bottom: 4px solid transparent; }
.tabs a[aria-selected="true"] { color: #0f1419; font-weight: 700; border-bottom-color: #1d9bf0; }
.card { border: 1px solid #eff3f4; border-radius: 16px; padding: 20px 24px; margin-bottom: 20px; }
.card > h2 { margin: 0 0 4px; font-size: 20px; font-weight: 800; }
.item { display: flex; align-items: flex-start; justify-content: space-between; gap: 24px; padding: 16px 0;
  border-top: 1px solid #eff3f4; }
.card > h2 + .item, .card > p + .item { border-top: 0; }
.item h3 { margin: 0 0 2px; font-size: 16px; font-weight: 700; }
.muted { color: #536471; font-size: 14px; margin: 2px 0; }
.muted:empty { display: none; }
.mono { font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; font-size: 13px; }
.kv { display: grid; grid-template-columns: 140px 1fr auto; align-items: center; gap: 12px; padding: 10px 0; }
.kv .label { font-weight: 700; font-size: 14px; }
button { font: inherit; font-weight: 700; font-size: 14px; border-radius: 999px; padding: 6px 16px; cursor: pointer;
  border: 1px solid #cfd9de; background: #fff; color: #0f1419; white-space: nowrap; }
button:hover { background: #f7f9f9; }
button.primary { background: #0f1419; border-color: #0f1419; color: #fff; }
button.primary:hover { background: #272c30; }
button.danger { background: #f4212e; border-color: #f4212e; color: #fff; }
a.back { display: inline-block; border-radius: 999px; padding: 8px 20px; font-weight: 700; background: #0f1419; color: #fff; }
button:focus-visible { outline: 2px solid #1d9bf0; outline-offset: 2px; }
.overlay { position: fixed; inset: 0; display: flex; align-items: center; justify-content: center; padding: 24px;
  background: rgba(91, 112, 131, 0.4); }
.modal { width: 100%; max-width: 600px; max-height: calc(100vh - 48px); overflow: auto; background: #fff;
  border-radius: 16px; padding: 28px 32px; box-shadow: 0 8px 28px rgba(0, 0, 0, 0.2); outline: none; }
.modal h2 { margin: 0 0 8px; font-size: 22px; font-weight: 800; }
.modal .field { margin: 16px 0; }
.modal .field p { margin: 0 0 6px; font-weight: 700; font-size: 14px; }
.modal .value-row { display: flex; align-items: center; gap: 12px; background: #f7f9f9; border-radius: 8px; padding: 10px 12px; }
.modal code { flex: 1; word-break: break-all; font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace;
  font-size: 13px; }
.modal .actions { display: flex; justify-content: flex-end; gap: 12px; margin-top: 24px; }
.modal .actions button { padding: 10px 24px; }
`;

/** The page script: opens the confirmation, makes fresh values, shows them once. */
function pageScript(config, makeCredentials) {
  const make = makeCredentials((bytes) => crypto.getRandomValues(bytes));
  const root = document.getElementById('root');
  const PAIRS = {
    apiKey: {
      title: 'API Key and Secret',
      fields: [
        ['apiKey', 'API Key'],
        ['apiKeySecret', 'API Key Secret'],
      ],
    },
    bearerToken: { title: 'Bearer Token', fields: [['bearerToken', 'Bearer Token']] },
    accessToken: {
      title: 'Access Token and Secret',
      fields: [
        ['accessToken', 'Access Token'],
        ['accessTokenSecret', 'Access Token Secret'],
      ],
      owner: true,
    },
    clientSecret: {
      title: 'OAuth 2.0 Client ID and Client Secret',
      noun: 'Client Secret',
      fields: [
        ['clientId', 'Client ID'],
        ['clientSecret', 'Client Secret'],
      ],
    },
  };

  const h = (tag, attributes, ...children) => {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes ?? {})) el.setAttribute(name, value);
    el.append(...children);
    return el;
  };

  let open = null;
  let returnFocus = null;
  // Like react-modal: one dialog at a time, the page hidden from assistive technology under it.
  const openDialog = (labelledBy, content) => {
    closeDialog();
    returnFocus = document.activeElement;
    const dialog = h('div', { role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': labelledBy, class: 'modal' });
    dialog.tabIndex = -1;
    dialog.append(...content);
    open = h('div', { class: 'ReactModal__Overlay overlay' }, dialog);
    document.body.append(open);
    root.setAttribute('aria-hidden', 'true');
    dialog.focus();
    return dialog;
  };
  const closeDialog = () => {
    if (!open) return;
    open.remove();
    open = null;
    root.removeAttribute('aria-hidden');
    returnFocus?.focus?.();
  };

  const confirmRegenerate = (pair) => {
    const noun = PAIRS[pair].noun ?? PAIRS[pair].title;
    const yes = h('button', { type: 'button', class: 'danger' }, 'Yes, regenerate');
    const cancel = h('button', { type: 'button' }, 'Cancel');
    yes.addEventListener('click', () => showOnce(pair));
    cancel.addEventListener('click', closeDialog);
    openDialog('confirm-title', [
      h('h2', { id: 'confirm-title' }, `Are you sure you want to regenerate your ${noun}?`),
      h(
        'p',
        { class: 'muted' },
        `This will invalidate your current ${noun}. Anything that uses it will stop working until you update it with the new one.`,
      ),
      h('div', { class: 'actions' }, cancel, yes),
    ]);
  };

  const showOnce = (pair) => {
    const { title, fields, owner } = PAIRS[pair];
    const values = Object.fromEntries(
      fields.map(([kind]) => [kind, kind === 'clientId' ? config.app.clientId : make[kind](config.app)]),
    );
    const plural = fields.length > 1;
    const done = h('button', { type: 'button', class: 'primary' }, plural ? 'Yes, I saved them' : 'Yes, I saved it');
    done.addEventListener('click', () => {
      closeDialog();
      shown(pair, values);
    });
    openDialog('once-title', [
      h('h2', { id: 'once-title' }, title),
      h(
        'p',
        { class: 'muted' },
        plural
          ? "For security, this will be the last time we'll fully display these. If something happens, you can always regenerate them."
          : "For security, this will be the last time we'll fully display it. If something happens, you can always regenerate it.",
      ),
      ...(owner
        ? [
            h('p', { class: 'muted' }, `For @${config.app.handle}`),
            h('p', { class: 'muted' }, `Created with ${config.app.permission} permissions`),
          ]
        : []),
      ...fields.map(([kind, label], i) => {
        const copy = h('button', { type: 'button' }, 'Copy');
        copy.addEventListener('click', () =>
          navigator.clipboard.writeText(values[kind]).then(() => {
            copy.textContent = 'Copied';
          }),
        );
        return h(
          'div',
          { class: 'field', role: 'group', 'aria-labelledby': `once-label-${i}` },
          h('p', { id: `once-label-${i}` }, label),
          h('div', { class: 'value-row' }, h('code', {}, values[kind]), copy),
        );
      }),
      h('div', { class: 'actions' }, done),
    ]);
  };

  // After the modal: the tab shows masks and hints again, as the portal does.
  const shown = (pair, values) => {
    const item = document.querySelector(`[data-pair="${pair}"]`);
    if (pair === 'apiKey') document.getElementById('api-key-hint').textContent = values.apiKey.slice(0, 4);
    if (pair === 'accessToken' && !config.accessTokenGenerated) {
      config.accessTokenGenerated = true;
      document.getElementById('access-token-state').textContent = `Created with ${config.app.permission} permissions`;
      document.getElementById('access-token-mask').textContent = `${config.app.userId}-••••••••••••`;
    }
    const button = item?.querySelector('button');
    if (button) button.textContent = 'Regenerate';
  };

  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('[data-pair] button') : null;
    if (!button) return;
    const pair = button.closest('[data-pair]').dataset.pair;
    // Generating for the first time invalidates nothing: no confirmation.
    if (button.textContent.trim() === 'Generate') showOnce(pair);
    else confirmRegenerate(pair);
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && open?.querySelector('#confirm-title')) closeDialog();
  });
  document.querySelector('[aria-label="Copy Client ID"]').addEventListener('click', (event) => {
    navigator.clipboard.writeText(config.app.clientId).then(() => {
      event.target.textContent = 'Copied';
    });
  });
}

/** The Keys and tokens tab of `app`, every value masked except the Client ID. */
export function keysPage(app = DEMO_APP) {
  const e = escapeHtml;
  const base = appPath(app);
  const config = { app, accessTokenGenerated: false };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Keys and tokens | ${e(app.appName)} | Developer Portal</title>
<style>${STYLE}</style>
</head>
<body>
<div id="root">
  <header class="topbar">
    <span class="logo" aria-hidden="true">𝕏</span><span class="product">Developer Portal</span>
    <span class="demo">OnceKey demo · local copy, made-up values</span>
  </header>
  <div class="layout">
    <nav class="sidebar" aria-label="Portal">
      <a href="/en/portal/dashboard">Dashboard</a>
      <a href="/en/portal/projects-and-apps">Projects &amp; Apps</a>
      <p class="group">Projects</p>
      <a href="/en/portal/projects/${e(app.projectId)}">${e(app.projectName)}</a>
      <a class="app-link" href="${e(base)}/settings">${e(app.appName)}</a>
    </nav>
    <main>
      <nav class="crumbs" aria-label="Breadcrumb">
        <ol>
          <li><a href="/en/portal/projects-and-apps">Projects &amp; Apps</a></li>
          <li><a href="/en/portal/projects/${e(app.projectId)}">${e(app.projectName)}</a></li>
          <li><a href="${e(base)}/settings">${e(app.appName)}</a></li>
        </ol>
      </nav>
      <h1>${e(app.appName)}</h1>
      <div class="tabs" role="tablist">
        <a role="tab" aria-selected="false" href="${e(base)}/settings">Settings</a>
        <a role="tab" aria-selected="true" aria-current="page" href="${e(base)}/keys">Keys and tokens</a>
      </div>

      <section class="card" aria-labelledby="consumer-keys">
        <h2 id="consumer-keys">Consumer Keys</h2>
        <div class="item" data-pair="apiKey">
          <div>
            <h3>API Key and Secret</h3>
            <p class="muted">Think of these as the user name and password that represents your App when making API requests.</p>
            <p class="muted">API Key hint: <span class="mono" id="api-key-hint">${e(app.apiKeyHint)}</span>•••••••••••••••••••••</p>
          </div>
          <button type="button">Regenerate</button>
        </div>
      </section>

      <section class="card" aria-labelledby="authentication-tokens">
        <h2 id="authentication-tokens">Authentication Tokens</h2>
        <div class="item" data-pair="bearerToken">
          <div>
            <h3>Bearer Token</h3>
            <p class="muted">Authenticates requests on behalf of your App.</p>
            <p class="muted mono">••••••••••••••••••••••••</p>
          </div>
          <button type="button">Regenerate</button>
        </div>
        <div class="item" data-pair="accessToken">
          <div>
            <h3>Access Token and Secret</h3>
            <p class="muted">For @${e(app.handle)}</p>
            <p class="muted" id="access-token-state">Not generated yet</p>
            <p class="muted mono" id="access-token-mask"></p>
          </div>
          <button type="button">Generate</button>
        </div>
      </section>

      <section class="card" aria-labelledby="oauth2-keys">
        <h2 id="oauth2-keys">OAuth 2.0 Client ID and Client Secret</h2>
        <p class="muted">Use these to authenticate with OAuth 2.0.</p>
        <div class="kv">
          <span class="label">Client ID:</span>
          <span class="mono">${e(app.clientId)}</span>
          <button type="button" aria-label="Copy Client ID">Copy</button>
        </div>
        <div class="kv" data-pair="clientSecret">
          <span class="label">Client Secret:</span>
          <span class="mono">xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx</span>
          <button type="button">Regenerate</button>
        </div>
      </section>
    </main>
  </div>
</div>
<script>
(${pageScript.toString()})(${scriptJson(config)}, ${credentialMaker.toString()});
</script>
</body>
</html>
`;
}

/** Any other portal URL: the demo has one page; say so and link back to it. */
export function otherPage(url, app = DEMO_APP) {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Not in the demo | Developer Portal</title><style>${STYLE}</style></head>
<body><main>
<h1>Not part of the demo</h1>
<p class="muted">The OnceKey demo copies one page of the portal; ${escapeHtml(url)} is not it.</p>
<p><a class="back" href="${escapeHtml(keysUrl(app))}">Back to Keys and tokens</a></p>
</main></body>
</html>
`;
}
