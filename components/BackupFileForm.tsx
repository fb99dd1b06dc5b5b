import { useId, useState } from 'preact/hooks';
import { PassphraseField } from './PassphraseField';

interface Props {
  /** "Restore" or "Merge backup". */
  action: string;
  busy?: boolean;
  /** The largest file OnceKey reads (bytes); bigger ones are refused before reading. */
  maxBytes: number;
  onSubmit: (text: string, passphrase: string) => void;
}

/** Picks a backup file and takes the passphrase it was made with. */
export function BackupFileForm({ action, busy, maxBytes, onSubmit }: Props) {
  const [file, setFile] = useState<File>();
  const [passphrase, setPassphrase] = useState('');
  const [problem, setProblem] = useState<string>();
  const fileId = useId();
  return (
    <form
      class="editor"
      aria-label={action}
      onSubmit={(event) => {
        event.preventDefault();
        if (!file || !passphrase) return;
        if (file.size > maxBytes) {
          setProblem('This file is far larger than any OnceKey backup; nothing was read.');
          return;
        }
        setProblem(undefined);
        // A file moved, changed or removed since it was chosen cannot be read: say so.
        void file.text().then(
          (text) => onSubmit(text, passphrase),
          () => setProblem('This file could not be read (moved or changed since you chose it?): choose it again.'),
        );
      }}
    >
      <label for={fileId}>Backup file</label>
      <input
        id={fileId}
        type="file"
        accept=".json,application/json"
        onChange={(event) => setFile(event.currentTarget.files?.[0])}
      />
      <PassphraseField
        label="Passphrase of the backup"
        value={passphrase}
        onInput={setPassphrase}
        autoComplete="current-password"
      />
      {problem && (
        <p role="alert" class="error">
          {problem}
        </p>
      )}
      <button type="submit" disabled={busy || !file || !passphrase}>
        {busy ? 'Working…' : action}
      </button>
    </form>
  );
}
