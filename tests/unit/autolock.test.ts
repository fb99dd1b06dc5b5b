import { afterEach, describe, expect, it, vi } from 'vitest';
import { AUTOLOCK_ALARM, createAutoLock } from '@/utils/background/autolock';
import { makeVault, PASSPHRASE } from './helpers/vault';

function fakeApis() {
  return {
    alarms: { create: vi.fn(), clear: vi.fn() },
    idle: { setDetectionInterval: vi.fn() },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('auto-lock', () => {
  it('locks at once when the screen locks, and when the machine has been idle for the timeout', async () => {
    for (const state of ['locked', 'idle']) {
      const { vault } = makeVault();
      await vault.create(PASSPHRASE);
      const autoLock = createAutoLock(vault, fakeApis());
      autoLock.onIdleStateChanged(state);
      await vi.waitFor(async () => expect(await vault.status()).toMatchObject({ locked: true }));
    }
  });

  it('stays locked when activity is recorded while it locks, and keeps the new key through a re-key', async () => {
    const { vault, session } = makeVault();
    await vault.create(PASSPHRASE);
    await Promise.all([vault.touch(), vault.lock()]);
    expect(await vault.status()).toMatchObject({ locked: true });
    expect(await session.get()).toBeUndefined();

    await vault.unlock(PASSPHRASE);
    await Promise.all([vault.rekey(PASSPHRASE, `${PASSPHRASE} again`), vault.touch(), vault.touch()]);
    expect(await vault.list()).toHaveLength(0);
  });

  it('stays unlocked when the machine becomes active again', async () => {
    const { vault } = makeVault();
    await vault.create(PASSPHRASE);
    createAutoLock(vault, fakeApis()).onIdleStateChanged('active');
    expect(await vault.status()).toMatchObject({ locked: false });
  });

  it('sets an alarm for the deadline (to wake a stopped worker) and the idle interval from the setting', async () => {
    const { vault, clock } = makeVault();
    await vault.create(PASSPHRASE);
    await vault.updateSettings({ autoLockSeconds: 600 });
    const apis = fakeApis();
    await createAutoLock(vault, apis).reschedule();
    expect(apis.alarms.create).toHaveBeenCalledWith(AUTOLOCK_ALARM, { when: clock.now + 600_000 });
    expect(apis.idle.setDetectionInterval).toHaveBeenCalledWith(600);
  });

  it('locks when the alarm fires past the deadline, and clears the alarm once locked', async () => {
    const { vault, clock } = makeVault();
    await vault.create(PASSPHRASE);
    const apis = fakeApis();
    const autoLock = createAutoLock(vault, apis);
    clock.now += 15 * 60_000;
    autoLock.onAlarm({ name: AUTOLOCK_ALARM });
    await vi.waitFor(() => expect(apis.alarms.clear).toHaveBeenCalledWith(AUTOLOCK_ALARM));
    expect(await vault.status()).toMatchObject({ locked: true });
  });
});
