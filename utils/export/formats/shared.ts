/**
 * What every export format builds on: the credentials it is given, the contract a format file fulfils, and the
 * text helpers several formats share. No browser APIs beyond `crypto.randomUUID`, no storage.
 */
import type { Kind } from '../../kinds';

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

/** A selected credential under the variable name its preset gives it. */
export interface Variable {
  kind: Kind;
  /** The kind in words, as in KIND_LABELS. */
  label: string;
  name: string;
  value: string;
}

/** The App and the export time, made safe to write into any format. */
export interface Described {
  app: string;
  project: string;
  portalAppId: string;
  /** "App (Project)", "App", "(Project)" or "". */
  title: string;
  exportedAt: string;
  /** The export time, in ms since the epoch. */
  now: number;
}

/**
 * One export format: a file in formats/ exporting one of these, listed once in formats/list.ts. Every format
 * refuses, rather than mangles, a value it cannot write, so that its readers get it back byte for byte.
 */
export interface ExportFormat<Id extends string = string> {
  id: Id;
  /** In the list of formats: ".env file". */
  label: string;
  /** In sentences: "Copy .env", "Copied .env", "exported .env is stale since …". */
  name: string;
  /** The file name's ending, without the leading dot: "env" gives "my-bot.env". */
  extension: string;
  mime: string;
  /** Why this format in particular cannot hold a value that `unwritable` let through, or undefined. */
  refuse?: (name: string, value: string) => string | undefined;
  /** The file's text. Called only with values every check accepted, in the order of KINDS. */
  write: (variables: Variable[], described: Described) => string;
}

/**
 * An App or project name made safe for a one-line comment: control characters (C0, DEL, C1) and the Unicode
 * line and paragraph separators become spaces — dotenv (both of its parsers) starts a new line at U+2028/U+2029,
 * so "a\u2028EVIL=1" in a comment would otherwise define EVIL — and runs of white space collapse.
 */
export function oneLine(name: string | undefined): string {
  return (name ?? '')
    .replace(/[\p{Cc}\u2028\u2029]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export const STALE_NOTE = 'Regenerating any of these in the X developer portal makes this file stale.';

export function describeSource(source: ExportSource, now: number): Described {
  const app = oneLine(source.appName);
  const project = oneLine(source.projectName);
  const title = [app, project && `(${project})`].filter(Boolean).join(' ');
  return {
    app,
    project,
    portalAppId: oneLine(source.portalAppId),
    title,
    exportedAt: new Date(now).toISOString(),
    now,
  };
}

/** The comment block at the top of .env and shell files. Names only: never a value. */
export function headerLines(described: Described): string[] {
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
export function unwritable(value: string): string | undefined {
  if (value.includes('\0')) return 'contains a NUL character, which a shell variable cannot hold';
  if (LONE_SURROGATE.test(value)) {
    return 'contains an unpaired UTF-16 surrogate, which cannot be saved as UTF-8 and read back';
  }
  return undefined;
}

/** Variable names to values, in the order given. */
export function credentialsObject(variables: Variable[]): Record<string, string> {
  const credentials: Record<string, string> = {};
  for (const item of variables) credentials[item.name] = item.value;
  return credentials;
}

/** What Postman and Insomnia call the environment they import. */
export function environmentName(described: Described): string {
  return described.app ? `${described.app} (OnceKey)` : 'OnceKey export';
}
