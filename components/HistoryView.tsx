import { dueText } from '@/utils/rotation';
import type { AppSummary, CredentialSummary } from '@/utils/vault/vault';
import { kindLabel } from './CredentialRow';
import { appTitle } from './VaultView';

interface Props {
  app: AppSummary;
  now: number;
  onBack: () => void;
}

// Calendar dates in UTC, so the same record reads the same on every machine.
const day = (at: number) => new Date(at).toISOString().slice(0, 10);

function statusText(c: CredentialSummary): string {
  if (c.status === 'superseded')
    return c.supersededAt === undefined ? 'superseded' : `superseded ${day(c.supersededAt)}`;
  return c.status;
}

/** Every version of an App's credentials, by kind, newest first: when each was regenerated. */
export function HistoryView({ app, now, onBack }: Props) {
  const title = appTitle(app);
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
                </li>
              ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
