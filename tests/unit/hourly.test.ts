import { describe, expect, it, vi } from 'vitest';
import { createHourly, HOURLY_ALARM } from '@/utils/background/hourly';

describe('the hourly alarm', () => {
  it('refreshes the badge, the reminder and the trash every hour, and not on another alarm', () => {
    const alarms = { create: vi.fn(async () => {}) };
    const tasks = [vi.fn(async () => {}), vi.fn(async () => {})];
    const hourly = createHourly(alarms, tasks);
    hourly.start();
    expect(alarms.create).toHaveBeenCalledWith(HOURLY_ALARM, { periodInMinutes: 60 });

    hourly.onAlarm({ name: 'oncekey.autolock' });
    for (const task of tasks) expect(task).not.toHaveBeenCalled();
    hourly.onAlarm({ name: HOURLY_ALARM });
    for (const task of tasks) expect(task).toHaveBeenCalledTimes(1);
  });
});
