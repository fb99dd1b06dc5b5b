import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { KDF_PRESET_IDS, KDF_PRESETS, type KdfPreset } from '@/utils/crypto/kdf-presets';
import { KIND_LABELS, KINDS } from '@/utils/kinds';
import { passphraseStrength } from '@/utils/passphrase';
import type { KdfInfo, Settings, SettingsChange } from '@/utils/vault/types';
import { PassphraseField } from './PassphraseField';
import { RekeyForm } from './RekeyForm';

interface Props {
  settings: Settings;
  busy: boolean;
  message?: string;
  onChange: (changes: SettingsChange) => void;
  /** Resolves to whether the passphrase was changed (the form then forgets what was typed). */
  onChangePassphrase: (oldPassphrase: string, newPassphrase: string) => Promise<boolean>;
  /** Change passphrase and re-encrypt everything (a new vault key). */
  onRekey: (oldPassphrase: string, newPassphrase: string) => Promise<boolean>;
  /** Said beside the clipboard setting: what clearing the clipboard cannot reach. */
  clipboardHistory: string;
  /** The vault's key-derivation strength, once known. */
  kdf?: KdfInfo;
  /** What one unlock takes at each strength on this machine (ms), once estimated. */
  kdfTimes?: Record<KdfPreset, number>;
  onStrength: (passphrase: string, strength: KdfPreset) => Promise<boolean>;
  onBackup: () => void;
  /** The form that merges a backup file into this vault. */
  mergeForm: ComponentChildren;
  /** The "Command line" section (CommandLineSettings), if this browser has one. */
  commandLine?: ComponentChildren;
  onBack: () => void;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 1000 ? 2 : 1)} s`;
const validDays = (days: number) => Number.isInteger(days) && days >= 1 && days <= 3650;

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

export function SettingsView({
  settings,
  busy,
  message,
  onChange,
  onChangePassphrase,
  onRekey,
  clipboardHistory,
  kdf,
  kdfTimes,
  onStrength,
  onBackup,
  mergeForm,
  commandLine,
  onBack,
}: Props) {
  const [strength_, setStrength] = useState<KdfPreset>(kdf?.preset ?? 'standard');
  const [strengthPassphrase, setStrengthPassphrase] = useState('');
  // The vault's strength arrives after the screen opens: start from it once known.
  useEffect(() => {
    if (kdf?.preset) setStrength(kdf.preset);
  }, [kdf?.preset]);
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
      <p class="muted">{clipboardHistory}</p>
      <label class="field">
        Rotation reminder (days)
        <input
          type="number"
          min={1}
          max={3650}
          value={settings.rotationDays}
          onChange={(event) => {
            const days = Number(event.currentTarget.value);
            if (validDays(days)) onChange({ rotationDays: days });
          }}
        />
      </label>
      <details class="nested">
        <summary>Rotation reminder per kind</summary>
        <p class="muted">Empty: every {settings.rotationDays} days, as above.</p>
        <div class="per-kind">
          {KINDS.map((kind) => (
            <label key={kind} class="field">
              {`${KIND_LABELS[kind]} (days)`}
              <input
                type="number"
                min={1}
                max={3650}
                placeholder={String(settings.rotationDays)}
                value={settings.rotationDaysByKind[kind] ?? ''}
                onChange={(event) => {
                  const text = event.currentTarget.value.trim();
                  const days = Number(text);
                  if (!text) onChange({ rotationDaysByKind: { [kind]: null } });
                  else if (validDays(days)) onChange({ rotationDaysByKind: { [kind]: days } });
                }}
              />
            </label>
          ))}
        </div>
      </details>
      <form
        class="screen nested"
        aria-label="Key derivation strength"
        onSubmit={(event) => {
          event.preventDefault();
          if (busy || !strengthPassphrase) return;
          void onStrength(strengthPassphrase, strength_).then((done) => done && setStrengthPassphrase(''));
        }}
      >
        <h2>Key derivation strength</h2>
        <p class="muted">
          {kdf
            ? `Now: ${kdf.memoryKiB / 1024} MiB, ${kdf.iterations} passes. Stronger makes each guess at your passphrase cost an attacker more, and each unlock cost you more.`
            : 'Reading the vault…'}
        </p>
        <fieldset>
          <legend>Strength</legend>
          {KDF_PRESET_IDS.map((id) => (
            <label key={id} class="choice">
              <input
                type="radio"
                name="strength"
                value={id}
                checked={strength_ === id}
                onChange={() => setStrength(id)}
              />
              <span>
                {KDF_PRESETS[id].label}
                <span class="muted">
                  {kdfTimes ? ` · unlock takes about ${seconds(kdfTimes[id])} here` : ' · measuring the unlock time…'}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        <PassphraseField
          label="Passphrase to apply it"
          value={strengthPassphrase}
          onInput={setStrengthPassphrase}
          autoComplete="current-password"
        />
        <button type="submit" disabled={busy || !strengthPassphrase || strength_ === kdf?.preset}>
          Apply strength
        </button>
      </form>
      <form
        class="screen nested"
        onSubmit={(event) => {
          event.preventDefault();
          if (busy || !strength.acceptable || next !== confirm || !current) return;
          void onChangePassphrase(current, next).then((done) => {
            if (!done) return;
            setCurrent('');
            setNext('');
            setConfirm('');
          });
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
      <RekeyForm busy={busy} onRekey={onRekey} />
      <section class="screen nested" aria-label="Backup">
        <h2>Backup</h2>
        <p class="muted">
          An encrypted file of the whole vault. It opens with this vault's passphrase, on any machine: restore it when
          you create a vault, or merge it into one.
        </p>
        <button type="button" onClick={onBackup}>
          Download backup
        </button>
        {mergeForm}
      </section>
      {commandLine}
      <p role="status" class="notice">
        {message}
      </p>
    </div>
  );
}
