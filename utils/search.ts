import { KIND_LABELS, type Kind } from './kinds';
import type { AppSummary, CredentialSummary } from './vault/types';

/**
 * The popup's search, on an index built once per list: every App's and credential's text
 * lower-cased ahead of time, so a keystroke on 1,000 credentials is a scan of plain strings
 * (no lower-casing, no allocation per record, no lookup per record).
 */
export interface SearchIndex {
  readonly apps: AppSummary[];
  readonly entries: readonly IndexEntry[];
}

interface IndexEntry {
  app: AppSummary;
  text: string;
  credentials: readonly { credential: CredentialSummary; text: string }[];
}

const appText = (app: AppSummary) =>
  [app.appName, app.projectName, app.portalAppId, app.host, app.notes].join('\n').toLowerCase();

function credentialText(credential: CredentialSummary): string {
  const label = KIND_LABELS[credential.kind as Kind] ?? '';
  // "@alice" and "alice" should both find a handle, however it was stored.
  const handle = credential.handle ? `@${credential.handle.replace(/^@/, '')}` : '';
  return [credential.kind, label, handle].join('\n').toLowerCase();
}

/** The index of a list; build it when the list changes, not per keystroke. */
export function searchIndex(apps: AppSummary[]): SearchIndex {
  return {
    apps,
    entries: apps.map((app) => ({
      app,
      text: appText(app),
      credentials: app.credentials.map((credential) => ({ credential, text: credentialText(credential) })),
    })),
  };
}

/**
 * The Apps and credentials matching every whitespace-separated term of the query. A term
 * may match the App or the credential: "prod bearer" finds the Bearer Token of the "prod"
 * App. An App matching on its own keeps all its credentials, and is the same object as in
 * the list (so a list that renders it need not render it again).
 */
export function search(index: SearchIndex, query: string): AppSummary[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return index.apps;
  const result: AppSummary[] = [];
  const missing: string[] = [];
  for (const { app, text, credentials } of index.entries) {
    missing.length = 0;
    for (const term of terms) if (!text.includes(term)) missing.push(term);
    if (missing.length === 0) {
      result.push(app);
      continue;
    }
    const found: CredentialSummary[] = [];
    for (const c of credentials) if (missing.every((term) => c.text.includes(term))) found.push(c.credential);
    if (found.length > 0) result.push({ ...app, credentials: found });
  }
  return result;
}

/** `search` on a list indexed for this one query (tests, and callers that search once). */
export function filterApps(apps: AppSummary[], query: string): AppSummary[] {
  return search(searchIndex(apps), query);
}
