/** Naming presets: the variable name each credential kind gets in an export. */
import { KINDS, type Kind } from '../kinds';

export type PresetId = 'x' | 'xdk' | 'tweepy' | 'twitter-api-v2' | 'twitter' | 'custom';

/** A naming scheme for the variables. For 'custom', `names` holds the suffixes the user's prefix goes before. */
export interface Preset {
  id: PresetId;
  label: string;
  names: Record<Kind, string>;
}

const X_SUFFIXES: Record<Kind, string> = {
  apiKey: 'API_KEY',
  apiKeySecret: 'API_SECRET',
  bearerToken: 'BEARER_TOKEN',
  accessToken: 'ACCESS_TOKEN',
  accessTokenSecret: 'ACCESS_TOKEN_SECRET',
  clientId: 'CLIENT_ID',
  clientSecret: 'CLIENT_SECRET',
  oauth2AccessToken: 'OAUTH2_ACCESS_TOKEN',
  oauth2RefreshToken: 'OAUTH2_REFRESH_TOKEN',
};

function prefixed(prefix: string): Record<Kind, string> {
  const names = {} as Record<Kind, string>;
  for (const kind of KINDS) names[kind] = prefix + X_SUFFIXES[kind];
  return names;
}

/** The names OAuth 2.0 kinds get in presets whose source names only the OAuth 1.0a and app-only ones. */
const OAUTH2_NAMES = {
  clientId: 'CLIENT_ID',
  clientSecret: 'CLIENT_SECRET',
  oauth2AccessToken: 'OAUTH2_ACCESS_TOKEN',
  oauth2RefreshToken: 'OAUTH2_REFRESH_TOKEN',
} as const;

export const PRESETS: readonly Preset[] = [
  { id: 'x', label: 'X_ prefix (X_API_KEY…)', names: prefixed('X_') },
  {
    // X's own samples (github.com/xdevplatform/samples) and the XDK examples.
    id: 'xdk',
    label: 'X sample code (CONSUMER_KEY…)',
    names: {
      apiKey: 'CONSUMER_KEY',
      apiKeySecret: 'CONSUMER_SECRET',
      bearerToken: 'BEARER_TOKEN',
      accessToken: 'ACCESS_TOKEN',
      accessTokenSecret: 'ACCESS_TOKEN_SECRET',
      ...OAUTH2_NAMES,
    },
  },
  {
    // tweepy's tests/config.py.
    id: 'tweepy',
    label: 'Tweepy (CONSUMER_KEY, ACCESS_KEY…)',
    names: {
      apiKey: 'CONSUMER_KEY',
      apiKeySecret: 'CONSUMER_SECRET',
      bearerToken: 'BEARER_TOKEN',
      accessToken: 'ACCESS_KEY',
      accessTokenSecret: 'ACCESS_SECRET',
      ...OAUTH2_NAMES,
    },
  },
  {
    // twitter-api-v2's test/utils.ts.
    id: 'twitter-api-v2',
    label: 'twitter-api-v2 (CONSUMER_TOKEN, OAUTH_TOKEN…)',
    names: {
      apiKey: 'CONSUMER_TOKEN',
      apiKeySecret: 'CONSUMER_SECRET',
      bearerToken: 'BEARER_TOKEN',
      accessToken: 'OAUTH_TOKEN',
      accessTokenSecret: 'OAUTH_SECRET',
      ...OAUTH2_NAMES,
    },
  },
  { id: 'twitter', label: 'TWITTER_ prefix (TWITTER_API_KEY…)', names: prefixed('TWITTER_') },
  { id: 'custom', label: 'Custom prefix', names: prefixed('') },
];

export function findPreset(id: PresetId): Preset | undefined {
  return PRESETS.find((preset) => preset.id === id);
}

const PREFIX_PATTERN = /^(?:[A-Z_][A-Z0-9_]{0,39})?$/;

/** A custom prefix: upper-case letters, digits and underscores, not starting with a digit, at most 40; may be empty. */
export function isValidPrefix(prefix: string): boolean {
  return PREFIX_PATTERN.test(prefix);
}

/** `isValidPrefix` in words, for the sentence that refuses a prefix. */
export const PREFIX_RULE = 'only upper-case letters A–Z, digits and underscores, not starting with a digit, at most 40';

/**
 * The variable name of each kind under a preset. For 'custom' this is `customPrefix` + the 'x' preset's names
 * without "X_"; the prefix is not checked here (the popup previews as the user types): use `isValidPrefix`.
 */
export function variableNames(preset: PresetId, customPrefix?: string): Record<Kind, string> {
  if (preset === 'custom') return prefixed(customPrefix ?? '');
  const found = findPreset(preset);
  if (!found) throw new Error(`Unknown naming preset: ${String(preset)}`);
  return { ...found.names };
}
