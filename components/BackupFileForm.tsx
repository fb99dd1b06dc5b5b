import { useId, useRef, useState } from 'preact/hooks';
import { PassphraseField } from './PassphraseField';

/** What a chosen file says of itself (a sentence), or why it cannot be restored or merged; neither if nobody could tell. */
export interface Inspection {
  summary?: string;
  refused?: string;
}

interface Props {
  /** "Restore" or "Merge backup". */
  action: string;
  busy?: boolean;
  /** The largest file OnceKey reads (bytes); bigger ones are refused before reading. */
  maxBytes: number;
  /**
   * Checks a file as soon as it is chosen, before its passphrase is typed: a file that is no
   * backup, or a damaged one, is said at once and cannot be submitted.
   */
  inspect?: (text: string) => Promise<Inspection>;
  onSubmit: (text: string, passphrase: string) => void;
}

const TOO_LARGE = 'This file is far larger than any OnceKey backup; nothing was read.';
const UNREADABLE = 'This file could not be read (moved or changed since you chose it?): choose it again.';

/** Picks a backup file and takes the passphrase it was made with. */
export function BackupFileForm({ action, busy, maxBytes, inspect, onSubmit }: Props) {
  const [file, setFile] = useState<File>();
  const [passphrase, setPassphrase] = useState('');
  const [problem, setProblem] = useState<string>();
  const [inspection, setInspection] = useState<Inspection>({});
  /** Counts choices: an inspection that ends after another file was chosen is dropped. */
  const choices = useRef(0);
  const fileId = useId();
  const summaryId = useId();
  const problemId = useId();
  const choose = (chosen: File | undefined) => {
    const choice = ++choices.current;
    setFile(chosen);
    setProblem(undefined);
    setInspection({});
    if (!chosen || !inspect) return;
    if (chosen.size > maxBytes) {
      setProblem(TOO_LARGE);
      return;
    }
    void chosen.text().then(
      async (text) => {
        // No answer is no finding: the restore or merge says what it finds.
        const found = await inspect(text).catch((): Inspection => ({}));
        if (choice === choices.current) setInspection(found);
      },
      () => {
        if (choice === choices.current) setProblem(UNREADABLE);
      },
    );
  };
  const shown = problem ?? inspection.refused;
  return (
    <form
      class="editor"
      aria-label={action}
      onSubmit={(event) => {
        event.preventDefault();
        if (!file || !passphrase || inspection.refused) return;
        if (file.size > maxBytes) {
          setProblem(TOO_LARGE);
          return;
        }
        setProblem(undefined);
        // A file moved, changed or removed since it was chosen cannot be read: say so.
        void file.text().then(
          (text) => onSubmit(text, passphrase),
          () => setProblem(UNREADABLE),
        );
      }}
    >
      <label for={fileId}>Backup file</label>
      <input
        id={fileId}
        type="file"
        accept=".json,application/json"
        aria-describedby={shown ? problemId : inspection.summary ? summaryId : undefined}
        aria-invalid={shown ? true : undefined}
        onChange={(event) => choose(event.currentTarget.files?.[0])}
      />
      {/* Always there, so that a screen reader announces what the file holds when it is filled in. */}
      <p id={summaryId} class="muted file-summary" aria-live="polite">
        {inspection.summary}
      </p>
      <PassphraseField
        label="Passphrase of the backup"
        value={passphrase}
        onInput={setPassphrase}
        autoComplete="current-password"
      />
      {shown && (
        <p id={problemId} role="alert" class="error">
          {shown}
        </p>
      )}
      <button type="submit" disabled={busy || !file || !passphrase || !!inspection.refused}>
        {busy ? 'Working…' : action}
      </button>
    </form>
  );
}
