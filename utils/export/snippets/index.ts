/**
 * Every copy-as-code snippet, in the order the popup offers them. A new snippet is a file
 * beside this one exporting a `Snippet` (shared.ts) and its entry here, like the formats.
 */
import { curl } from './curl';
import { tweepy } from './tweepy';
import { twitterApiV2 } from './twitter-api-v2';
import { xdkPython } from './xdk-python';
import { xdkTypescript } from './xdk-typescript';

export const SNIPPETS = [tweepy, twitterApiV2, xdkPython, xdkTypescript, curl] as const;
export type SnippetId = (typeof SNIPPETS)[number]['id'];
export type { Snippet, SnippetInput } from './shared';

import type { SnippetInput } from './shared';

/** The snippet's code for an App's current credentials, named as `names` says; values only if `values` is given. */
export function buildSnippet(
  id: SnippetId,
  input: SnippetInput,
): { ok: true; text: string } | { ok: false; problem: string } {
  const snippet = SNIPPETS.find((s) => s.id === id);
  const text = snippet?.build(input);
  if (!snippet || text === undefined) {
    return {
      ok: false,
      problem: `${snippet?.label ?? id} needs the API Key and Secret with an Access Token and Secret, or a Bearer Token.`,
    };
  }
  return { ok: true, text };
}
