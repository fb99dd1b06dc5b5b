import type { Vault } from '../vault/vault';

export const AUTOLOCK_ALARM = 'oncekey.autolock';

export interface AutoLockApis {
  alarms: {
    create(name: string, info: { when: number }): unknown;
    clear(name: string): unknown;
  };
  idle: { setDetectionInterval(seconds: number): void };
}

/**
 * Locks the vault after the idle timeout and when the screen locks. A timer covers the
 * exact deadline while the service worker is alive; an alarm wakes it if it was stopped
 * (Chrome may delay alarms under 30 s). The vault itself also refuses a session past its
 * deadline, so a late timer never leaves a key usable.
 */
export function createAutoLock(vault: Vault, apis: AutoLockApis) {
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function reschedule(): Promise<void> {
    clearTimeout(timer);
    const deadline = await vault.lockDeadline();
    if (deadline === undefined) {
      await apis.alarms.clear(AUTOLOCK_ALARM);
      return;
    }
    const { autoLockSeconds } = await vault.settings();
    timer = setTimeout(() => void check(), Math.max(0, deadline - Date.now()) + 25);
    await apis.alarms.create(AUTOLOCK_ALARM, { when: deadline });
    // The idle API's minimum interval is 15 s.
    apis.idle.setDetectionInterval(Math.max(15, autoLockSeconds));
  }

  async function check(): Promise<void> {
    await vault.status(); // locks a session past its deadline
    await reschedule();
  }

  return {
    reschedule,
    onAlarm(alarm: { name: string }) {
      if (alarm.name === AUTOLOCK_ALARM) void check();
    },
    onIdleStateChanged(state: string) {
      // 'locked': the screen locked. 'idle': no input to the machine for the timeout. Only an
      // unlocked vault is locked: with none, or a locked one, open pages hear nothing (the
      // first-run screen would otherwise turn into "OnceKey is locked", its form emptied).
      if (state === 'locked' || state === 'idle')
        void vault
          .lockDeadline()
          .then((deadline) => (deadline === undefined ? undefined : vault.lock()))
          .then(reschedule);
    },
  };
}
