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

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The calendar day of a time where the user is (YYYY-MM-DD): what a date input shows and takes. */
export function localDay(at: number): string {
  const d = new Date(at);
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The local midnight that starts the day after `day` (any time in it): its end, DST included. */
export function endOfDay(day: Date): Date {
  const next = new Date(day.getTime());
  next.setHours(0, 0, 0, 0);
  next.setDate(next.getDate() + 1);
  return next;
}

/**
 * A "rotate by" day (YYYY-MM-DD, as a date input gives it) as a due date: rotate by the end
 * of that day where the user is, so it is overdue only once the day is over. NaN if not a day.
 */
export function rotateByAt(day: string): number {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!parts) return Number.NaN;
  const [year, month, date] = parts.slice(1).map(Number) as [number, number, number];
  const start = new Date(2000, 0, 1);
  start.setFullYear(year, month - 1, date);
  // 2026-02-31 would roll over into March.
  if (start.getFullYear() !== year || start.getMonth() !== month - 1 || start.getDate() !== date) return Number.NaN;
  return endOfDay(start).getTime();
}

/** The day a "rotate by" date was picked for: that of its due date's last moment, where the user is. */
export const rotateByDay = (dueAt: number) => localDay(dueAt - 1);

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

/** Days since the epoch of a time's local calendar day: calendar days apart, whatever DST does. */
const dayNumber = (at: number) => {
  const d = new Date(at);
  return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / DAY_MS;
};

/**
 * "rotate in 5 days", "rotate today", "overdue by 3 days". Overdue from the due date on, as
 * rotationState says; before, counted in calendar days to the day of its last moment, where
 * the user is (a "rotate by" day is due when it ends: "rotate today" all that day).
 */
export function dueText(dueAt: number, now: number): string {
  if (dueAt <= now) {
    const days = Math.floor((now - dueAt) / DAY_MS);
    if (days < 1) return 'overdue by less than a day';
    return `overdue by ${days} day${days === 1 ? '' : 's'}`;
  }
  const days = dayNumber(dueAt - 1) - dayNumber(now);
  if (days > 1) return `rotate in ${days} days`;
  if (days === 1) return 'rotate by tomorrow';
  return 'rotate today';
}

/** How many active credentials are past their due date: the toolbar badge's count. */
export function overdueCount(credentials: { status: string; dueAt?: number }[], now: number): number {
  return credentials.filter((c) => c.status === 'active' && c.dueAt !== undefined && c.dueAt <= now).length;
}
