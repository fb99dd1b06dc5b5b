import { isoDay } from '../rotation';
import type { FormatId } from './formats';

// The popup's words for exports; apart from formats.ts, which only the background needs whole.

/** What the buttons call each format: "Copy .env", "Download JSON". */
export const FORMAT_NAMES: Record<FormatId, string> = {
  env: '.env',
  shell: 'shell script',
  json: 'JSON',
  postman: 'Postman environment',
  insomnia: 'Insomnia file',
};

/** "exported .env is stale since 2026-11-20": a credential in the last export was regenerated. */
export function staleNotes(app: { exports: { format: string; staleSince?: number }[] }): string[] {
  return app.exports
    .filter((e) => e.staleSince !== undefined)
    .map(
      (e) => `exported ${FORMAT_NAMES[e.format as FormatId] ?? e.format} is stale since ${isoDay(e.staleSince ?? 0)}`,
    );
}
