import { type ExportFormat, headerLines } from './shared';

/** POSIX single quoting: literal to every sh, with `'\''` for an embedded quote. */
function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** A script to source in sh: the header comment, then one `export NAME='value'` line per credential. */
export const shell: ExportFormat<'shell'> = {
  id: 'shell',
  label: 'Shell script (export …)',
  name: 'shell script',
  extension: 'sh',
  mime: 'text/x-shellscript',
  write(variables, described) {
    const lines = headerLines(described);
    for (const item of variables) lines.push(`export ${item.name}=${shellQuote(item.value)}`);
    return `${lines.join('\n')}\n`;
  },
};
