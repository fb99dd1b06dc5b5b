import { type ExportFormat, headerLines } from './shared';

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

/** A .env file: the header comment, then one `NAME=value` line per credential. */
export const env: ExportFormat<'env'> = {
  id: 'env',
  label: '.env file',
  name: '.env',
  extension: 'env',
  mime: 'text/plain',
  refuse(name, value) {
    const result = envLine(name, value);
    return 'reason' in result ? result.reason : undefined;
  },
  write(variables, described) {
    const lines = headerLines(described);
    for (const item of variables) {
      const result = envLine(item.name, item.value);
      if ('line' in result) lines.push(result.line);
    }
    return `${lines.join('\n')}\n`;
  },
};
