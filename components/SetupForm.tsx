import { useState } from 'preact/hooks';
import { passphraseStrength } from '@/utils/passphrase';
import { PassphraseField } from './PassphraseField';

interface Props {
  busy: boolean;
  error?: string;
  onCreate: (passphrase: string) => void;
}

/** First run: choose the passphrase that protects the vault. */
export function SetupForm({ busy, error, onCreate }: Props) {
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const strength = passphraseStrength(passphrase);
  const mismatch = confirm.length > 0 && confirm !== passphrase;
  const ready = strength.acceptable && confirm === passphrase && !busy;

  return (
    <form
      class="screen"
      onSubmit={(event) => {
        event.preventDefault();
        if (ready) onCreate(passphrase);
      }}
    >
      <h1>Create your OnceKey vault</h1>
      <p class="muted">
        Your passphrase encrypts every key OnceKey saves. It never leaves this browser and cannot be recovered: write it
        down somewhere safe.
      </p>
      <PassphraseField
        label="Passphrase"
        value={passphrase}
        onInput={setPassphrase}
        autoComplete="new-password"
        autoFocus
        describedBy="strength"
      />
      <p id="strength" class={`strength strength-${strength.label.replace(' ', '-')}`} aria-live="polite">
        {passphrase
          ? `Strength: ${strength.label}. ${strength.hint}`.trim()
          : 'Use a long passphrase: several unrelated words work well.'}
      </p>
      <PassphraseField label="Confirm passphrase" value={confirm} onInput={setConfirm} autoComplete="new-password" />
      {mismatch && <p class="muted">The passphrases do not match yet.</p>}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={!ready}>
        {busy ? 'Creating…' : 'Create vault'}
      </button>
    </form>
  );
}
