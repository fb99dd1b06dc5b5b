import type { ComponentChildren } from 'preact';
import type { AppSummary, CredentialSummary } from '@/utils/vault/vault';
import { CredentialRow } from './CredentialRow';

interface Props {
  apps: AppSummary[];
  notice?: string;
  onLock: () => void;
  onCopy: (credential: CredentialSummary, label: string) => void;
  children?: ComponentChildren;
}

export const appTitle = (app: AppSummary) =>
  app.appName ?? (app.portalAppId ? `App ${app.portalAppId}` : 'Unnamed App');

/** The unlocked vault: what has been saved, by App. */
export function VaultView({ apps, notice, onLock, onCopy }: Props) {
  return (
    <div class="screen">
      <header class="bar">
        <h1>OnceKey</h1>
        <button type="button" onClick={onLock}>
          Lock
        </button>
      </header>
      <p role="status" class="notice">
        {notice}
      </p>
      {apps.length === 0 ? (
        <div class="empty">
          <p>
            <strong>Nothing saved yet.</strong>
          </p>
          <p class="muted">
            Open an App's <em>Keys and tokens</em> tab on developer.x.com or console.x.com and press Regenerate (or
            create an App). When the portal shows the new values, press <strong>Save to OnceKey</strong> beside them.
          </p>
        </div>
      ) : (
        apps.map((app) => (
          <section key={app.id} aria-label={appTitle(app)} class="app">
            <h2>{appTitle(app)}</h2>
            {app.projectName && <p class="muted">{app.projectName}</p>}
            <ul>
              {app.credentials
                .filter((c) => c.status === 'active')
                .map((c) => (
                  <CredentialRow key={c.id} credential={c} onCopy={onCopy} />
                ))}
            </ul>
          </section>
        ))
      )}
    </div>
  );
}
