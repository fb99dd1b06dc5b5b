/**
 * Export of selected credentials to files other tools read: a .env file, a shell script, plain JSON, a
 * Postman environment and an Insomnia import. Pure functions: no browser APIs beyond `crypto.randomUUID`
 * (for the ids Postman and Insomnia files carry), no storage.
 *
 * Every format refuses, rather than mangles, a value it cannot write so that its readers get it back
 * byte for byte: `exportAs` then answers `{ ok: false, problems }`, one sentence per offending credential,
 * naming its kind. Real X credentials ([A-Za-z0-9%_-]) are never refused and never quoted in a .env file.
 */
import { KIND_LABELS, KINDS, type Kind } from '../kinds';
import { findPreset, isValidPrefix, PREFIX_RULE, type PresetId, variableNames } from './presets';

export { isValidPrefix, PRESETS, type Preset, type PresetId, variableNames } from './presets';

export interface ExportItem {
  kind: Kind;
  value: string;
  version: number;
  createdAt: number;
}

export interface ExportSource {
  appName?: string;
  projectName?: string;
  portalAppId?: string;
  items: ExportItem[];
}

export type FormatId = 'env' | 'shell' | 'json' | 'postman' | 'insomnia';

export const FORMATS: readonly { id: FormatId; label: string; extension: string; mime: string }[] = [
  { id: 'env', label: '.env file', extension: 'env', mime: 'text/plain' },
  { id: 'shell', label: 'Shell script (export …)', extension: 'sh', mime: 'text/x-shellscript' },
  { id: 'json', label: 'JSON', extension: 'json', mime: 'application/json' },
  { id: 'postman', label: 'Postman environment', extension: 'postman_environment.json', mime: 'application/json' },
  { id: 'insomnia', label: 'Insomnia (import file)', extension: 'insomnia.json', mime: 'application/json' },
];

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
 * An App or project name made safe for a one-line comment: control characters (C0, DEL, C1) and the Unicode
 * line and paragraph separators become spaces — dotenv (both of its parsers) starts a new line at U+2028/U+2029,
 * so "a\u2028EVIL=1" in a comment would otherwise define EVIL — and runs of white space collapse.
 */
function oneLine(name: string | undefined): string {
  return (name ?? '')
    .replace(/[\p{Cc}\u2028\u2029]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const STALE_NOTE = 'Regenerating any of these in the X developer portal makes this file stale.';

interface Described {
  app: string;
  project: string;
  /** "App (Project)", "App", "(Project)" or "". */
  title: string;
  exportedAt: string;
}

function describeSource(source: ExportSource, now: number): Described {
  const app = oneLine(source.appName);
  const project = oneLine(source.projectName);
  const title = [app, project && `(${project})`].filter(Boolean).join(' ');
  return { app, project, title, exportedAt: new Date(now).toISOString() };
}

/** The comment block at the top of .env and shell files. Names only: never a value. */
function headerLines(described: Described): string[] {
  return [
    described.title ? `# OnceKey export: ${described.title}` : '# OnceKey export',
    `# Exported ${described.exportedAt.slice(0, 10)}`,
    `# ${STALE_NOTE}`,
    '',
  ];
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why no format can hold a value, or undefined. NUL: a shell variable cannot hold one (bash drops it) and no
 * tool reading these files expects one. A lone surrogate: the text is saved as UTF-8, where it becomes U+FFFD.
 */
function unwritable(value: string): string | undefined {
  if (value.includes('\0')) return 'contains a NUL character, which a shell variable cannot hold';
  if (LONE_SURROGATE.test(value)) {
    return 'contains an unpaired UTF-16 surrogate, which cannot be saved as UTF-8 and read back';
  }
  return undefined;
}

/**
 * Values written bare in a .env file: characters that dotenv (both its default and its `fast` parser),
 * dotenv-expand and a POSIX shell all read literally in an unquoted assignment. Every real X credential fits.
 */
const ENV_BARE = /^[A-Za-z0-9_.,:/@%+=-]*$/;

/** What sh would interpret inside double quotes besides `$`, which is refused anyway. */
const DOUBLE_QUOTE_CLASHES = [
  ['"', 'a double quote'],
  ['\\', 'a backslash'],
  ['`', 'a backtick'],
] as const;

const ENV_WHY = 'which a .env file cannot hold so that dotenv, dotenv-expand and a shell all read it back exactly';

/**
 * One `NAME=value` line of a .env file, or why the value cannot be written. Established against dotenv 18.0.10
 * (default and `fast` parsers), dotenv-expand 1000.0.0, bash 5.2 and dash (see tests/unit/export-formats.test.ts):
 *
 * - `[A-Za-z0-9_.,:/@%+=-]*` is written bare: `NAME=value` (the empty value too: `NAME=`).
 * - Anything else goes in single quotes, which dotenv and sh both take literally, newlines included, unless the
 *   value contains a `'` (nothing can escape one inside single quotes) or ends with a `\` (dotenv's parsers
 *   read `\'` as an escaped quote and run on into the next line when the next value starts with a newline).
 * - Such a value goes in double quotes if it has no `"`, `\` or backtick: sh would interpret those (and `$`)
 *   inside double quotes, and dotenv turns `\n` and `\r` there into control characters.
 * - Refused whatever the quoting: a carriage return (dotenv turns "\r" and "\r\n" into "\n" everywhere); a `$`
 *   (dotenv-expand 1000 expands `$NAME` and `${NAME}`, runs `$(…)` as a command and unescapes `\$` in every
 *   value, quoted or not, because it only sees parsed values); a value starting with "encrypted:" (which
 *   dotenv-expand decrypts, and fails on, when a DOTENV_PRIVATE_KEY is set).
 */
function envLine(name: string, value: string): { line: string } | { reason: string } {
  if (value.includes('\r')) {
    return { reason: 'contains a carriage return, which dotenv reads back as a newline' };
  }
  if (value.includes('$')) {
    return {
      reason: 'contains a "$", which dotenv-expand expands (and runs "$(…)" as a command) even inside quotes',
    };
  }
  if (value.startsWith('encrypted:')) {
    return { reason: 'starts with "encrypted:", which dotenv-expand tries to decrypt when a private key is set' };
  }
  if (ENV_BARE.test(value)) return { line: `${name}=${value}` };
  if (!value.includes("'")) {
    if (value.endsWith('\\')) return { reason: `ends with a backslash, ${ENV_WHY}` };
    return { line: `${name}='${value}'` };
  }
  const clash = DOUBLE_QUOTE_CLASHES.find(([character]) => value.includes(character));
  if (clash) return { reason: `contains a single quote and ${clash[1]}, ${ENV_WHY}` };
  return { line: `${name}="${value}"` };
}

/** Why a format in particular cannot hold a value, or undefined. Only .env files have such limits. */
function formatReason(format: FormatId, name: string, value: string): string | undefined {
  if (format !== 'env') return undefined;
  const result = envLine(name, value);
  return 'reason' in result ? result.reason : undefined;
}

/** POSIX single quoting: literal to every sh, with `'\''` for an embedded quote. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

interface Named {
  kind: Kind;
  label: string;
  name: string;
  value: string;
}

function randomHex32(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

/** Call only with values `envLine` accepts. */
function renderEnv(named: Named[], described: Described): string {
  const lines = headerLines(described);
  for (const item of named) {
    const result = envLine(item.name, item.value);
    if ('line' in result) lines.push(result.line);
  }
  return `${lines.join('\n')}\n`;
}

function renderShell(named: Named[], described: Described): string {
  const lines = headerLines(described);
  for (const item of named) lines.push(`export ${item.name}=${shellQuote(item.value)}`);
  return `${lines.join('\n')}\n`;
}

function credentialsObject(named: Named[]): Record<string, string> {
  const credentials: Record<string, string> = {};
  for (const item of named) credentials[item.name] = item.value;
  return credentials;
}

/**
 * Plain JSON: metadata, then the credentials as an object of variable names to values (in the order of KINDS),
 * so `JSON.parse(text).credentials` is ready to merge into an environment:
 * `{ "exportedBy": "OnceKey", "exportedAt": ISO, "app"?, "project"?, "portalAppId"?, "note", "credentials": {…} }`.
 */
function renderJson(named: Named[], described: Described, source: ExportSource): string {
  const portalAppId = oneLine(source.portalAppId);
  const document = {
    exportedBy: 'OnceKey',
    exportedAt: described.exportedAt,
    ...(described.app ? { app: described.app } : {}),
    ...(described.project ? { project: described.project } : {}),
    ...(portalAppId ? { portalAppId } : {}),
    note: STALE_NOTE,
    credentials: credentialsObject(named),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function environmentName(described: Described): string {
  return described.app ? `${described.app} (OnceKey)` : 'OnceKey export';
}

/** A Postman environment, as Postman exports one and imports it (Import → file); every value typed "secret". */
function renderPostman(named: Named[], described: Described): string {
  const document = {
    id: crypto.randomUUID(),
    name: environmentName(described),
    values: named.map((item) => ({ key: item.name, value: item.value, type: 'secret', enabled: true })),
    _postman_variable_scope: 'environment',
    _postman_exported_at: described.exportedAt,
    _postman_exported_using: 'OnceKey',
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * An Insomnia export (format 4, which current Insomnia still imports) holding a collection workspace, its base
 * environment (empty) and one private sub-environment with the credentials.
 *
 * Why that shape: imported into a project, Insomnia creates the workspace, its base environment and the
 * sub-environment (made active). Imported into an existing collection, Insomnia adds every environment whose
 * parentId is an environment as a new sub-environment of that collection's base environment, and ignores a base
 * environment whose parentId is a real workspace id — whereas a base environment with parentId
 * "__WORKSPACE_ID__" would overwrite the data of the collection's own base environment. Private
 * (`isPrivate: true`) keeps Insomnia from syncing the secrets. Ids follow Insomnia's `<prefix>_<32 hex>`.
 */
function renderInsomnia(named: Named[], described: Described, now: number): string {
  const workspaceId = `wrk_${randomHex32()}`;
  const baseEnvironmentId = `env_${randomHex32()}`;
  const name = environmentName(described);
  const stamp = { created: now, modified: now };
  const document = {
    _type: 'export',
    __export_format: 4,
    __export_date: described.exportedAt,
    __export_source: 'oncekey',
    resources: [
      {
        _id: workspaceId,
        _type: 'workspace',
        parentId: null,
        name,
        description: `Exported from OnceKey. ${STALE_NOTE}`,
        scope: 'collection',
        ...stamp,
      },
      {
        _id: baseEnvironmentId,
        _type: 'environment',
        parentId: workspaceId,
        name: 'Base Environment',
        data: {},
        dataPropertyOrder: null,
        color: null,
        isPrivate: false,
        metaSortKey: now,
        ...stamp,
      },
      {
        _id: `env_${randomHex32()}`,
        _type: 'environment',
        parentId: baseEnvironmentId,
        name,
        data: credentialsObject(named),
        dataPropertyOrder: { '&': named.map((item) => item.name) },
        color: null,
        isPrivate: true,
        metaSortKey: now,
        ...stamp,
      },
    ],
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * Renders the selected credentials in a format. Refuses (ok: false) an unknown format or preset, an invalid
 * custom prefix, an empty selection, two versions of one kind, and any value the format cannot hold exactly.
 */
export function exportAs(format: FormatId, source: ExportSource, options: ExportOptions): ExportResult {
  const formatInfo = FORMATS.find((f) => f.id === format);
  if (!formatInfo) return { ok: false, problems: [`Unknown export format: ${String(format)}.`] };
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
  const named: Named[] = [];
  for (const kind of KINDS) {
    const item = source.items.find((i) => i.kind === kind);
    if (!item) continue;
    const label = KIND_LABELS[kind];
    const reason = unwritable(item.value) ?? formatReason(format, names[kind], item.value);
    if (reason) problems.push(`${label} ${reason}.`);
    else named.push({ kind, label, name: names[kind], value: item.value });
  }
  if (problems.length > 0) return { ok: false, problems };

  const described = describeSource(source, options.now);
  let text: string;
  switch (format) {
    case 'env':
      text = renderEnv(named, described);
      break;
    case 'shell':
      text = renderShell(named, described);
      break;
    case 'json':
      text = renderJson(named, described, source);
      break;
    case 'postman':
      text = renderPostman(named, described);
      break;
    case 'insomnia':
      text = renderInsomnia(named, described, options.now);
      break;
  }
  return { ok: true, text, fileName: fileNameFor(source.appName, formatInfo.extension) };
}
