import { describe, expect, it } from 'vitest';
import {
  ageText,
  dueText,
  endOfDay,
  localDay,
  overdueCount,
  rotateByAt,
  rotateByDay,
  rotationState,
} from '@/utils/rotation';
import { DAY_MS } from '@/utils/vault/db';

const NOW = Date.UTC(2026, 10, 23, 12);

describe('rotation', () => {
  it('is fresh until 14 days before the due date, then due, then overdue', () => {
    expect(rotationState(NOW + 15 * DAY_MS, NOW)).toBe('fresh');
    expect(rotationState(NOW + 14 * DAY_MS, NOW)).toBe('due');
    expect(rotationState(NOW + 1, NOW)).toBe('due');
    expect(rotationState(NOW, NOW)).toBe('overdue');
  });

  it('says how old a credential is and when it is due, in words', () => {
    expect(ageText(NOW - 12 * DAY_MS, 2, NOW)).toBe('regenerated 12 days ago');
    expect(ageText(NOW - DAY_MS, 1, NOW)).toBe('captured yesterday');
    expect(ageText(NOW - 1000, 1, NOW)).toBe('captured today');
    expect(dueText(NOW + 5 * DAY_MS, NOW)).toBe('rotate in 5 days');
    expect(dueText(NOW - 3 * DAY_MS, NOW)).toBe('overdue by 3 days');
    expect(dueText(NOW - DAY_MS, NOW)).toBe('overdue by 1 day');
  });

  it('counts only active credentials past their due date', () => {
    const credentials = [
      { status: 'active', dueAt: NOW - 1 },
      { status: 'active', dueAt: NOW + DAY_MS },
      { status: 'superseded', dueAt: NOW - DAY_MS },
      { status: 'active', dueAt: NOW },
    ];
    expect(overdueCount(credentials, NOW)).toBe(2);
  });

  it('says overdue, never "rotate today", once the due date has passed, as the badge does', () => {
    expect(rotationState(NOW - 3600_000, NOW)).toBe('overdue');
    expect(dueText(NOW - 3600_000, NOW)).toBe('overdue by less than a day');
    expect(dueText(NOW, NOW)).toBe('overdue by less than a day');
    expect(dueText(NOW - 2 * DAY_MS - 1, NOW)).toBe('overdue by 2 days');
  });
});

/** Runs `check` with the process's time zone set to `zone`, then puts the one it had back. */
function inZone(zone: string, check: () => void) {
  const before = process.env.TZ;
  process.env.TZ = zone;
  try {
    // Node reads TZ again when it is set: make sure it did, or the test proves nothing.
    expect(new Date(2026, 11, 1).getTimezoneOffset()).not.toBe(0);
    check();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

/** A time's local calendar parts: year, month (0-based), day, hour, minute. */
const parts = (at: number) => {
  const d = new Date(at);
  return [d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()];
};

describe('a "rotate by" day', () => {
  it('ends at the local midnight that starts the next day, whatever time in it is given', () => {
    expect(parts(endOfDay(new Date(2026, 11, 1, 15, 30)).getTime())).toEqual([2026, 11, 2, 0, 0]);
    expect(parts(endOfDay(new Date(2026, 11, 31, 0, 0)).getTime())).toEqual([2027, 0, 1, 0, 0]);
    expect(parts(rotateByAt('2026-12-01'))).toEqual([2026, 11, 2, 0, 0]);
    expect(rotateByAt('2026-02-31')).toBeNaN();
    expect(rotateByAt('')).toBeNaN();
  });

  it('is due when the chosen day ends where the user is, and says "rotate today" all that day', () => {
    for (const zone of ['America/New_York', 'Pacific/Kiritimati', 'Europe/Berlin']) {
      inZone(zone, () => {
        const due = rotateByAt('2026-12-01');
        expect(parts(due)).toEqual([2026, 11, 2, 0, 0]);
        expect(rotateByDay(due)).toBe('2026-12-01');
        const morning = new Date(2026, 11, 1, 0, 1).getTime();
        const night = new Date(2026, 11, 1, 23, 59).getTime();
        expect(localDay(night)).toBe('2026-12-01');
        for (const now of [morning, night]) {
          expect(rotationState(due, now)).toBe('due');
          expect(dueText(due, now)).toBe('rotate today');
        }
        expect(dueText(due, new Date(2026, 10, 30, 23, 0).getTime())).toBe('rotate by tomorrow');
        expect(dueText(due, new Date(2026, 10, 23, 12, 0).getTime())).toBe('rotate in 8 days');
        expect(rotationState(due, new Date(2026, 11, 2, 0, 0).getTime())).toBe('overdue');
      });
    }
  });

  it('ends at local midnight across a change of clocks', () => {
    inZone('America/New_York', () => {
      // Clocks go back on 2026-11-01 and forward on 2026-03-08.
      expect(parts(rotateByAt('2026-10-31'))).toEqual([2026, 10, 1, 0, 0]);
      expect(parts(rotateByAt('2026-11-01'))).toEqual([2026, 10, 2, 0, 0]);
      expect(parts(rotateByAt('2026-03-08'))).toEqual([2026, 2, 9, 0, 0]);
    });
  });
});
