/**
 * Copy as code: what every snippet builds on. A snippet reads each value from the environment
 * variable its App's export preset names (utils/export/presets.ts), or, on the user's explicit
 * choice, writes the value in. Pure functions: no browser API.
 */
import type { Kind } from '../../kinds';

export interface SnippetInput {
  /** The variable name of each kind (the App's export preset). */
  names: Record<Kind, string>;
  /** The kinds the App has a current version of. */
  kinds: readonly Kind[];
  /** The values, only when the user chose to write them into the code. */
  values?: Partial<Record<Kind, string>>;
}

export interface Snippet {
  id: string;
  /** "Tweepy (Python)". */
  label: string;
  /** The language of the code, for its checks and file name. */
  language: 'python' | 'javascript' | 'typescript' | 'shell';
  /** The code, or undefined when the App has none of what the snippet uses. */
  build(input: SnippetInput): string | undefined;
}

/** The OAuth 1.0a user-context four: API Key and Secret, Access Token and Secret. */
export const USER_CONTEXT: readonly Kind[] = ['apiKey', 'apiKeySecret', 'accessToken', 'accessTokenSecret'];

export const has = (input: SnippetInput, kinds: readonly Kind[]) => kinds.every((k) => input.kinds.includes(k));

/**
 * A value as code: a string literal when written in (values are letters, digits, "-", "_"
 * and "%", so a JSON string is a valid Python, JavaScript and TypeScript literal), else the
 * language's read of the environment variable.
 */
export function valueExpression(input: SnippetInput, kind: Kind, read: (name: string) => string): string {
  const value = input.values?.[kind];
  return value === undefined ? read(input.names[kind]) : JSON.stringify(value);
}
