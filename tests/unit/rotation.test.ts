import { describe, expect, it } from 'vitest';
import { ageText, dueText, overdueCount, rotationState } from '@/utils/rotation';
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
});
