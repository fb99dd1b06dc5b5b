import { KIND_LABELS, type Kind } from './kinds';
import type { AppSummary, CredentialSummary } from './vault/types';

// Haystacks are cached per object: the popup filters the same list on every keystroke, so
// lower-casing 1,000 credentials once instead of per keystroke keeps typing instant.
const appText = new WeakMap<AppSummary, string>();
const credentialText = new WeakMap<CredentialSummary, string>();

function textOfApp(app: AppSummary): string {
  let text = appText.get(app);
  if (text === undefined) {
    text = [app.appName, app.projectName, app.portalAppId, app.host, app.notes].join('\n').toLowerCase();
    appText.set(app, text);
  }
  return text;
}

function textOfCredential(credential: CredentialSummary): string {
  let text = credentialText.get(credential);
  if (text === undefined) {
    const label = KIND_LABELS[credential.kind as Kind] ?? '';
    // "@alice" and "alice" should both find a handle, however it was stored.
    const handle = credential.handle ? `@${credential.handle.replace(/^@/, '')}` : '';
    text = [credential.kind, label, handle].join('\n').toLowerCase();
    credentialText.set(credential, text);
  }
  return text;
}

/**
 * The Apps and credentials matching every whitespace-separated term of the query. A term
 * may match the App or the credential: "prod bearer" finds the Bearer Token of the "prod"
 * App. An App matching on its own keeps all its credentials.
 */
export function filterApps(apps: AppSummary[], query: string): AppSummary[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return apps;
  const result: AppSummary[] = [];
  for (const app of apps) {
    const ofApp = textOfApp(app);
    const missing = terms.filter((term) => !ofApp.includes(term));
    if (missing.length === 0) {
      result.push(app);
      continue;
    }
    const credentials = app.credentials.filter((c) => {
      const ofCredential = textOfCredential(c);
      return missing.every((term) => ofCredential.includes(term));
    });
    if (credentials.length > 0) result.push({ ...app, credentials });
  }
  return result;
}
