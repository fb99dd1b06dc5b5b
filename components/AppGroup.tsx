import { staleNotes } from '@/utils/export/labels';
import type { AppSummary, CredentialSummary } from '@/utils/vault/types';
import { CredentialRow } from './CredentialRow';
import { ReadyFor } from './ReadyFor';

/** What the user can do with an App and its credentials in the list. */
export interface AppActions {
  onCopy: (credential: CredentialSummary, label: string) => void;
  /** The one credential whose value is on display, if any. */
  revealed?: { id: string; value: string };
  onReveal?: (credential: CredentialSummary) => void;
  onHide?: () => void;
  onHistory: (app: AppSummary) => void;
  onExport?: (app: AppSummary) => void;
}

interface Props extends AppActions {
  app: AppSummary;
  /** What the user calls the App (VaultView's appTitle): the region's name and heading. */
  title: string;
  /** The credentials to list: the App's active ones, narrowed by the search. */
  credentials: CredentialSummary[];
  now: number;
}

/** One App in the vault: its current credentials, and the way to its older versions. */
export function AppGroup({
  app,
  title,
  credentials,
  now,
  onCopy,
  revealed,
  onReveal,
  onHide,
  onHistory,
  onExport,
}: Props) {
  return (
    <section aria-label={title} class="app">
      <div class="app-head">
        <div class="app-title">
          <h2>{title}</h2>
          {app.projectName && <p class="muted">{app.projectName}</p>}
        </div>
        {onExport && (
          <button type="button" class="small" aria-label={`Export ${title}`} onClick={() => onExport(app)}>
            Export
          </button>
        )}
        <button type="button" class="small" aria-label={`History for ${title}`} onClick={() => onHistory(app)}>
          History
        </button>
      </div>
      {staleNotes(app).map((text) => (
        <p key={text} class="stale">
          {text}
        </p>
      ))}
      <ul>
        {credentials.map((c) => (
          <CredentialRow
            key={c.id}
            credential={c}
            now={now}
            onCopy={onCopy}
            revealed={revealed?.id === c.id ? revealed.value : undefined}
            onReveal={onReveal}
            onHide={onHide}
            app={app}
          />
        ))}
      </ul>
      <ReadyFor app={app} />
    </section>
  );
}
