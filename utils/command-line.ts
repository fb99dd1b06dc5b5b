/**
 * A command line as the user would type it, for the approval page and the App's history:
 * `python3 -c 'print(1)'`. An argument is written bare when a POSIX shell would read it
 * so, single-quoted otherwise, and in `$'…'` with escapes when it holds a control or an
 * invisible formatting character (a right-to-left override could otherwise make
 * `node evil.js` look like something else on the approval page).
 */

const BARE = /^[A-Za-z0-9_@%+=:,./-]+$/;
const HIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

function escaped(arg: string): string {
  let out = '';
  for (const char of arg) {
    const code = char.codePointAt(0) ?? 0;
    if (char === "'" || char === '\\') out += `\\${char}`;
    else if (HIDDEN.test(char))
      out += code > 0xffff ? `\\U${code.toString(16).padStart(8, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `$'${out}'`;
}

/** One argument, quoted as a shell would need it. */
export function shellWord(arg: string): string {
  if (BARE.test(arg)) return arg;
  if (HIDDEN.test(arg)) return escaped(arg);
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/**
 * A folder or a name from the command line as it is, unless it holds a control or invisible
 * formatting character: then escaped, as `shellWord` does (a right-to-left override could
 * make one folder read as another on the approval page).
 */
export const visibleText = (text: string): string => (HIDDEN.test(text) ? escaped(text) : text);

/** The whole command line, one shell word per argument. */
export function commandText(argv: readonly string[]): string {
  return argv.map(shellWord).join(' ');
}
