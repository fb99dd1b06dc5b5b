import { useState } from 'preact/hooks';
import { passphraseStrength } from '@/utils/passphrase';
import { PassphraseField } from './PassphraseField';

interface Props {
  busy: boolean;
  /** Resolves to whether the vault was re-encrypted (the form then forgets what was typed). */
  onRekey: (oldPassphrase: string, newPassphrase: string) => Promise<boolean>;
}

/**
 * "Change passphrase and re-encrypt everything", for after a suspected compromise: what it
 * does, and what it cannot undo, before the user commits to it.
 */
export function RekeyForm({ busy, onRekey }: Props) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const strength = passphraseStrength(next);
  const ready = !busy && !!current && strength.acceptable && next === confirm;
  return (
    <form
      class="screen nested"
      aria-label="Re-encrypt everything"
      onSubmit={(event) => {
        event.preventDefault();
        if (!ready) return;
        void onRekey(current, next).then((done) => {
          if (!done) return;
          setCurrent('');
          setNext('');
          setConfirm('');
        });
      }}
    >
      <h2>Re-encrypt everything</h2>
      <p class="muted">
        If you think someone had a copy of this browser profile, or of a backup, and your passphrase: OnceKey makes a
        new vault key and a new key pair, re-encrypts every App and credential under them with a new passphrase, and
        empties the deleted items. The copy they have no longer opens what you save from now on.
      </p>
      <p class="muted">
        It cannot undo what they had: an old copy of the profile or an old backup still opens with the old passphrase,
        and shows everything it held then. Regenerate on the portal every key you think was exposed, then download a new
        backup.
      </p>
      <PassphraseField label="Passphrase now" value={current} onInput={setCurrent} autoComplete="current-password" />
      <PassphraseField
        label="New passphrase for the re-encrypted vault"
        value={next}
        onInput={setNext}
        autoComplete="new-password"
      />
      {next && <p class="strength">{`Strength: ${strength.label}. ${strength.hint}`.trim()}</p>}
      <PassphraseField
        label="Confirm the new passphrase"
        value={confirm}
        onInput={setConfirm}
        autoComplete="new-password"
      />
      <button type="submit" class="danger" disabled={!ready}>
        Change passphrase and re-encrypt everything
      </button>
    </form>
  );
}
