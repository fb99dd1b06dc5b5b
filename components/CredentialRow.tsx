import { canDo } from '@/utils/doctor/abilities';
import type { DoctorApp } from '@/utils/doctor/app';
import { permissionDrift, staleSentence } from '@/utils/doctor/status';
import { KIND_LABELS, type Kind } from '@/utils/kinds';
import { ageText, dueText, type RotationState, rotates, rotationState } from '@/utils/rotation';
import type { CredentialSummary } from '@/utils/vault/types';

interface Props {
  credential: CredentialSummary;
  now: number;
  onCopy: (credential: CredentialSummary, label: string) => void;
  /** The value, while the user has it revealed. */
  revealed?: string;
  onReveal?: (credential: CredentialSummary) => void;
  onHide?: () => void;
  /** Its App, for what the doctor says of it: "permissions changed", "possibly stale". */
  app?: DoctorApp;
}

export const kindLabel = (kind: string) => KIND_LABELS[kind as Kind] ?? kind;

const BADGES: Record<RotationState, string> = { fresh: 'fresh', due: 'due soon', overdue: 'overdue' };

/** What a credential can do, and what the doctor warns of: the row's and History's lines. */
export function doctorLines(credential: CredentialSummary, app: DoctorApp | undefined) {
  const drift = app && permissionDrift(app, credential);
  return {
    can: canDo(credential.kind, credential),
    drift: drift?.sentence,
    stale: staleSentence(credential),
  };
}

export function CredentialRow({ credential, now, onCopy, revealed, onReveal, onHide, app }: Props) {
  const label = kindLabel(credential.kind);
  const doctor = doctorLines(credential, app);
  // The Client ID never rotates: no due date, no badge, even with one from an old backup (as the toolbar badge).
  const dueAt = rotates(credential.kind) ? credential.dueAt : undefined;
  const state = dueAt === undefined ? undefined : rotationState(dueAt, now);
  const due = dueAt === undefined ? 'never rotates' : dueText(dueAt, now);
  return (
    <li class="row">
      <div class="row-main">
        <span class="kind">{label}</span>
        {state && (
          <span class={`badge badge-${state}`} title={due}>
            {BADGES[state]}
          </span>
        )}
        {doctor.drift && <span class="badge badge-doctor badge-drift">permissions changed</span>}
        {doctor.stale && <span class="badge badge-doctor badge-stale">possibly stale</span>}
        {/* The title is mouse-only; screen readers get the due date as text. */}
        <span class="sr-only">, {due}</span>
        {/* "Copy" alone keeps the row on one line at 360px; the name still says what is copied. */}
        {onReveal && (
          <button
            type="button"
            class="copy"
            aria-label={`${revealed === undefined ? 'Reveal' : 'Hide'} ${label}`}
            aria-pressed={revealed !== undefined}
            onClick={() => (revealed === undefined ? onReveal(credential) : onHide?.())}
            onBlur={() => revealed !== undefined && onHide?.()}
          >
            {/* The visible word starts the accessible name (WCAG 2.5.3): speech users say what they see. */}
            {revealed === undefined ? 'Reveal' : 'Hide'}
          </button>
        )}
        <button type="button" class="copy" aria-label={`Copy ${label}`} onClick={() => onCopy(credential, label)}>
          Copy
        </button>
      </div>
      <p class="row-meta muted">
        {revealed === undefined ? (
          <span class="masked" aria-hidden="true">
            ••••••••
          </span>
        ) : (
          <code class="revealed">{revealed}</code>
        )}
        <span>{ageText(credential.createdAt, credential.version, now)}</span>
        {credential.handle && <span>@{credential.handle.replace(/^@/, '')}</span>}
        {credential.permission && <span>{credential.permission}</span>}
      </p>
      {doctor.can && <p class="row-can muted">{doctor.can}</p>}
      {doctor.drift && <p class="row-warning">{doctor.drift}</p>}
      {doctor.stale && <p class="row-warning">{doctor.stale}</p>}
    </li>
  );
}
