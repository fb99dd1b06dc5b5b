import { useId, useState } from 'preact/hooks';
import { formatProblem, KIND_LABELS, KINDS, type Kind, matchesFormat } from '@/utils/kinds';

export interface NewCredential {
  kind: Kind;
  value: string;
  /** Midnight UTC of the day the user says it was created, if not today. */
  createdAt?: number;
  appName?: string;
  projectName?: string;
}

interface Props {
  /** Ask for the App's name and project: the credential starts a new App. */
  newApp?: boolean;
  /** Today, as the date field's default and maximum (YYYY-MM-DD, UTC). */
  today: string;
  onAdd: (credential: NewCredential) => void;
  onCancel?: () => void;
}

/** Adds a credential the user already has (from before OnceKey) by pasting it. */
export function AddCredentialForm({ newApp, today, onAdd, onCancel }: Props) {
  const [kind, setKind] = useState<Kind>('apiKey');
  const [value, setValue] = useState('');
  const [date, setDate] = useState(today);
  const [appName, setAppName] = useState('');
  const [projectName, setProjectName] = useState('');
  const [problem, setProblem] = useState<string>();
  const ids = { kind: useId(), value: useId(), date: useId(), app: useId(), project: useId(), problem: useId() };

  return (
    <form
      class="editor"
      aria-label="Add a credential"
      onSubmit={(event) => {
        event.preventDefault();
        const trimmed = value.trim();
        if (newApp && !appName.trim()) return setProblem('Name the App this credential belongs to.');
        if (!matchesFormat(kind, trimmed)) {
          return setProblem(formatProblem(kind));
        }
        setProblem(undefined);
        const added: NewCredential = { kind, value: trimmed };
        if (date && date !== today) added.createdAt = Date.parse(`${date}T00:00:00Z`);
        if (newApp) {
          added.appName = appName.trim();
          if (projectName.trim()) added.projectName = projectName.trim();
        }
        onAdd(added);
        setValue('');
      }}
    >
      <h2>Add a credential</h2>
      {newApp && (
        <>
          <label for={ids.app}>App name</label>
          <input id={ids.app} value={appName} maxLength={200} onInput={(e) => setAppName(e.currentTarget.value)} />
          <label for={ids.project}>Project (optional)</label>
          <input
            id={ids.project}
            value={projectName}
            maxLength={200}
            onInput={(e) => setProjectName(e.currentTarget.value)}
          />
        </>
      )}
      <label for={ids.kind}>Kind</label>
      <select id={ids.kind} value={kind} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {KIND_LABELS[k]}
          </option>
        ))}
      </select>
      <label for={ids.value}>Value</label>
      <input
        id={ids.value}
        type="password"
        autoComplete="off"
        spellcheck={false}
        value={value}
        maxLength={512}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? ids.problem : undefined}
        onInput={(e) => setValue(e.currentTarget.value)}
      />
      <label for={ids.date}>Created or regenerated on</label>
      <input id={ids.date} type="date" value={date} max={today} onInput={(e) => setDate(e.currentTarget.value)} />
      {problem && (
        <p id={ids.problem} role="alert" class="error">
          {problem}
        </p>
      )}
      <div class="actions">
        <button type="submit" disabled={!value.trim()}>
          Add credential
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
