import type { ExportFormat } from './shared';

/**
 * Why Bruno cannot hold a value as written, or undefined. Established against Bruno's own parser,
 * `bruToEnvJsonV2` of @usebruno/lang 0.39 (tests/unit/export-consumers.test.ts): a value is one line after
 * `NAME: `, trimmed of the white space JavaScript trims, so a line break or white space at either end would
 * not come back; `'''` can start a multi-line block; and Bruno replaces `{{name}}` with a variable wherever a value is used.
 */
function bruRefuses(value: string): string | undefined {
  if (/[\r\n]/.test(value)) return 'contains a line break, which a Bruno environment line cannot hold';
  if (value.trim() !== value) return 'starts or ends with white space, which Bruno trims';
  // `'''` then a line break opens a multi-line block: a value ending in `'''` breaks the file.
  if (value.includes("'''")) return "contains ''', which Bruno reads as the start of a multi-line block";
  if (value.includes('{{')) return 'contains {{, which Bruno reads as a variable wherever the value is used';
  return undefined;
}

/**
 * A Bruno environment: the file Bruno keeps as `environments/<name>.bru` in a collection, one `NAME: value`
 * line per credential in a `vars` block. Not `vars:secret`, which holds names only (Bruno keeps secret values
 * outside the file), so the values would not arrive. The format has no comments, so no header.
 */
export const bruno: ExportFormat<'bruno'> = {
  id: 'bruno',
  label: 'Bruno environment',
  name: 'Bruno environment',
  extension: 'bru',
  mime: 'text/plain',
  refuse: (_name, value) => bruRefuses(value),
  write(variables) {
    return `vars {\n${variables.map((item) => `  ${item.name}: ${item.value}\n`).join('')}}\n`;
  },
};
