import { useState } from 'preact/hooks';
import { PassphraseField } from './PassphraseField';

interface Props {
  busy: boolean;
  error?: string;
  onUnlock: (passphrase: string) => void;
}

export function UnlockForm({ busy, error, onUnlock }: Props) {
  const [passphrase, setPassphrase] = useState('');
  return (
    <form
      class="screen"
      onSubmit={(event) => {
        event.preventDefault();
        if (passphrase && !busy) onUnlock(passphrase);
        setPassphrase('');
      }}
    >
      <h1>OnceKey is locked</h1>
      <PassphraseField
        label="Passphrase"
        value={passphrase}
        onInput={setPassphrase}
        autoComplete="current-password"
        autoFocus
      />
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy || !passphrase}>
        {busy ? 'Unlocking…' : 'Unlock'}
      </button>
    </form>
  );
}
