import { describe, expect, it, vi } from 'vitest';
import { createHourly, HOURLY_ALARM } from '@/utils/background/hourly';

describe('the hourly alarm', () => {
  it('refreshes the badge, the reminder and the trash every hour, and not on another alarm', async () => {
    const kept = new Map<string, object>();
    const alarms = {
      create: vi.fn(async (name: string, info: { periodInMinutes: number }) => void kept.set(name, info)),
      get: async (name: string) => kept.get(name),
    };
    const tasks = [vi.fn(async () => {}), vi.fn(async () => {})];
    const hourly = createHourly(alarms, tasks);
    await hourly.start();
    expect(alarms.create).toHaveBeenCalledWith(HOURLY_ALARM, { periodInMinutes: 60 });
    // Every later start of the background leaves the alarm's hour running: created again, it
    // would start over, and a background woken more often than hourly would never see it fire.
    await createHourly(alarms, tasks).start();
    expect(alarms.create).toHaveBeenCalledTimes(1);

    hourly.onAlarm({ name: 'oncekey.autolock' });
    for (const task of tasks) expect(task).not.toHaveBeenCalled();
    hourly.onAlarm({ name: HOURLY_ALARM });
    for (const task of tasks) expect(task).toHaveBeenCalledTimes(1);
  });
});
