// Not from ./vault/db: that module brings Dexie, which the popup must not load.
export const DAY_MS = 24 * 60 * 60 * 1000;

/** The rotation period of a kind: its own, or the vault-wide one. */
export function rotationDaysFor(
  settings: { rotationDays: number; rotationDaysByKind: Partial<Record<string, number>> },
  kind: string,
): number {
  return settings.rotationDaysByKind[kind] ?? settings.rotationDays;
}

/**
 * Whether a kind is ever rotated. The Client ID is not a secret and never changes (the
 * portal keeps showing it): it gets no due date, no reminder and no place in the badge.
 */
export const rotates = (kind: string) => kind !== 'clientId';

/** Rotation states the popup shows: due within this many days counts as "due". */
export const DUE_SOON_DAYS = 14;

export type RotationState = 'fresh' | 'due' | 'overdue';

export function rotationState(dueAt: number, now: number): RotationState {
  if (now >= dueAt) return 'overdue';
  return dueAt - now <= DUE_SOON_DAYS * DAY_MS ? 'due' : 'fresh';
}

/** The calendar day of a time, in UTC (YYYY-MM-DD), so a record reads the same on every machine. */
export const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10);

function daysAgo(then: number, now: number): string {
  const days = Math.floor((now - then) / DAY_MS);
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  return `${days} days ago`;
}

/** "captured 3 days ago" for a first version, "regenerated 12 days ago" after that. */
export function ageText(createdAt: number, version: number, now: number): string {
  return `${version > 1 ? 'regenerated' : 'captured'} ${daysAgo(createdAt, now)}`;
}

/** "due in 5 days", "due today", "overdue by 3 days". */
export function dueText(dueAt: number, now: number): string {
  const days = Math.ceil((dueAt - now) / DAY_MS);
  if (days > 1) return `rotate in ${days} days`;
  if (days === 1) return 'rotate by tomorrow';
  if (days === 0) return 'rotate today';
  return `overdue by ${-days} day${days === -1 ? '' : 's'}`;
}

/** How many active credentials are past their due date: the toolbar badge's count. */
export function overdueCount(credentials: { status: string; dueAt?: number }[], now: number): number {
  return credentials.filter((c) => c.status === 'active' && c.dueAt !== undefined && c.dueAt <= now).length;
}
