import { useState } from 'preact/hooks';
import { commandText, visibleText } from '@/utils/command-line';
import { canDo } from '@/utils/doctor/abilities';
import { FORMAT_NAMES } from '@/utils/export/labels';
import { KIND_LABELS } from '@/utils/kinds';
import { dueText, isoDay, rotates } from '@/utils/rotation';
import type { AppEvent, AppSummary, CredentialSummary, ReadBy } from '@/utils/vault/types';
import { AddCredentialForm, type NewCredential } from './AddCredentialForm';
import { AppEditor } from './AppEditor';
import { doctorLines, kindLabel } from './CredentialRow';
import { Notice } from './Notice';
import { ReadyFor } from './ReadyFor';
import { RotateByForm } from './RotateByForm';
import { appTitle } from './VaultView';

type Retirement = 'regenerated' | 'revoked';
/** What a press asks to confirm: a retirement, a deletion, or making an old version current again. */
type Confirmable = Retirement | 'delete' | 'current';

interface Props {
  app: AppSummary;
  now: number;
  onBack: () => void;
  /** Marks an active version regenerated or revoked outside OnceKey. */
  onMark?: (credential: CredentialSummary, as: Retirement) => void;
  /** The user says a possibly stale credential still works. */
  onStillWorks?: (credential: CredentialSummary) => void;
  /** Sets the current version's own "rotate by" date, or null for its kind's period again. */
  onRotateBy?: (credential: CredentialSummary, at: number | null) => void;
  /** Makes a superseded or revoked version current again. */
  onMakeCurrent?: (credential: CredentialSummary) => void;
  /** Saves a new App name or notes. */
  onEdit?: (changes: { appName: string; notes: string }) => void;
  /** Adds a pasted credential to this App. */
  onAdd?: (credential: NewCredential) => void;
  onDeleteCredential?: (credential: CredentialSummary) => void;
  onDeleteApp?: () => void;
  notice?: string;
  /** What happened to the App's credentials, newest first, once loaded. */
  events?: AppEvent[];
  /** Offered beside the notice ("Undo" after a deletion). */
  action?: { label: string; run: () => void };
}

const day = isoDay;

const minute = (at: number) => new Date(at).toISOString().slice(0, 16).replace('T', ' ');

const LABEL_ORDER = Object.values(KIND_LABELS) as string[];
const byKindLabel = (a: string, b: string) => LABEL_ORDER.indexOf(a) - LABEL_ORDER.indexOf(b);

const VERBS: Record<string, string> = {
  captured: 'saved',
  regenerated: 'regenerated',
  revoked: 'marked revoked',
  copied: 'copied',
  superseded: 'superseded: its regeneration’s new values were shown on the portal',
};

/** "read by `node bot.js` in ~/pipit: API Key, API Key Secret" (the command line's reads). */
const readLine = (by: ReadBy) =>
  `read by \`${commandText(by.argv)}\` in ${visibleText(by.cwd)}: ${by.kinds.map(kindLabel).sort(byKindLabel).join(', ')}`;

/** One line an event; an export's events (same time, same format) make one line. */
export function activityLines(events: AppEvent[]): { at: number; text: string }[] {
  const lines: { at: number; text: string; format?: string; kinds: string[] }[] = [];
  for (const e of events) {
    const kind = e.kind ? kindLabel(e.kind) : 'credentials';
    const version = e.version === undefined ? kind : `${kind} v${e.version}`;
    if (e.type === 'restored') {
      lines.push({ at: e.at, text: `made ${version} current again`, kinds: [] });
      continue;
    }
    if (e.type === 'superseded') {
      lines.push({ at: e.at, text: `${version} ${VERBS.superseded}`, kinds: [] });
      continue;
    }
    const last = lines.at(-1);
    if (e.type === 'exported' && last && last.format === e.format && last.at === e.at) {
      last.kinds.push(kind);
      continue;
    }
    if (e.type === 'exported') lines.push({ at: e.at, text: '', format: e.format ?? '', kinds: [kind] });
    else if (e.type === 'read' && e.by) lines.push({ at: e.at, text: readLine(e.by), kinds: [] });
    else lines.push({ at: e.at, text: `${kind} ${VERBS[e.type] ?? e.type}`, kinds: [] });
  }
  return lines.map(({ at, text, format, kinds }) => ({
    at,
    text:
      format === undefined
        ? text
        : `exported as ${FORMAT_NAMES[format as keyof typeof FORMAT_NAMES] ?? format}: ${kinds.sort(byKindLabel).join(', ')}`,
  }));
}

function statusText(c: CredentialSummary): string {
  if (c.status !== 'active' && c.supersededAt !== undefined) return `${c.status} ${day(c.supersededAt)}`;
  return c.status;
}

/** Every version of an App's credentials, by kind, newest first: when each was regenerated. */
export function HistoryView({
  app,
  now,
  onBack,
  onMark,
  onRotateBy,
  onStillWorks,
  onMakeCurrent,
  onEdit,
  onAdd,
  onDeleteCredential,
  onDeleteApp,
  notice,
  events,
  action,
}: Props) {
  const title = appTitle(app);
  // Marking and deleting: the first press asks, the second one does it.
  const [confirming, setConfirming] = useState<{ id: string; as: Confirmable }>();
  const ask = (id: string, as: Confirmable, run: () => void) => () => {
    if (confirming?.id !== id || confirming.as !== as) return setConfirming({ id, as });
    setConfirming(undefined);
    run();
  };
  const asking = (id: string, as: Confirmable) => confirming?.id === id && confirming.as === as;
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
      <Notice text={notice} action={action} />
      {app.regenerations?.map((r) => (
        <p key={r.startedAt} class="pending-regeneration">
          Regeneration started on {minute(r.startedAt)} UTC; no new values seen for{' '}
          {r.kinds.map(kindLabel).sort(byKindLabel).join(' and ')}. Its versions below stay current.
        </p>
      ))}
      {app.activityFull && (
        <p class="muted">
          The portal has caused so much activity for this App that later lines are not recorded; every version is still
          listed below.
        </p>
      )}
      {app.notes && <p class="notes">{app.notes}</p>}
      {onEdit && <AppEditor key={app.id} appName={app.appName ?? ''} notes={app.notes ?? ''} onSave={onEdit} />}
      {onAdd && (
        <details class="nested">
          <summary>Add a credential to {title}</summary>
          <AddCredentialForm key={app.id} today={day(now)} onAdd={onAdd} />
        </details>
      )}
      <ReadyFor app={app} open />
      {[...byKind].map(([kind, versions]) => (
        <section key={kind} aria-label={kindLabel(kind)} class="history">
          <h2>{kindLabel(kind)}</h2>
          <p class="can-do muted">{canDo(kind, versions.find((c) => c.status === 'active') ?? versions[0])}</p>
          <ol>
            {versions
              .sort((a, b) => b.version - a.version)
              .map((c) => (
                <li key={c.id} class={`version version-${c.status}`}>
                  <span>
                    v{c.version} · created {day(c.createdAt)} · {statusText(c)}
                  </span>
                  {/* A Client ID from an old backup may carry a due date: it never rotates all the same. */}
                  {c.status === 'active' && c.dueAt !== undefined && rotates(kind) && (
                    <span class="muted">
                      {' '}
                      · {dueText(c.dueAt, now)}
                      {c.rotateBy !== undefined && ' (your date)'}
                    </span>
                  )}
                  {c.status === 'active' && c.dueAt !== undefined && rotates(kind) && onRotateBy && (
                    <RotateByForm
                      label={kindLabel(kind)}
                      rotateBy={c.rotateBy}
                      now={now}
                      onSave={(at) => onRotateBy(c, at)}
                    />
                  )}
                  {c.status === 'active' &&
                    Object.entries(doctorLines(c, app))
                      .filter(([line, text]) => line !== 'can' && text)
                      .map(([line, text]) => (
                        <p key={line} class="row-warning">
                          {text}
                        </p>
                      ))}
                  <span class="actions">
                    {c.possiblyStaleSince !== undefined && c.status === 'active' && onStillWorks && (
                      <button type="button" class="small" onClick={() => onStillWorks(c)}>
                        {kindLabel(kind)} still works
                      </button>
                    )}
                    {c.status === 'active' &&
                      onMark &&
                      (['regenerated', 'revoked'] as const).map((as) => (
                        <button key={as} type="button" class="small" onClick={ask(c.id, as, () => onMark(c, as))}>
                          {asking(c.id, as)
                            ? `Confirm: mark ${kindLabel(kind)} ${as}`
                            : `Mark ${kindLabel(kind)} ${as}`}
                        </button>
                      ))}
                    {c.status !== 'active' && onMakeCurrent && (
                      <button type="button" class="small" onClick={ask(c.id, 'current', () => onMakeCurrent(c))}>
                        {asking(c.id, 'current')
                          ? `Confirm: make ${kindLabel(kind)} v${c.version} current again`
                          : `Make ${kindLabel(kind)} v${c.version} current again`}
                      </button>
                    )}
                    {onDeleteCredential && (
                      <button
                        type="button"
                        class="small danger"
                        onClick={ask(c.id, 'delete', () => onDeleteCredential(c))}
                      >
                        {asking(c.id, 'delete')
                          ? `Confirm: delete ${kindLabel(kind)} v${c.version}`
                          : `Delete ${kindLabel(kind)} v${c.version}`}
                      </button>
                    )}
                  </span>
                </li>
              ))}
          </ol>
        </section>
      ))}
      {events && events.length > 0 && (
        <section aria-label="Activity" class="history">
          <h2>Activity</h2>
          <ol class="activity">
            {activityLines(events).map((line, i) => (
              <li key={i}>
                <span class="muted">{minute(line.at)} UTC</span> {line.text}
              </li>
            ))}
          </ol>
        </section>
      )}
      {onDeleteApp && (
        <button type="button" class="danger" onClick={ask(app.id, 'delete', onDeleteApp)}>
          {asking(app.id, 'delete')
            ? `Confirm: delete ${title} and its ${app.credentials.length} credential${app.credentials.length === 1 ? '' : 's'}`
            : `Delete ${title}`}
        </button>
      )}
    </div>
  );
}
