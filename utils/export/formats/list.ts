import { bruno } from './bruno';
import { env } from './env';
import { insomnia } from './insomnia';
import { json } from './json';
import { postman } from './postman';
import { shell } from './shell';

/**
 * Every export format, in the order the popup offers them. A new format is a file beside this one exporting an
 * `ExportFormat` (see shared.ts) and its entry here; its id, buttons, notices and history words follow.
 */
export const FORMATS = [env, shell, json, postman, insomnia, bruno] as const;

export type FormatId = (typeof FORMATS)[number]['id'];
