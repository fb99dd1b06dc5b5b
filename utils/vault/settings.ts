import { KIND_LABELS, type Kind } from '../kinds';
import { rotates, rotationDaysFor } from '../rotation';
import { modifyCredentials } from './credential-sets';
import { DAY_MS, DEFAULT_ROTATION_DAYS, type VaultDb } from './db';
import { SETTING_RANGES } from './limits';
import type { Settings, SettingsChange } from './types';

/**
 * The user's settings, stored as plain numbers (one row each) so the auto-lock timeout
 * and the rotation periods are known while the vault is locked.
 */
export const DEFAULT_SETTINGS: Settings = {
  autoLockSeconds: 15 * 60,
  clipboardClearSeconds: 30,
  rotationDays: DEFAULT_ROTATION_DAYS,
  rotationDaysByKind: {},
};

/** A kind's own rotation period is the row `rotationDays.<kind>`. */
const KIND_ROTATION_KEY = 'rotationDays.';

type NumericSetting = Exclude<keyof Settings, 'rotationDaysByKind'>;

const clamp = (value: number, { min, max }: { min: number; max: number }) =>
  Math.min(max, Math.max(min, Math.round(value)));

/**
 * A stored value within the range Settings offers (limits.ts): a tampered or old profile
 * cannot keep the clipboard from being cleared or the vault from locking. Clearing the
 * clipboard "never" (0) is a choice Settings offers; anything else below the range is not.
 */
function inRange(key: NumericSetting, value: number): number {
  if (key === 'clipboardClearSeconds' && value === 0) return 0;
  return clamp(value, SETTING_RANGES[key]);
}

/**
 * The stored settings over the defaults, clamped to their ranges; rows of unknown keys or
 * kinds, or not numbers, are ignored.
 */
export async function readSettings(db: VaultDb): Promise<Settings> {
  const rows = await db.settings.toArray();
  const settings: Settings = { ...DEFAULT_SETTINGS, rotationDaysByKind: {} };
  for (const { key, value } of rows) {
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    if (key.startsWith(KIND_ROTATION_KEY)) {
      const kind = key.slice(KIND_ROTATION_KEY.length);
      if (Object.hasOwn(KIND_LABELS, kind))
        settings.rotationDaysByKind[kind as Kind] = clamp(value, SETTING_RANGES.rotationDays);
    } else if (Object.hasOwn(DEFAULT_SETTINGS, key) && key !== 'rotationDaysByKind') {
      settings[key as NumericSetting] = inRange(key as NumericSetting, value);
    }
  }
  return settings;
}

/**
 * Saves settings. A new rotation period moves the due dates of the credentials it covers,
 * in the same transaction, so the badge and reminders follow at once.
 */
export async function writeSettings(db: VaultDb, changes: SettingsChange): Promise<void> {
  const { rotationDaysByKind = {}, ...plain } = changes;
  const puts = Object.entries(plain)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ({ key, value: value as number }));
  const removals: string[] = [];
  for (const [kind, days] of Object.entries(rotationDaysByKind)) {
    if (days === null || days === undefined) removals.push(KIND_ROTATION_KEY + kind);
    else puts.push({ key: KIND_ROTATION_KEY + kind, value: days });
  }
  const rotationChanged = changes.rotationDays !== undefined || Object.keys(rotationDaysByKind).length > 0;
  await db.transaction('rw', [db.settings, db.credentialSets, db.credentialDirectory], async () => {
    await db.settings.bulkPut(puts);
    await db.settings.bulkDelete(removals);
    if (!rotationChanged) return;
    const settings = await readSettings(db);
    // A date the user set by hand stays; a kind that never rotates has none.
    await modifyCredentials(db, (c) => {
      if (!rotates(c.kind) || c.rotateBy !== undefined) return c;
      const dueAt = c.createdAt + rotationDaysFor(settings, c.kind) * DAY_MS;
      return dueAt === c.dueAt ? c : { ...c, dueAt };
    });
  });
}
