// Everything OnceKey knows about the X developer portal's pages, in one place.
// Checked 2026-11 against docs/portal.md (X's docs, public tools that read the portal,
// and a sanitised capture of console.x.com from May 2026). The live portal could not be
// reached: when it changes, this file (and tests/fixtures/portal/) is what to update.
//
// Detection leans on visible texts and value formats, which X keeps stable across redesigns;
// class names changed with every redesign (Bootstrap, then Tailwind, then shadcn), so no
// class name appears here.

// The kinds, their labels and their value formats live in ../kinds.ts (the vault and the
// popup check formats too); re-exported here so detection code has one import.
import { KIND_LABELS, KINDS, type Kind, matchesFormat } from '../kinds';

export { KIND_LABELS, KINDS, type Kind, matchesFormat };

// ---------------------------------------------------------------------------------------
// Labels: the portal's text right above (or beside) each value. Matched case-insensitively
// against an element's own text, trailing colon ignored. One label can name two kinds: the
// console's OAuth 2.0 "Access Token" shares its label with OAuth 1.0a's, so the value's
// format decides between them (checked in the order listed).

export const LABEL_SYNONYMS: Record<Kind, readonly string[]> = {
  // Older portal "API Key"; 2020 creation screen "API key"; console "Consumer Key".
  apiKey: ['API Key', 'Consumer Key'],
  // 2020 screen "API secret key"; console "Secret Key".
  apiKeySecret: ['API Key Secret', 'API Secret', 'API Secret Key', 'Consumer Secret', 'Secret Key'],
  bearerToken: ['Bearer Token'],
  accessToken: ['Access Token'],
  accessTokenSecret: ['Access Token Secret'],
  clientId: ['Client ID'],
  clientSecret: ['Client Secret'],
  // [U] the console's labels for the OAuth 2.0 user tokens were not captured.
  oauth2AccessToken: ['Access Token', 'OAuth 2.0 Access Token', 'User Access Token'],
  oauth2RefreshToken: ['Refresh Token', 'OAuth 2.0 Refresh Token'],
};

/** Lower-cased label text → the kinds it may name, most likely first. */
export const LABEL_INDEX: ReadonlyMap<string, readonly Kind[]> = (() => {
  const index = new Map<string, Kind[]>();
  for (const kind of KINDS) {
    for (const label of LABEL_SYNONYMS[kind]) {
      const key = label.toLowerCase();
      index.set(key, [...(index.get(key) ?? []), kind]);
    }
  }
  return index;
})();

/**
 * A mask, not a value: only the characters the portal draws masks with ("••••", "****",
 * "xxxx"), or a hint that shows a value's first characters and masks the rest ("Q7xv" then
 * x's), which has a run of eight. A random base-62 value of 110 characters has such a run by
 * chance fewer than once in 10^9.
 */
export const MASKED = /^[•*xX·.\u2022\u00b7\u2219\u25cf\s]+$|[•*xX\u2022\u25cf]{8}/;

// ---------------------------------------------------------------------------------------
// Where values may be offered. Outside a dialog, only on an App's keys view.

/** Dialogs: ARIA roles first, the native element as a fallback. */
export const DIALOG_SELECTOR = '[role="dialog"], [role="alertdialog"], [aria-modal="true"], dialog[open]';

/** Texts of the "Keys and tokens" tab (older portal) and "Keys & Tokens" (console). */
export const KEYS_TAB_TEXT = /^keys\s*(?:and|&)\s*tokens$/i;

/** Section titles that only the keys view renders; their presence means that tab is open. */
export const KEYS_SECTION_TITLES: readonly string[] = [
  'Consumer Keys',
  'API Key and Secret',
  'Authentication Tokens',
  'Access Token and Secret',
  'OAuth 2.0 Client ID and Client Secret',
  // [U] console groups
  'App-Only Authentication',
  'OAuth 1.0 Keys',
  'OAuth 2.0 Keys',
];

/** The 2020 App-creation screen, which shows fresh values outside any dialog. */
export const CREATION_SCREEN_TITLE = /here are your keys\s*(?:&|and)\s*tokens/i;

// ---------------------------------------------------------------------------------------
// Names around the values.

/** console.x.com: "Your application NAME has been created successfully." */
export const APP_CREATED_SENTENCE = /your (?:application|app) (.+?) has been created/i;

/** Headings and tab names that are never an App's or a project's name. */
export const GENERIC_TITLES: readonly string[] = [
  'Dashboard',
  'Projects & Apps',
  'Projects and Apps',
  'Overview',
  'Apps',
  'Settings',
  'App details',
  'App settings',
  'Keys and tokens',
  'Keys & Tokens',
  'Permissions',
  'User authentication settings',
  'Application Created Successfully',
  'Here are your keys & tokens',
  'Developer Portal',
  'Developer Console',
];

/** "For @handle" beside an access token (older portal and console). */
export const HANDLE_TEXT = /\bFor\s+@([A-Za-z0-9_]{1,15})\b/;

/** Permission phrases, longest first: "Created with Read Only permissions", console "· Read". */
export const PERMISSION_TEXTS: readonly string[] = [
  'Read, Write, and Direct Messages',
  'Read, Write and Direct Messages',
  'Read and Write',
  'Read Only',
  'Read-only',
  'Read',
];
export const PERMISSION_CONTEXT = /Created with (.+?) permissions?|·\s*(Read[^·\n]*)/i;

// ---------------------------------------------------------------------------------------
// Regeneration. [U] the exact confirmation texts were not captured; these are the ones
// public accounts of the portal quote.

/** Buttons that (re)generate once pressed. "Regenerate" alone opens a confirmation when it
 * sits on the keys tab, so it only counts inside a dialog. */
export const CONFIRM_BUTTON_TEXTS = {
  always: [/^yes,?\s*regenerate\b/i, /^yes,?\s*generate\b/i],
  inDialog: [/^regenerate\b/i, /^generate\b/i],
  outsideDialog: [/^generate$/i],
} as const;

export type RegenerateGroup = 'apiKey' | 'bearerToken' | 'accessToken' | 'clientSecret' | 'oauth2Token';

/** Which pair a regeneration replaces, found by the titles near the button. On a tie
 * (one title inside another) the earlier entry wins. */
export const REGENERATE_GROUPS: ReadonlyArray<{
  group: RegenerateGroup;
  kinds: readonly Kind[];
  titles: readonly RegExp[];
}> = [
  {
    group: 'apiKey',
    kinds: ['apiKey', 'apiKeySecret'],
    titles: [/API Key and Secret/i, /Consumer Keys?/i, /API Keys?/i],
  },
  {
    group: 'accessToken',
    kinds: ['accessToken', 'accessTokenSecret'],
    titles: [/Access Token and Secret/i, /Access Token/i],
  },
  { group: 'bearerToken', kinds: ['bearerToken'], titles: [/Bearer Token/i] },
  {
    group: 'clientSecret',
    kinds: ['clientSecret'],
    titles: [/Client ID and Client Secret/i, /Client Secret/i],
  },
  {
    // [U] console: "Generate an access token and refresh token for your own account".
    group: 'oauth2Token',
    kinds: ['oauth2AccessToken', 'oauth2RefreshToken'],
    titles: [/refresh token/i],
  },
];

// ---------------------------------------------------------------------------------------
// URLs (docs/portal.md, "Hosts and URLs"). Paths may carry a locale ("/en/").

export const DEVELOPER_PATHS = {
  locale: /^\/[a-z]{2}(?:-[a-z]{2})?(?=\/)/i,
  projectApp: /^\/portal\/projects\/(\d+)\/apps\/(\d+)(?:\/([a-z-]+))?\/?$/,
  standaloneApp: /^\/portal\/apps\/(\d+)(?:\/([a-z-]+))?\/?$/,
  newApp: /^\/portal\/(?:projects\/(\d+)\/)?apps\/new\/?$/,
  project: /^\/portal\/projects\/(\d+)(?:\/.*)?$/,
  dashboard: /^\/portal\/dashboard\/?$/,
  appsList: /^\/portal\/projects-and-apps\/?$/,
  oldApp: /^\/apps\/(\d+)(?:\/([a-z-]+))?\/?$/,
  oldAppsList: /^\/apps\/?$/,
  appArea: /^\/(?:portal|apps)(?:\/|$)/,
} as const;

export const CONSOLE_PATHS = {
  // "settings" and "new" are pages of the list, not App ids.
  app: /^\/accounts\/([^/]+)\/apps\/(?!settings\b|new\b)([A-Za-z0-9_-]+)(?:\/([a-z-]+))?\/?$/,
  appSettings: /^\/accounts\/([^/]+)\/apps\/settings\/?$/,
  appsList: /^\/accounts\/([^/]+)\/apps(?:\/new)?\/?$/,
  account: /^\/accounts\/([^/]+)(?:\/.*)?$/,
  appArea: /^\/accounts\//,
} as const;
