import { useState } from 'preact/hooks';
import { dueText } from '@/utils/rotation';
import type { AppSummary, CredentialSummary } from '@/utils/vault/vault';
import { AppEditor } from './AppEditor';
import { kindLabel } from './CredentialRow';
import { appTitle } from './VaultView';

type Retirement = 'regenerated' | 'revoked';

interface Props {
  app: AppSummary;
  now: number;
  onBack: () => void;
  /** Marks an active version regenerated or revoked outside OnceKey. */
  onMark?: (credential: CredentialSummary, as: Retirement) => void;
  /** Saves a new App name or notes. */
  onEdit?: (changes: { appName: string; notes: string }) => void;
  notice?: string;
}

// Calendar dates in UTC, so the same record reads the same on every machine.
const day = (at: number) => new Date(at).toISOString().slice(0, 10);

function statusText(c: CredentialSummary): string {
  if (c.status !== 'active' && c.supersededAt !== undefined) return `${c.status} ${day(c.supersededAt)}`;
  return c.status;
}

/** Every version of an App's credentials, by kind, newest first: when each was regenerated. */
export function HistoryView({ app, now, onBack, onMark, onEdit, notice }: Props) {
  const title = appTitle(app);
  // Marking cannot be undone: the first press asks, the second one marks.
  const [confirming, setConfirming] = useState<{ id: string; as: Retirement }>();
  const byKind = new Map<string, CredentialSummary[]>();
  for (const c of app.credentials) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c]);

  return (
    <div class="screen">
      <header class="bar">
        <h1>History of {title}</h1>
        <button type="button" onClick={onBack}>
          Back
        </button>
      </header>
      {app.projectName && <p class="muted">{app.projectName}</p>}
      <p role="status" class="notice">
        {notice}
      </p>
      {app.notes && <p class="notes">{app.notes}</p>}
      {onEdit && <AppEditor key={app.id} appName={app.appName ?? ''} notes={app.notes ?? ''} onSave={onEdit} />}
      {[...byKind].map(([kind, versions]) => (
        <section key={kind} aria-label={kindLabel(kind)} class="history">
          <h2>{kindLabel(kind)}</h2>
          <ol>
            {versions
              .sort((a, b) => b.version - a.version)
              .map((c) => (
                <li key={c.id} class={`version version-${c.status}`}>
                  <span>
                    v{c.version} · created {day(c.createdAt)} · {statusText(c)}
                  </span>
                  {c.status === 'active' && <span class="muted"> · {dueText(c.dueAt, now)}</span>}
                  {c.status === 'active' && onMark && (
                    <span class="actions">
                      {(['regenerated', 'revoked'] as const).map((as) => {
                        const asking = confirming?.id === c.id && confirming.as === as;
                        return (
                          <button
                            key={as}
                            type="button"
                            class="small"
                            onClick={() => {
                              if (!asking) return setConfirming({ id: c.id, as });
                              setConfirming(undefined);
                              onMark(c, as);
                            }}
                          >
                            {asking ? `Confirm: mark ${kindLabel(kind)} ${as}` : `Mark ${kindLabel(kind)} ${as}`}
                          </button>
                        );
                      })}
                    </span>
                  )}
                </li>
              ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
