import { isoDay } from '../rotation';
import { FORMATS, type FormatId } from './formats/list';

// The popup's words for exports.

/** What the buttons call each format: "Copy .env", "Download JSON" (each format's `name`). */
export const FORMAT_NAMES = Object.fromEntries(FORMATS.map((f) => [f.id, f.name])) as Record<FormatId, string>;

/** "exported .env is stale since 2026-11-20": a credential in the last export was regenerated. */
export function staleNotes(app: { exports: { format: string; staleSince?: number }[] }): string[] {
  return app.exports
    .filter((e) => e.staleSince !== undefined)
    .map(
      (e) => `exported ${FORMAT_NAMES[e.format as FormatId] ?? e.format} is stale since ${isoDay(e.staleSince ?? 0)}`,
    );
}
