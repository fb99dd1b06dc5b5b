import { useState } from 'preact/hooks';
import { passphraseStrength } from '@/utils/passphrase';
import type { Settings } from '@/utils/vault/vault';
import { PassphraseField } from './PassphraseField';

interface Props {
  settings: Settings;
  busy: boolean;
  message?: string;
  onChange: (changes: Partial<Settings>) => void;
  onChangePassphrase: (oldPassphrase: string, newPassphrase: string) => void;
  onBack: () => void;
}

const AUTO_LOCK = [1, 5, 15, 30, 60, 240].map((m) => ({ value: m * 60, label: `${m} minute${m === 1 ? '' : 's'}` }));
const CLIPBOARD = [
  { value: 0, label: 'Never' },
  ...[10, 30, 60, 120].map((s) => ({ value: s, label: `After ${s} seconds` })),
];

function Select({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: number;
  options: { value: number; label: string }[];
  onChange: (value: number) => void;
}) {
  const known = options.some((o) => o.value === value);
  return (
    <label class="field">
      {label}
      <select value={String(value)} onChange={(event) => onChange(Number(event.currentTarget.value))}>
        {!known && <option value={String(value)}>{value} seconds</option>}
        {options.map((o) => (
          <option key={o.value} value={String(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function SettingsView({ settings, busy, message, onChange, onChangePassphrase, onBack }: Props) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const strength = passphraseStrength(next);
  return (
    <div class="screen">
      <header class="bar">
        <h1>Settings</h1>
        <button type="button" onClick={onBack}>
          Back
        </button>
      </header>
      <Select
        label="Lock after idle"
        value={settings.autoLockSeconds}
        options={AUTO_LOCK}
        onChange={(v) => onChange({ autoLockSeconds: v })}
      />
      <Select
        label="Clear copied values from the clipboard"
        value={settings.clipboardClearSeconds}
        options={CLIPBOARD}
        onChange={(v) => onChange({ clipboardClearSeconds: v })}
      />
      <label class="field">
        Rotation reminder (days)
        <input
          type="number"
          min={1}
          max={3650}
          value={settings.rotationDays}
          onChange={(event) => {
            const days = Number(event.currentTarget.value);
            if (Number.isInteger(days) && days >= 1 && days <= 3650) onChange({ rotationDays: days });
          }}
        />
      </label>
      <form
        class="screen nested"
        onSubmit={(event) => {
          event.preventDefault();
          if (strength.acceptable && next === confirm && current) onChangePassphrase(current, next);
        }}
      >
        <h2>Change passphrase</h2>
        <PassphraseField
          label="Current passphrase"
          value={current}
          onInput={setCurrent}
          autoComplete="current-password"
        />
        <PassphraseField label="New passphrase" value={next} onInput={setNext} autoComplete="new-password" />
        {next && <p class="strength">{`Strength: ${strength.label}. ${strength.hint}`.trim()}</p>}
        <PassphraseField
          label="Confirm new passphrase"
          value={confirm}
          onInput={setConfirm}
          autoComplete="new-password"
        />
        <button type="submit" disabled={busy || !current || !strength.acceptable || next !== confirm}>
          Change passphrase
        </button>
      </form>
      <p role="status" class="notice">
        {message}
      </p>
    </div>
  );
}
