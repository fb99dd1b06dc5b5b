/**
 * One alarm an hour for what time alone changes: due dates pass, the daily reminder comes
 * round, trashed records age out. The name dates from when it only refreshed the badge; it is
 * kept, as a renamed alarm would leave the old one firing wherever the browser kept it.
 */
export const HOURLY_ALARM = 'oncekey.badge';

export interface HourlyApis {
  create(name: string, info: { periodInMinutes: number }): Promise<void>;
  get(name: string): Promise<unknown>;
}

/**
 * Runs each task, side by side, every time the hourly alarm fires. `start` runs at every start
 * of the background: it creates the alarm only if the browser has none, since creating it
 * again starts its hour again, and a service worker that the user's activity wakes more often
 * than hourly would never see it fire.
 */
export function createHourly(alarms: HourlyApis, tasks: (() => Promise<unknown>)[]) {
  return {
    start: async () => {
      if (!(await alarms.get(HOURLY_ALARM))) await alarms.create(HOURLY_ALARM, { periodInMinutes: 60 });
    },
    onAlarm(alarm: { name: string }) {
      if (alarm.name !== HOURLY_ALARM) return;
      for (const task of tasks) void task();
    },
  };
}
