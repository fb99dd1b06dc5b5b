/**
 * Credentials that another one's regeneration may invalidate (docs/portal.md, "Rotation and
 * what regeneration invalidates"). X documents only some of it: regenerating the API Key and
 * Secret is said to invalidate the App's Bearer Token and OAuth 1.0a Access Tokens, and
 * rotating the Client Secret its OAuth 2.0 user tokens. So OnceKey says "possibly stale",
 * lets the user confirm one still works, and never retires anything on that basis.
 */
import { KIND_LABELS, type Kind } from '../kinds';

/** A pair whose regeneration leaves others possibly stale, and those others. */
export interface Dependency {
  /** The kinds whose new values mean the pair was regenerated. */
  regenerated: readonly Kind[];
  /** The pair in words: "API Key and Secret". */
  name: string;
  dependents: readonly Kind[];
}

export const DEPENDENCIES: readonly Dependency[] = [
  {
    regenerated: ['apiKey', 'apiKeySecret'],
    name: 'API Key and Secret',
    dependents: ['bearerToken', 'accessToken', 'accessTokenSecret'],
  },
  {
    regenerated: ['clientSecret'],
    name: KIND_LABELS.clientSecret,
    dependents: ['oauth2AccessToken', 'oauth2RefreshToken'],
  },
];

/** The kinds a regeneration of these kinds leaves possibly stale. */
export function dependentsOf(kinds: Iterable<string>): Kind[] {
  const regenerated = [...kinds];
  return DEPENDENCIES.filter((d) => d.regenerated.some((k) => regenerated.includes(k))).flatMap((d) => d.dependents);
}

/** The pair whose regeneration makes this kind possibly stale, if any. */
export function dependencyOf(kind: string): Dependency | undefined {
  return DEPENDENCIES.find((d) => (d.dependents as readonly string[]).includes(kind));
}
