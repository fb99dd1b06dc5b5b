/**
 * Export of selected credentials to files other tools read: a .env file, a shell script, plain JSON, a
 * Postman environment and an Insomnia import (one file each in formats/). Pure functions: no browser APIs
 * beyond `crypto.randomUUID` (for the ids Postman and Insomnia files carry), no storage.
 *
 * Every format refuses, rather than mangles, a value it cannot write so that its readers get it back
 * byte for byte: `exportAs` then answers `{ ok: false, problems }`, one sentence per offending credential,
 * naming its kind. Real X credentials ([A-Za-z0-9%_-]) are never refused and never quoted in a .env file.
 */
import { KIND_LABELS, KINDS } from '../kinds';
import { FORMATS, type FormatId } from './formats/list';
import { describeSource, type ExportSource, unwritable, type Variable } from './formats/shared';
import { findPreset, isValidPrefix, PREFIX_RULE, type PresetId, variableNames } from './presets';

export interface ExportOptions {
  preset: PresetId;
  customPrefix?: string;
  /** The export time, in ms since the epoch. */
  now: number;
}

export type ExportResult = { ok: true; text: string; fileName: string } | { ok: false; problems: string[] };

/** "My Bot!" → "my-bot.env"; a name with nothing usable → "oncekey.env". */
export function fileNameFor(appName: string | undefined, extension: string): string {
  const slug = (appName ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${slug || 'oncekey'}.${extension.replace(/^\.+/, '')}`;
}

/**
 * Renders the selected credentials in a format. Refuses (ok: false) an unknown format or preset, an invalid
 * custom prefix, an empty selection, two versions of one kind, and any value the format cannot hold exactly.
 */
export function exportAs(format: FormatId, source: ExportSource, options: ExportOptions): ExportResult {
  const found = FORMATS.find((f) => f.id === format);
  if (!found) return { ok: false, problems: [`Unknown export format: ${String(format)}.`] };
  if (!findPreset(options.preset))
    return { ok: false, problems: [`Unknown naming preset: ${String(options.preset)}.`] };
  const prefix = options.customPrefix ?? '';
  if (options.preset === 'custom' && !isValidPrefix(prefix)) {
    return { ok: false, problems: [`The prefix "${prefix}" is not valid: use ${PREFIX_RULE} characters.`] };
  }
  if (!Number.isFinite(options.now) || Number.isNaN(new Date(options.now).getTime())) {
    return { ok: false, problems: ['The export time is not a valid date.'] };
  }
  if (source.items.length === 0) return { ok: false, problems: ['No credentials are selected.'] };

  const problems: string[] = [];
  for (const kind of KINDS) {
    const count = source.items.filter((item) => item.kind === kind).length;
    if (count > 1) problems.push(`${count} versions of ${KIND_LABELS[kind]} are selected; select only one.`);
  }
  const unknown = source.items.filter((item) => !KINDS.includes(item.kind));
  for (const item of unknown) problems.push(`Unknown credential kind: ${String(item.kind)}.`);
  if (problems.length > 0) return { ok: false, problems };

  const names = variableNames(options.preset, prefix);
  const variables: Variable[] = [];
  for (const kind of KINDS) {
    const item = source.items.find((i) => i.kind === kind);
    if (!item) continue;
    const label = KIND_LABELS[kind];
    const reason = unwritable(item.value) ?? found.refuse?.(names[kind], item.value);
    if (reason) problems.push(`${label} ${reason}.`);
    else variables.push({ kind, label, name: names[kind], value: item.value });
  }
  if (problems.length > 0) return { ok: false, problems };

  const text = found.write(variables, describeSource(source, options.now));
  return { ok: true, text, fileName: fileNameFor(source.appName, found.extension) };
}
