import { useId, useState } from 'preact/hooks';
import { FORMATS, type FormatId, isValidPrefix, PRESETS, type PresetId, variableNames } from '@/utils/export/formats';
import { FORMAT_NAMES, staleNotes } from '@/utils/export/labels';
import type { Kind } from '@/utils/kinds';
import type { AppSummary } from '@/utils/vault/types';
import { doctorLines, kindLabel } from './CredentialRow';
import { Notice } from './Notice';
import { type SnippetChoice, SnippetForm } from './SnippetForm';
import { appTitle } from './VaultView';

export interface ExportChoice {
  format: FormatId;
  preset: PresetId;
  customPrefix?: string;
  credentialIds: string[];
}

interface Props {
  app: AppSummary;
  notice?: string;
  /** Why the export was refused: one sentence per credential it could not write exactly. */
  problems?: string[];
  busy?: boolean;
  onCopy: (choice: ExportChoice) => void;
  onDownload: (choice: ExportChoice) => void;
  onBack: () => void;
  /** Copy as code, with the naming chosen above. */
  onCopySnippet?: (choice: SnippetChoice & { preset: PresetId; customPrefix?: string }) => void;
}

/** One App's credentials as a .env file (or another format), copied or downloaded. */
export function ExportView({ app, notice, problems, busy, onCopy, onDownload, onBack, onCopySnippet }: Props) {
  const title = appTitle(app);
  const active = app.credentials.filter((c) => c.status === 'active');
  const [format, setFormat] = useState<FormatId>('env');
  const [preset, setPreset] = useState<PresetId>((app.exportPreset as PresetId | undefined) ?? 'x');
  const [prefix, setPrefix] = useState(app.exportPrefix ?? 'MY_APP_');
  const [chosen, setChosen] = useState(() => new Set(active.map((c) => c.id)));
  const ids = { format: useId(), preset: useId(), prefix: useId(), prefixHint: useId() };
  const prefixOk = preset !== 'custom' || isValidPrefix(prefix);
  const names = variableNames(preset, prefix);
  const choice: ExportChoice = {
    format,
    preset,
    credentialIds: active.filter((c) => chosen.has(c.id)).map((c) => c.id),
    ...(preset === 'custom' ? { customPrefix: prefix } : {}),
  };
  const ready = !busy && prefixOk && choice.credentialIds.length > 0;
  const name = FORMAT_NAMES[format];

  return (
    <div class="screen">
      <header class="bar">
        <h1>Export {title}</h1>
        <button type="button" onClick={onBack}>
          Back
        </button>
      </header>
      {staleNotes(app).map((text) => (
        <p key={text} class="stale">
          {text}
        </p>
      ))}
      {/* What the doctor warns of travels with the values: a token made with too little, one possibly stale. */}
      {app.credentials
        .filter((c) => c.status === 'active')
        .flatMap((c) => {
          const { drift, stale } = doctorLines(c, app);
          return [drift, stale].filter((t) => t !== undefined).map((t) => `${kindLabel(c.kind)}: ${t}`);
        })
        .map((text) => (
          <p key={text} class="stale export-warning" role="note">
            {text}
          </p>
        ))}
      <label class="field" for={ids.format}>
        Format
      </label>
      <select id={ids.format} value={format} onChange={(e) => setFormat(e.currentTarget.value as FormatId)}>
        {FORMATS.map((f) => (
          <option key={f.id} value={f.id}>
            {f.label}
          </option>
        ))}
      </select>
      <label class="field" for={ids.preset}>
        Variable names
      </label>
      <select id={ids.preset} value={preset} onChange={(e) => setPreset(e.currentTarget.value as PresetId)}>
        {PRESETS.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </select>
      {preset === 'custom' && (
        <>
          <label class="field" for={ids.prefix}>
            Prefix
          </label>
          <input
            id={ids.prefix}
            value={prefix}
            maxLength={40}
            spellcheck={false}
            aria-invalid={prefixOk ? undefined : true}
            aria-describedby={ids.prefixHint}
            onInput={(e) => setPrefix(e.currentTarget.value)}
          />
          <p id={ids.prefixHint} class={prefixOk ? 'muted' : 'error'} role={prefixOk ? undefined : 'alert'}>
            Upper-case letters, digits and underscores; not starting with a digit.
          </p>
        </>
      )}
      <fieldset>
        <legend>Credentials</legend>
        {active.map((c) => (
          <label key={c.id} class="choice">
            <input
              type="checkbox"
              checked={chosen.has(c.id)}
              onChange={(e) => {
                const next = new Set(chosen);
                if (e.currentTarget.checked) next.add(c.id);
                else next.delete(c.id);
                setChosen(next);
              }}
            />
            <span>
              {kindLabel(c.kind)} <span class="muted">as {names[c.kind as Kind] ?? c.kind}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {problems && problems.length > 0 && (
        <div role="alert" class="error">
          <p>Not exported:</p>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <div class="actions">
        <button type="button" class="primary" disabled={!ready} onClick={() => onCopy(choice)}>
          Copy {name}
        </button>
        <button type="button" disabled={!ready} onClick={() => onDownload(choice)}>
          Download {name}
        </button>
      </div>
      {onCopySnippet && (
        <SnippetForm
          disabled={busy === true || !prefixOk}
          onCopy={(s) => onCopySnippet({ ...s, preset, ...(preset === 'custom' ? { customPrefix: prefix } : {}) })}
        />
      )}
      <Notice text={notice} />
    </div>
  );
}
