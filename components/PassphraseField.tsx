import { useId } from 'preact/hooks';

interface Props {
  label: string;
  value: string;
  onInput: (value: string) => void;
  autoComplete: 'new-password' | 'current-password';
  autoFocus?: boolean;
  describedBy?: string;
}

export function PassphraseField({ label, value, onInput, autoComplete, autoFocus, describedBy }: Props) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        type="password"
        value={value}
        autoComplete={autoComplete}
        // The popup exists to take this passphrase: focusing it is what the user expects.
        // biome-ignore lint/a11y/noAutofocus: the popup's one field, like every password manager's
        autoFocus={autoFocus}
        spellcheck={false}
        aria-describedby={describedBy}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
    </div>
  );
}
