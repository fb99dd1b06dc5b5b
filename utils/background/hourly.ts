/**
 * One alarm an hour for what time alone changes: due dates pass, the daily reminder comes
 * round, trashed records age out. The name dates from when it only refreshed the badge; it is
 * kept, as a renamed alarm would leave the old one firing wherever the browser kept it.
 */
export const HOURLY_ALARM = 'oncekey.badge';

export interface HourlyApis {
  create(name: string, info: { periodInMinutes: number }): Promise<void>;
}

/** Runs each task, side by side, every time the hourly alarm fires. */
export function createHourly(alarms: HourlyApis, tasks: (() => Promise<unknown>)[]) {
  return {
    start: () => void alarms.create(HOURLY_ALARM, { periodInMinutes: 60 }),
    onAlarm(alarm: { name: string }) {
      if (alarm.name !== HOURLY_ALARM) return;
      for (const task of tasks) void task();
    },
  };
}
