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
