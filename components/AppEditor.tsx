import { useId, useState } from 'preact/hooks';

interface Props {
  appName: string;
  notes: string;
  onSave: (changes: { appName: string; notes: string }) => void;
}

/** An App's name and notes, both encrypted in the vault. */
export function AppEditor({ appName, notes, onSave }: Props) {
  const [name, setName] = useState(appName);
  const [text, setText] = useState(notes);
  const nameId = useId();
  const notesId = useId();
  return (
    <form
      class="editor"
      onSubmit={(event) => {
        event.preventDefault();
        onSave({ appName: name, notes: text });
      }}
    >
      <label for={nameId}>App name</label>
      <input id={nameId} value={name} maxLength={200} onInput={(e) => setName(e.currentTarget.value)} />
      <label for={notesId}>Notes</label>
      <textarea id={notesId} value={text} maxLength={2000} rows={3} onInput={(e) => setText(e.currentTarget.value)} />
      <button type="submit" disabled={name === appName && text === notes}>
        Save App details
      </button>
    </form>
  );
}
